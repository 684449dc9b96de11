import { z } from 'zod';
import { AudienceKitError, parseWith } from '../core/index.js';
import { checkedTable, type JourneyInput } from './journeyTable.js';
import { creditList, type AttributionResult } from './result.js';

/** The heuristic models (names are the contract). */
export const HEURISTIC_MODELS = ['first', 'last', 'linear', 'positionBased', 'timeDecay'] as const;
export type HeuristicModel = (typeof HEURISTIC_MODELS)[number];

/** Options of {@link heuristicAttribution}. */
export const HeuristicOptionsSchema = z
  .object({
    model: z.enum(HEURISTIC_MODELS),
    /** positionBased: shares of the first and last touch (default 0.4 each; their sum <= 1). */
    positionShares: z.object({ first: z.number().min(0).max(1), last: z.number().min(0).max(1) }).strict()
      .refine((s) => s.first + s.last <= 1 + 1e-12 && s.first + s.last > 0, { message: 'first + last must be in (0, 1]' })
      .default({ first: 0.4, last: 0.4 }),
    /** timeDecay: half-life of a touch's weight, in ms before the journey's end (required for timeDecay). */
    halfLifeMs: z.number().positive().optional(),
  })
  .strict()
  .refine((o) => o.model !== 'timeDecay' || o.halfLifeMs !== undefined, { message: 'timeDecay needs halfLifeMs', path: ['halfLifeMs'] });
export type HeuristicOptions = z.input<typeof HeuristicOptionsSchema>;

export type HeuristicResult = AttributionResult<HeuristicModel>;

/**
 * Rule-based attribution, as in ChannelAttribution's `heuristic_models` and analytics suites:
 * - `first` / `last`: the journey's first / last touch gets all its conversions and value;
 * - `linear`: every touch an equal share (a channel touched twice gets two shares);
 * - `positionBased`: one touch gets all; two touches split first : last (half each by default);
 *   more: 40% first, 40% last, 20% split over the middle touches (`positionShares`);
 * - `timeDecay`: a touch's weight halves every `halfLifeMs` before the journey's end (weight 2^(−(end − t)/halfLife))
 *   (needs touch times: `journeysFromTouchpoints(..., { aggregate: false })`); weights are
 *   normalized per journey.
 * Journeys without conversions or value add nothing. Complexity O(touches), no allocation per row.
 *
 * @param journeys - a {@link JourneyTable} or `Journey[]` (not mutated).
 * @param options - `model`, and `positionShares` / `halfLifeMs` for those models.
 * @returns credit per channel (sorted by conversions), summing to the totals.
 * @throws AudienceKitError `INVALID_OPTION` (unknown model, bad shares, timeDecay without
 *   halfLifeMs), `INVALID_INPUT` (bad journeys, timeDecay on journeys without touch times).
 * @example
 * heuristicAttribution([{ path: ['a', 'b', 'a'], conversions: 3 }], { model: 'linear' }).channels;
 * // => [{ channel: 'a', conversions: 2, value: 0, share: 0.667 }, { channel: 'b', conversions: 1, value: 0, share: 0.333 }]
 */
export function heuristicAttribution(journeys: JourneyInput, options: HeuristicOptions): HeuristicResult {
  const o = parseWith(HeuristicOptionsSchema, options, 'heuristicAttribution options', 'INVALID_OPTION');
  const { table: t, total } = checkedTable(journeys);
  const nc = t.channels.length;
  const conv = new Float64Array(nc), val = new Float64Array(nc);
  const { offsets, touches, conversions, values } = t;
  const n = conversions.length;
  switch (o.model) {
    case 'first':
    case 'last': {
      const first = o.model === 'first';
      for (let r = 0; r < n; r++) {
        const s = offsets[r]!, e = offsets[r + 1]!;
        if (e === s) continue;
        const c = touches[first ? s : e - 1]!;
        conv[c]! += conversions[r]!;
        val[c]! += values[r]!;
      }
      break;
    }
    case 'linear': {
      for (let r = 0; r < n; r++) {
        const s = offsets[r]!, e = offsets[r + 1]!;
        const cr = conversions[r]!, vr = values[r]!;
        if (e === s || (cr === 0 && vr === 0)) continue;
        const inv = 1 / (e - s);
        const cs = cr * inv, vs = vr * inv;
        for (let i = s; i < e; i++) { const c = touches[i]!; conv[c]! += cs; val[c]! += vs; }
      }
      break;
    }
    case 'positionBased': {
      const f = o.positionShares.first, l = o.positionShares.last;
      const f2 = f / (f + l), l2 = l / (f + l), mid = 1 - f - l;
      for (let r = 0; r < n; r++) {
        const s = offsets[r]!, e = offsets[r + 1]!;
        const cr = conversions[r]!, vr = values[r]!;
        const len = e - s;
        if (len === 0 || (cr === 0 && vr === 0)) continue;
        if (len === 1) { const c = touches[s]!; conv[c]! += cr; val[c]! += vr; continue; }
        const a = touches[s]!, b = touches[e - 1]!;
        if (len === 2) {
          conv[a]! += cr * f2; val[a]! += vr * f2; conv[b]! += cr * l2; val[b]! += vr * l2;
          continue;
        }
        const m = mid / (len - 2);
        conv[a]! += cr * f; val[a]! += vr * f; conv[b]! += cr * l; val[b]! += vr * l;
        for (let i = s + 1; i < e - 1; i++) { const c = touches[i]!; conv[c]! += cr * m; val[c]! += vr * m; }
      }
      break;
    }
    case 'timeDecay': {
      const times = t.times;
      if (!times) throw new AudienceKitError('INVALID_INPUT', 'timeDecay needs touch times: build journeys with journeysFromTouchpoints(..., { aggregate: false }) or give each journey times');
      const lambda = Math.LN2 / o.halfLifeMs!;
      for (let r = 0; r < n; r++) {
        const s = offsets[r]!, e = offsets[r + 1]!;
        const cr = conversions[r]!, vr = values[r]!;
        if (e === s || (cr === 0 && vr === 0)) continue;
        // Weights 2^(-(end - t)/halfLife) normalized per journey: the end time cancels, so weights are
        // taken relative to the latest touch (largest weight 1, no underflow to 0/0).
        let latest = -Infinity;
        for (let i = s; i < e; i++) latest = Math.max(latest, times[i]!);
        let sum = 0;
        for (let i = s; i < e; i++) sum += Math.exp(-lambda * (latest - times[i]!));
        for (let i = s; i < e; i++) {
          const wgt = Math.exp(-lambda * (latest - times[i]!)) / sum;
          const c = touches[i]!;
          conv[c]! += cr * wgt; val[c]! += vr * wgt;
        }
      }
      break;
    }
  }
  return { model: o.model, channels: creditList(t.channels, conv, val, total.conversions), total };
}
