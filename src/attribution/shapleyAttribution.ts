import { z } from 'zod';
import { AudienceKitError, Seed, createRng, parseWith } from '../core/index.js';
import { shapleyFromGame, zetaTransform } from './internal/shapleyGame.js';
import { checkedTable, type JourneyInput, type JourneyTable } from './journeyTable.js';
import { creditList, type AttributionResult } from './result.js';

/** Largest number of channels for `mode: 'exact'` with the `conversionRate` game (2^20 coalitions). */
export const SHAPLEY_EXACT_MAX_CHANNELS = 20;

/** Options of {@link shapleyAttribution}. */
export const ShapleyOptionsSchema = z
  .object({
    /** The coalition value: `conversions` (default) or `conversionRate`. */
    coalitionValue: z.enum(['conversions', 'conversionRate']).default('conversions'),
    /** `exact` (default; up to 20 channels for conversionRate) or `sampled` permutations. */
    mode: z.enum(['exact', 'sampled']).default('exact'),
    /** Sampled mode: number of random permutations (default 2000). */
    samples: z.number().int().min(2).max(10_000_000).default(2000),
    /** Sampled mode: the seed (required there). */
    seed: Seed.optional(),
  })
  .strict()
  .refine((o) => o.mode !== 'sampled' || o.seed !== undefined, { message: "mode 'sampled' needs a seed", path: ['seed'] });
export type ShapleyOptions = z.input<typeof ShapleyOptionsSchema>;

/** Monte-Carlo standard error of a channel's sampled credit. */
export interface ShapleyStandardError { readonly channel: string; readonly conversions: number; readonly value: number }

export interface ShapleyResult extends AttributionResult<'shapley'> {
  readonly coalitionValue: 'conversions' | 'conversionRate';
  /** How the values were computed: the closed form (conversions), exact enumeration or sampled permutations. */
  readonly method: 'closedForm' | 'exact' | 'sampled';
  /** conversionRate: v(all channels), the rate the Shapley values sum to before scaling to the totals. */
  readonly grandCoalitionRate?: number;
  /** Sampled mode: the standard error of every channel's credit (scaled like the credit). */
  readonly standardErrors?: readonly ShapleyStandardError[];
  readonly samples?: number;
}

/** Distinct channel sets of the rows, summed: conversions, conversions + nulls, value. */
interface ChannelSets { readonly off: Int32Array; readonly ids: Int32Array; readonly conv: Float64Array; readonly tot: Float64Array; readonly val: Float64Array; readonly emptyTot: number }

function distinctSets(t: JourneyTable): ChannelSets {
  const nc = t.channels.length;
  const stamp = new Int32Array(nc).fill(-1);
  const key = new Map<string, number>();
  const off: number[] = [0], ids: number[] = [], conv: number[] = [], tot: number[] = [], val: number[] = [];
  const cur: number[] = [];
  let emptyTot = 0;
  for (let r = 0; r < t.conversions.length; r++) {
    const c = t.conversions[r]!, tt = c + t.nulls[r]!, v = t.values[r]!;
    if (tt === 0 && v === 0) continue;
    cur.length = 0;
    for (let i = t.offsets[r]!; i < t.offsets[r + 1]!; i++) {
      const ch = t.touches[i]!;
      if (stamp[ch] !== r) { stamp[ch] = r; cur.push(ch); }
    }
    if (cur.length === 0) { emptyTot += tt; continue; }
    cur.sort((a, b) => a - b);
    const k = cur.join(',');
    let s = key.get(k);
    if (s === undefined) {
      s = conv.length; key.set(k, s);
      for (const x of cur) ids.push(x);
      off.push(ids.length); conv.push(0); tot.push(0); val.push(0);
    }
    conv[s]! += c; tot[s]! += tt; val[s]! += v;
  }
  return { off: Int32Array.from(off), ids: Int32Array.from(ids), conv: Float64Array.from(conv), tot: Float64Array.from(tot), val: Float64Array.from(val), emptyTot };
}

/**
 * Shapley-value attribution: each channel's average marginal contribution to a coalition value
 * over all orders in which channels can join (Shapley 1953; for attribution Shao & Li 2011,
 * Dalessandro et al. 2012, Zhao et al. 2018).
 * - `coalitionValue: 'conversions'` (default): v(S) = conversions of the journeys whose set of
 *   distinct channels lies inside S. Its Shapley value has a closed form — each journey's
 *   conversions and value split equally over its distinct channels (Zhao et al. 2018) — used
 *   for any number of channels (`method: 'closedForm'`; `mode` does not matter).
 * - `coalitionValue: 'conversionRate'`: v(S) = conversions / (conversions + nulls) over the
 *   journeys whose channels lie inside S (0 where there are none; journeys with an empty path
 *   count in every coalition). The Shapley values are scaled so that they sum to the total
 *   conversions (value: the same game with value in the numerator, scaled to the total value).
 *   Credit can be negative (a channel whose journeys convert worse) and is reported, not clipped.
 *   `mode: 'exact'` (n ≤ 20): all 2^n coalition values by a subset-sum (zeta) transform over the
 *   distinct channel sets, then the Shapley sum, O(rows + n·2^n). `mode: 'sampled'`: `samples`
 *   random permutations (seeded) with a standard error per channel, O(samples · Σ|sets|).
 *
 * @param journeys - a {@link JourneyTable} or `Journey[]` (not mutated).
 * @param options - `coalitionValue`, `mode`, `samples`, `seed`.
 * @returns credit per channel (summing to the totals), plus `standardErrors` when sampled.
 * @throws AudienceKitError `INVALID_OPTION` (unknown game or mode, sampled without seed, exact
 *   conversionRate over more than 20 channels), `INVALID_INPUT` (bad journeys).
 * @example
 * shapleyAttribution([{ path: ['a', 'b', 'a'], conversions: 4 }, { path: ['a'], conversions: 2 }]).channels;
 * // => [{ channel: 'a', conversions: 4, value: 0, share: 0.667 }, { channel: 'b', conversions: 2, value: 0, share: 0.333 }]
 */
export function shapleyAttribution(journeys: JourneyInput, options: ShapleyOptions = {}): ShapleyResult {
  const o = parseWith(ShapleyOptionsSchema, options, 'shapleyAttribution options', 'INVALID_OPTION');
  const { table: t, total } = checkedTable(journeys);
  const nc = t.channels.length;
  const conv = new Float64Array(nc), val = new Float64Array(nc);

  if (o.coalitionValue === 'conversions') {
    const stamp = new Int32Array(nc).fill(-1);
    const { offsets, touches, conversions, values } = t;
    for (let r = 0; r < conversions.length; r++) {
      const cr = conversions[r]!, vr = values[r]!;
      if (cr === 0 && vr === 0) continue;
      let d = 0;
      for (let i = offsets[r]!; i < offsets[r + 1]!; i++) { const c = touches[i]!; if (stamp[c] !== r) { stamp[c] = r; d++; } }
      const cs = cr / d, vs = vr / d;
      for (let i = offsets[r]!; i < offsets[r + 1]!; i++) {
        const c = touches[i]!;
        if (stamp[c] === r) { stamp[c] = -2 - r; conv[c]! += cs; val[c]! += vs; }
      }
    }
    return { model: 'shapley', coalitionValue: 'conversions', method: 'closedForm', channels: creditList(t.channels, conv, val, total.conversions), total };
  }

  if (o.mode === 'exact') {
    if (nc > SHAPLEY_EXACT_MAX_CHANNELS) {
      throw new AudienceKitError('INVALID_OPTION', `exact Shapley over ${nc} channels needs 2^${nc} coalitions (limit ${SHAPLEY_EXACT_MAX_CHANNELS} channels): use mode 'sampled' with a seed`, { issues: [{ path: ['mode'], message: 'too many channels for exact' }] });
    }
    // f[mask] = totals of the journeys whose distinct channels are exactly `mask` (an empty path is mask 0).
    const size = 1 << nc;
    const fc = new Float64Array(size), ft = new Float64Array(size), fv = new Float64Array(size);
    const { offsets, touches, conversions, values, nulls } = t;
    for (let r = 0; r < conversions.length; r++) {
      let mask = 0;
      for (let i = offsets[r]!; i < offsets[r + 1]!; i++) mask |= 1 << touches[i]!;
      const c = conversions[r]!;
      fc[mask]! += c; ft[mask]! += c + nulls[r]!; fv[mask]! += values[r]!;
    }
    zetaTransform(fc, nc); zetaTransform(ft, nc); zetaTransform(fv, nc);
    for (let m = 0; m < size; m++) {
      const tt = ft[m]!;
      fc[m] = tt > 0 ? fc[m]! / tt : 0;
      fv[m] = tt > 0 ? fv[m]! / tt : 0;
    }
    const grand = fc[size - 1]!, grandV = fv[size - 1]!;
    const pc = shapleyFromGame(fc, nc), pv = shapleyFromGame(fv, nc);
    for (let c = 0; c < nc; c++) {
      conv[c] = grand !== 0 ? (pc[c]! * total.conversions) / grand : 0;
      val[c] = grandV !== 0 ? (pv[c]! * total.value) / grandV : 0;
    }
    return { model: 'shapley', coalitionValue: 'conversionRate', method: 'exact', grandCoalitionRate: grand, channels: creditList(t.channels, conv, val, total.conversions), total };
  }

  const sets = distinctSets(t);
  // Sampled permutations: a set joins the coalition when the last of its channels (in the
  // permutation's order) does, so one permutation costs O(Σ|sets| + n).
  const rng = createRng(o.seed!);
  const m = o.samples;
  const nSets = sets.conv.length;
  const pos = new Int32Array(nc);
  const bc = new Float64Array(nc), bt = new Float64Array(nc), bv = new Float64Array(nc);
  const sum = new Float64Array(nc), sq = new Float64Array(nc), sumV = new Float64Array(nc), sqV = new Float64Array(nc);
  let order = Array.from({ length: nc }, (_, i) => i);
  let grand = 0, grandV = 0;
  for (let it = 0; it < m; it++) {
    order = rng.shuffle(order);
    for (let k = 0; k < nc; k++) pos[order[k]!] = k;
    bc.fill(0); bt.fill(0); bv.fill(0);
    for (let s = 0; s < nSets; s++) {
      let mx = -1;
      for (let q = sets.off[s]!; q < sets.off[s + 1]!; q++) { const p = pos[sets.ids[q]!]!; if (p > mx) mx = p; }
      bc[mx]! += sets.conv[s]!; bt[mx]! += sets.tot[s]!; bv[mx]! += sets.val[s]!;
    }
    let cc = 0, ct = sets.emptyTot, cv = 0, prev = 0, prevV = 0;
    for (let k = 0; k < nc; k++) {
      cc += bc[k]!; ct += bt[k]!; cv += bv[k]!;
      const vk = ct > 0 ? cc / ct : 0, vvk = ct > 0 ? cv / ct : 0;
      const c = order[k]!;
      const d = vk - prev, dv = vvk - prevV;
      sum[c]! += d; sq[c]! += d * d; sumV[c]! += dv; sqV[c]! += dv * dv;
      prev = vk; prevV = vvk;
    }
    grand = prev; grandV = prevV;
  }
  const scale = grand !== 0 ? total.conversions / grand : 0;
  const scaleV = grandV !== 0 ? total.value / grandV : 0;
  const se: ShapleyStandardError[] = [];
  for (let c = 0; c < nc; c++) {
    const mean = sum[c]! / m, meanV = sumV[c]! / m;
    const varC = Math.max(0, (sq[c]! - m * mean * mean) / (m - 1));
    const varV = Math.max(0, (sqV[c]! - m * meanV * meanV) / (m - 1));
    conv[c] = mean * scale; val[c] = meanV * scaleV;
    se.push({ channel: t.channels[c]!, conversions: Math.sqrt(varC / m) * Math.abs(scale), value: Math.sqrt(varV / m) * Math.abs(scaleV) });
  }
  return {
    model: 'shapley', coalitionValue: 'conversionRate', method: 'sampled', grandCoalitionRate: grand,
    channels: creditList(t.channels, conv, val, total.conversions), total, standardErrors: se, samples: m,
  };
}
