import { z } from 'zod';
import { AudienceKitError, assertFiniteArray, parseWith } from '../core/index.js';
import { reachSize } from './internal/reach.js';

/** Options of {@link evaluateLookalike}. */
export const EvaluateLookalikeOptionsSchema = z.strictObject({
  /** Reach fractions in (0, 1] at which to report precision / recall / lift (default 1%, 2%, 5%, 10%). */
  reaches: z.array(z.number().gt(0, { message: 'reach must be in (0, 1]' }).max(1, { message: 'reach must be in (0, 1]' })).optional(),
  /** Number of equal steps of the cumulative gains curve (default 20: every 5%). */
  gainsPoints: z.number().int().min(1).max(10_000).optional(),
});
export type EvaluateLookalikeOptions = z.input<typeof EvaluateLookalikeOptionsSchema>;

export interface ReachMetrics {
  readonly reach: number;
  /** People taken: max(1, round(reach × n)), the product to 12 significant digits (0.145 of 100 is 15). */
  readonly size: number;
  /** Score of the last person taken. */
  readonly cutoff: number;
  /** Share of the people taken who are positives. */
  readonly precision: number;
  /** Share of all positives that were taken. */
  readonly recall: number;
  /** precision / base rate (1 = no better than random). */
  readonly lift: number;
}

export interface LookalikeEvaluation {
  /** ROC AUC = Mann–Whitney U / (positives × negatives), ties counted ½. */
  readonly auc: number;
  readonly positives: number;
  readonly negatives: number;
  /** positives / n. */
  readonly baseRate: number;
  readonly atReach: readonly ReachMetrics[];
  /** Cumulative gains: share of positives captured in the top `fraction` of the ranking. */
  readonly gains: readonly { readonly fraction: number; readonly captured: number }[];
}

/**
 * Evaluates lookalike scores against known labels (e.g. the simulator's true segment):
 *
 * - ROC AUC by the Mann–Whitney statistic with mid-ranks for ties (Hanley & McNeil 1982):
 *   AUC = P(score of a positive > score of a negative) + ½ P(equal).
 * - At each reach r: the top max(1, round(r·n)) people in `expandAudience` order (score
 *   descending, ties to the lower index), their precision, recall and lift (precision / base rate).
 * - The cumulative gains curve at `gainsPoints` equal steps of the ranking (0 → 0, 1 → 1).
 *
 * Complexity: O(n log n) (one sort).
 *
 * @param scores - one finite score per person.
 * @param labels - 1/true for a positive, 0/false for a negative, same length.
 * @param options - `reaches`, `gainsPoints`.
 * @returns AUC, per-reach metrics and gains points.
 * @throws AudienceKitError `DIMENSION_MISMATCH` (lengths differ), `INVALID_INPUT` (non-finite score,
 *   a label other than 0/1/true/false, or a class missing: AUC needs positives and negatives),
 *   `INVALID_OPTION` (reach outside (0, 1]).
 * @example
 * evaluateLookalike([0.9, 0.8, 0.8, 0.1], [1, 0, 1, 0], { reaches: [0.5] }).auc;
 * // => 0.875 (pairs pos>neg: (0.9,0.8) (0.9,0.1) (0.8,0.1) = 3, tie (0.8,0.8) = ½ → 3.5 / 4)
 */
export function evaluateLookalike(scores: ArrayLike<number>, labels: ArrayLike<number | boolean>, options: EvaluateLookalikeOptions = {}): LookalikeEvaluation {
  const opts = parseWith(EvaluateLookalikeOptionsSchema, options, 'evaluateLookalike options', 'INVALID_OPTION');
  assertFiniteArray(scores, ['scores']);
  const n = scores.length;
  if (labels.length !== n) throw new AudienceKitError('DIMENSION_MISMATCH', `labels has ${labels.length} entries but scores has ${n}`);
  const y = new Uint8Array(n);
  let positives = 0;
  for (let i = 0; i < n; i++) {
    const l = labels[i];
    if (l === 1 || l === true) { y[i] = 1; positives++; } else if (l !== 0 && l !== false) {
      throw new AudienceKitError('INVALID_INPUT', `labels[${i}] must be 0, 1, true or false`, { issues: [{ path: ['labels', i], message: 'not a binary label' }] });
    }
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) {
    throw new AudienceKitError('INVALID_INPUT', `labels need both classes to evaluate (got ${positives} positives, ${negatives} negatives)`);
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => (scores[b]! - scores[a]!) || a - b);

  // AUC: walk from the lowest score up, tie group by tie group.
  let u = 0, negBelow = 0;
  for (let end = n; end > 0;) {
    const v = scores[order[end - 1]!]!;
    let start = end - 1;
    while (start > 0 && scores[order[start - 1]!]! === v) start--;
    let p = 0;
    for (let t = start; t < end; t++) p += y[order[t]!]!;
    const q = end - start - p;
    u += p * negBelow + 0.5 * p * q;
    negBelow += q;
    end = start;
  }
  const auc = u / (positives * negatives);

  const captured = new Int32Array(n + 1);
  for (let t = 0; t < n; t++) captured[t + 1] = captured[t]! + y[order[t]!]!;
  const baseRate = positives / n;
  const atReach = (opts.reaches ?? [0.01, 0.02, 0.05, 0.1]).map((reach) => {
    const size = reachSize(reach, n);
    const tp = captured[size]!;
    const precision = tp / size;
    return { reach, size, cutoff: scores[order[size - 1]!]!, precision, recall: tp / positives, lift: precision / baseRate };
  });
  const steps = opts.gainsPoints ?? 20;
  const gains: { fraction: number; captured: number }[] = [];
  for (let s = 0; s <= steps; s++) {
    const fraction = s / steps;
    gains.push({ fraction, captured: captured[Math.round(fraction * n)]! / positives });
  }
  return { auc, positives, negatives, baseRate, atReach, gains };
}
