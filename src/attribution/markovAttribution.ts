import { z } from 'zod';
import { parseWith } from '../core/index.js';
import { createSolver, type AbsorbingChain } from './internal/absorbingChain.js';
import { checkedTable, type JourneyInput, type JourneyTable } from './journeyTable.js';
import { creditList, type AttributionResult } from './result.js';

/** Options of {@link markovAttribution}. */
export const MarkovOptionsSchema = z
  .object({
    /** Markov order k (1–4): states are windows of k consecutive touches. */
    order: z.number().int().min(1).max(4).default(1),
    /** Largest chain (transient states incl. `(start)`) solved by dense LU (ml-matrix); Gauss–Seidel above. */
    denseMaxStates: z.number().int().min(1).max(2000).default(64),
    /** Gauss–Seidel stop: largest change of a visit count <= tolerance × the largest count. */
    tolerance: z.number().positive().max(1e-6).default(1e-13),
    maxSweeps: z.number().int().positive().default(100_000),
  })
  .strict();
export type MarkovOptions = z.input<typeof MarkovOptionsSchema>;

/** A channel's removal effects. */
export interface RemovalEffect {
  readonly channel: string;
  /** 1 − P(conversion | states containing the channel → (null)) / P(conversion). */
  readonly effect: number;
  /** 1 − E[value | removed] / E[value]. */
  readonly valueEffect: number;
}

/**
 * The estimated transition matrix as sparse rows: `states[0]` is `(start)`, then the chain's
 * states (order-k windows, channels joined by `' > '`), then `(conversion)` and `(null)`. Row `s`
 * (for every state but the two absorbing ones) holds columns `columns[rowOffsets[s] ..
 * rowOffsets[s + 1])` with `probabilities` (and raw `weights`: conversions + nulls).
 */
export interface SparseTransitions {
  readonly states: readonly string[];
  readonly rowOffsets: Int32Array;
  readonly columns: Int32Array;
  readonly probabilities: Float64Array;
  readonly weights: Float64Array;
}

export interface MarkovResult extends AttributionResult<'markov'> {
  readonly order: number;
  readonly removalEffects: readonly RemovalEffect[];
  readonly transitions: SparseTransitions;
  /** P(reaching (conversion) from (start)) in the fitted chain. */
  readonly conversionProbability: number;
  /** Total conversions / (conversions + nulls): equals `conversionProbability` (flow conservation). */
  readonly observedConversionRate: number;
  /** How the chain was solved: dense LU or Gauss–Seidel (with total sweeps over all solves). */
  readonly solver: { readonly method: 'lu' | 'gauss-seidel'; readonly states: number; readonly solves: number; readonly sweeps: number };
}

/** The chain's counts: states (windows, from state 1), CSR transient rows, and per-state absorption. */
interface ChainCounts {
  readonly S: number;
  readonly windows: readonly number[];
  readonly rowPtr: Int32Array;
  readonly col: Int32Array;
  readonly weight: Float64Array;
  readonly convOut: Float64Array;
  readonly nullOut: Float64Array;
  readonly valueOut: Float64Array;
}

/** Largest window-code space counted in a dense matrix (codes² doubles: 2048² = 32 MB at most). */
const DENSE_CODES = 2048;

/**
 * Counts for small code spaces ((channels + 1)^k <= 2048): a window's code (channel ids + 1 in
 * base channels + 1) indexes a dense weight matrix directly — one pass over the touches with no
 * hashing and no per-transition buffer; used codes are then renumbered in order of first use.
 */
function countDense(t: JourneyTable, k: number): ChainCounts {
  const { offsets, touches, conversions, values, nulls } = t;
  const n = conversions.length;
  const base = t.channels.length + 1;
  const cs = Math.pow(base, k) + 1; // code 0 = (start); window codes 1..base^k − 1
  const modK1 = Math.pow(base, k - 1);
  const W = new Float64Array(cs * cs);
  const cOut = new Float64Array(cs), nOut = new Float64Array(cs), vOut = new Float64Array(cs);
  const stateOf = new Int32Array(cs).fill(-1);
  const codes: number[] = [0];
  stateOf[0] = 0;
  for (let r = 0; r < n; r++) {
    const s = offsets[r]!, e = offsets[r + 1]!;
    const cr = conversions[r]!, nr = nulls[r]!;
    const wt = cr + nr;
    if (wt === 0) continue;
    if (e === s) { nOut[0]! += nr; continue; }
    const len = e - s;
    let prev = 0, code = 0;
    if (len < k) {
      for (let i = s; i < e; i++) code = code * base + touches[i]! + 1;
      if (stateOf[code]! < 0) { stateOf[code] = codes.length; codes.push(code); }
      W[code]! += wt; // row 0 = (start)
      prev = code;
    } else {
      for (let i = s; i < s + k - 1; i++) code = code * base + touches[i]! + 1;
      for (let i = s + k - 1; i < e; i++) {
        // Slide the window: drop the leading digit (read back from the touches, no modulo).
        if (i >= s + k) code -= (touches[i - k]! + 1) * modK1;
        code = code * base + touches[i]! + 1;
        if (code === prev) continue;
        if (stateOf[code]! < 0) { stateOf[code] = codes.length; codes.push(code); }
        W[prev * cs + code]! += wt;
        prev = code;
      }
    }
    cOut[prev]! += cr; nOut[prev]! += nr; vOut[prev]! += values[r]!;
  }
  const S = codes.length;
  const windows: number[] = [];
  for (let q = 1; q < S; q++) {
    let code = codes[q]!;
    const w: number[] = [];
    while (code > 0) { w.unshift((code % base) - 1); code = Math.floor(code / base); }
    while (w.length < k) w.push(-1);
    windows.push(...w);
  }
  const rowPtr = new Int32Array(S + 1);
  const colList: number[] = [], wList: number[] = [];
  const convOut = new Float64Array(S), nullOut = new Float64Array(S), valueOut = new Float64Array(S);
  for (let q = 0; q < S; q++) {
    const from = codes[q]!;
    const row = from * cs;
    for (let to = 0; to < S; to++) {
      const x = W[row + codes[to]!]!;
      if (x !== 0) { colList.push(to); wList.push(x); }
    }
    rowPtr[q + 1] = colList.length;
    convOut[q] = cOut[from]!; nullOut[q] = nOut[from]!; valueOut[q] = vOut[from]!;
  }
  return { S, windows, rowPtr, col: Int32Array.from(colList), weight: Float64Array.from(wList), convOut, nullOut, valueOut };
}

/** Counts for any code space: states through a hash map, transitions by counting sort per from-state. */
function countSparse(t: JourneyTable, k: number): ChainCounts {
  const nc = t.channels.length;
  const { offsets, touches, conversions, values, nulls } = t;
  const n = conversions.length;
  // Pass 1: the collapsed state sequence of every weighted row. State 0 = (start).
  const seq = new Int32Array(touches.length);
  const seqOff = new Int32Array(n + 1);
  const windows: number[] = []; // channel ids of each state's window, k per state (−1 padded), from state 1
  let nStates = 1;
  const base = nc + 1;
  const numericKeys = Math.pow(base, k) < 2 ** 53;
  const numMap = new Map<number, number>();
  const strMap = new Map<string, number>();
  const order1 = new Int32Array(k === 1 ? nc : 0).fill(-1);
  let w = 0;
  let startNull = 0;
  for (let r = 0; r < n; r++) {
    const s = offsets[r]!, e = offsets[r + 1]!;
    const weight = conversions[r]! + nulls[r]!;
    if (weight > 0) {
      if (e === s) startNull += nulls[r]!;
      const len = e - s;
      const nw = len < k ? 1 : len - k + 1;
      const wl = len < k ? len : k;
      let prev = -1;
      for (let i = 0; i < nw && len > 0; i++) {
        let id: number;
        if (k === 1) {
          const c = touches[s + i]!;
          id = order1[c]!;
          if (id < 0) { id = nStates++; order1[c] = id; windows.push(c); }
        } else if (numericKeys) {
          let key = 0;
          for (let j = 0; j < wl; j++) key = key * base + touches[s + i + j]! + 1;
          let got = numMap.get(key);
          if (got === undefined) {
            got = nStates++; numMap.set(key, got);
            for (let j = 0; j < k; j++) windows.push(j < wl ? touches[s + i + j]! : -1);
          }
          id = got;
        } else {
          let key = '';
          for (let j = 0; j < wl; j++) key += `${touches[s + i + j]!},`;
          let got = strMap.get(key);
          if (got === undefined) {
            got = nStates++; strMap.set(key, got);
            for (let j = 0; j < k; j++) windows.push(j < wl ? touches[s + i + j]! : -1);
          }
          id = got;
        }
        if (id !== prev) { seq[w++] = id; prev = id; }
      }
    }
    seqOff[r + 1] = w;
  }

  // Pass 2: transition weights as CSR rows (counting sort by from-state, then duplicates merged).
  const S = nStates;
  const convOut = new Float64Array(S), nullOut = new Float64Array(S), valueOut = new Float64Array(S);
  nullOut[0] = startNull;
  const cnt = new Int32Array(S + 1);
  for (let r = 0; r < n; r++) {
    const a = seqOff[r]!, b = seqOff[r + 1]!;
    if (a === b) continue;
    cnt[1]!++; // (start) → first
    for (let i = a; i < b - 1; i++) cnt[seq[i]! + 1]!++;
    const last = seq[b - 1]!;
    convOut[last]! += conversions[r]!; nullOut[last]! += nulls[r]!; valueOut[last]! += values[r]!;
  }
  for (let s = 0; s < S; s++) cnt[s + 1]! += cnt[s]!;
  const rawCol = new Int32Array(cnt[S]!), rawW = new Float64Array(cnt[S]!);
  const fill = cnt.slice(0, S);
  for (let r = 0; r < n; r++) {
    const a = seqOff[r]!, b = seqOff[r + 1]!;
    if (a === b) continue;
    const wt = conversions[r]! + nulls[r]!;
    let at = fill[0]!++; rawCol[at] = seq[a]!; rawW[at] = wt;
    for (let i = a; i < b - 1; i++) { at = fill[seq[i]!]!++; rawCol[at] = seq[i + 1]!; rawW[at] = wt; }
  }
  const rowPtr = new Int32Array(S + 1);
  const scratch = new Float64Array(S);
  const mark = new Int32Array(S).fill(-1);
  const colList: number[] = [];
  const wList: number[] = [];
  const rowTargets: number[] = [];
  for (let s = 0; s < S; s++) {
    rowTargets.length = 0;
    for (let q = cnt[s]!; q < cnt[s + 1]!; q++) {
      const c = rawCol[q]!;
      if (mark[c] !== s) { mark[c] = s; scratch[c] = 0; rowTargets.push(c); }
      scratch[c]! += rawW[q]!;
    }
    rowTargets.sort((x, y) => x - y);
    for (const c of rowTargets) { colList.push(c); wList.push(scratch[c]!); }
    rowPtr[s + 1] = colList.length;
  }
  return { S, windows, rowPtr, col: Int32Array.from(colList), weight: Float64Array.from(wList), convOut, nullOut, valueOut };
}

/**
 * Markov-chain attribution by removal effects (Anderl, Becker, von Wangenheim & Schumann 2016),
 * with the conventions of ChannelAttribution's `markov_model` so results compare: order-k states
 * are the sliding windows of k consecutive touches (a path shorter than k is one state);
 * consecutive identical states collapse (no self-loops); transitions are weighted by
 * conversions + nulls; the last state goes to `(conversion)` with the conversions and to `(null)`
 * with the nulls (a journey with an empty path and nulls goes from `(start)` to `(null)`).
 *
 * Removal effect of channel c = 1 − P(conversion with every state containing c redirected to
 * `(null)`) / P(conversion); value effect = 1 − E[value | removed] / E[value], where a
 * conversion from a last state is worth the mean value per conversion of the journeys ending in
 * it. Attributed conversions (value) = total × effect / Σ effects.
 *
 * Unlike ChannelAttribution, which estimates these by simulating paths, every quantity is
 * computed **exactly** by solving the absorbing chain for expected visits
 * (v = e_start + Pᵀ v): dense LU (ml-matrix) for small chains, Gauss–Seidel over sparse rows
 * (CSR, warm-started) for large ones; each removal is one more solve, since removal only
 * redirects the states containing the channel.
 *
 * Complexity: O(touches · k) to build the chain, then (channels + 1) solves: O(S³) each by LU,
 * O(sweeps · nnz) by Gauss–Seidel.
 *
 * @param journeys - a {@link JourneyTable} or `Journey[]` (not mutated).
 * @param options - `order` (1–4, default 1); solver settings.
 * @returns credit per channel plus `removalEffects`, the sparse `transitions`, and
 *   `conversionProbability` (= `observedConversionRate`).
 * @throws AudienceKitError `INVALID_OPTION` (order outside 1–4), `INVALID_INPUT` (bad journeys),
 *   `NOT_CONVERGED` (Gauss–Seidel sweep limit reached).
 * @example
 * const r = markovAttribution([
 *   { path: ['a', 'b'], conversions: 1, nulls: 1 },
 *   { path: ['b'], conversions: 0, nulls: 2 },
 * ]);
 * // P(conv) = 2/4 · (a → b → conv 1/4) + 2/4 · 1/4 = 1/4; without a: 2/4 · 1/4 = 1/8 → effect 1/2.
 * r.removalEffects; // => [{ channel: 'b', effect: 1, valueEffect: 0 }, { channel: 'a', effect: 0.5, valueEffect: 0 }]
 * r.conversionProbability; // => 0.25
 */
export function markovAttribution(journeys: JourneyInput, options: MarkovOptions = {}): MarkovResult {
  const o = parseWith(MarkovOptionsSchema, options, 'markovAttribution options', 'INVALID_OPTION');
  const { table: t, total } = checkedTable(journeys);
  const k = o.order;
  const nc = t.channels.length;
  const { conversions, nulls } = t;
  const n = conversions.length;

  const counts = Math.pow(nc + 1, k) + 1 <= DENSE_CODES ? countDense(t, k) : countSparse(t, k);
  const { S, windows, rowPtr, col, weight, convOut, nullOut, valueOut } = counts;
  const out = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    let sum = convOut[s]! + nullOut[s]!;
    for (let q = rowPtr[s]!; q < rowPtr[s + 1]!; q++) sum += weight[q]!;
    out[s] = sum;
  }
  const prob = new Float64Array(col.length);
  const pConv = new Float64Array(S), pValue = new Float64Array(S);
  for (let s = 0; s < S; s++) {
    const os = out[s]!;
    if (os === 0) continue;
    for (let q = rowPtr[s]!; q < rowPtr[s + 1]!; q++) prob[q] = weight[q]! / os;
    pConv[s] = convOut[s]! / os;
    pValue[s] = valueOut[s]! / os;
  }
  const chain: AbsorbingChain = { n: S, rowPtr, col, prob, pConv, pValue };

  // Solves: the full chain, then one per channel with its states redirected to (null).
  const solver = createSolver(chain, { denseMax: o.denseMaxStates, tolerance: o.tolerance, maxSweeps: o.maxSweeps });
  const removed = new Uint8Array(S);
  const full = solver.solve(removed);
  const statesOf: number[][] = Array.from({ length: nc }, () => []);
  for (let s = 1; s < S; s++) {
    for (let j = 0; j < k; j++) {
      const c = windows[(s - 1) * k + j]!;
      if (c >= 0 && !statesOf[c]!.includes(s)) statesOf[c]!.push(s);
    }
  }
  const effect = new Float64Array(nc), valueEffect = new Float64Array(nc);
  let solves = 1;
  for (let c = 0; c < nc; c++) {
    const list = statesOf[c]!;
    if (list.length === 0) continue;
    removed.fill(0);
    for (const s of list) removed[s] = 1;
    const res = solver.solve(removed);
    solves++;
    // Removal can only lower P(conversion) and E[value]; clamp rounding noise below 0.
    effect[c] = full.conversion > 0 ? Math.max(0, 1 - res.conversion / full.conversion) : 0;
    valueEffect[c] = full.value > 0 ? Math.max(0, 1 - res.value / full.value) : 0;
  }

  let sumE = 0, sumV = 0;
  for (let c = 0; c < nc; c++) { sumE += effect[c]!; sumV += valueEffect[c]!; }
  const conv = new Float64Array(nc), val = new Float64Array(nc);
  for (let c = 0; c < nc; c++) {
    conv[c] = sumE > 0 ? (total.conversions * effect[c]!) / sumE : 0;
    val[c] = sumV > 0 ? (total.value * valueEffect[c]!) / sumV : 0;
  }
  let weightTotal = 0;
  for (let r = 0; r < n; r++) weightTotal += conversions[r]! + nulls[r]!;

  // The transition matrix with names, absorbing columns appended.
  const names: string[] = ['(start)'];
  for (let s = 1; s < S; s++) {
    const parts: string[] = [];
    for (let j = 0; j < k; j++) { const c = windows[(s - 1) * k + j]!; if (c >= 0) parts.push(t.channels[c]!); }
    names.push(parts.join(' > '));
  }
  names.push('(conversion)', '(null)');
  const tOff = new Int32Array(S + 1);
  const tCol: number[] = [], tW: number[] = [], tP: number[] = [];
  for (let s = 0; s < S; s++) {
    for (let q = rowPtr[s]!; q < rowPtr[s + 1]!; q++) { tCol.push(col[q]!); tW.push(weight[q]!); tP.push(prob[q]!); }
    if (convOut[s]! > 0) { tCol.push(S); tW.push(convOut[s]!); tP.push(pConv[s]!); }
    if (nullOut[s]! > 0) { tCol.push(S + 1); tW.push(nullOut[s]!); tP.push(nullOut[s]! / out[s]!); }
    tOff[s + 1] = tCol.length;
  }

  return {
    model: 'markov',
    order: k,
    channels: creditList(t.channels, conv, val, total.conversions),
    total,
    removalEffects: t.channels
      .map((channel, c) => ({ channel, effect: effect[c]!, valueEffect: valueEffect[c]! }))
      .sort((a, b) => b.effect - a.effect || (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0)),
    transitions: { states: names, rowOffsets: tOff, columns: Int32Array.from(tCol), probabilities: Float64Array.from(tP), weights: Float64Array.from(tW) },
    conversionProbability: full.conversion,
    observedConversionRate: weightTotal > 0 ? total.conversions / weightTotal : 0,
    solver: { method: solver.method, states: S, solves, sweeps: solver.sweepsTotal() },
  };
}
