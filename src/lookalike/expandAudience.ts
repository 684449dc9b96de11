import { z } from 'zod';
import { AudienceKitError, assertFiniteArray, parseWith, topK } from '../core/index.js';
import { reachSize } from './internal/reach.js';

/** Target audience size: an exact `size`, or a `reach` fraction in (0, 1] of the eligible candidates. */
export const ExpandTargetSchema = z.union([
  z.strictObject({ size: z.number().int().min(1) }),
  z.strictObject({ reach: z.number().gt(0, { message: 'reach must be in (0, 1]' }).max(1, { message: 'reach must be in (0, 1]' }) }),
]);
export type ExpandTarget = z.input<typeof ExpandTargetSchema>;

export interface ExpandAudienceOptions {
  /** Candidate indices never returned (typically the seeds themselves). */
  readonly exclude?: ArrayLike<number>;
}

export interface ExpandedAudience {
  /** Candidate indices, best score first (ties → lower index). */
  readonly indices: Int32Array;
  /** Score of the last person admitted: everyone returned scores >= cutoff. */
  readonly cutoff: number;
  /** Candidates that were eligible (not excluded). */
  readonly eligible: number;
}

/**
 * Expands a seed audience to the best-scoring candidates, as ad platforms' "1%–10% lookalike"
 * reach slider does: `{ size }` takes that many people, `{ reach }` takes
 * `max(1, round(reach × eligible))` where eligible = candidates not in `exclude` (the product taken to
 * 12 significant digits first, so a decimal reach gives what it reads: 0.145 of 100 is 15). A size larger
 * than the eligible count returns every eligible candidate. Ranking is core `topK`'s: score
 * descending, ties to the lower index — the first `size` of a stable full sort.
 *
 * Complexity: O(n log size) time, O(n) memory for the exclusion mask.
 *
 * @param scores - one finite score per candidate (from {@link scoreLookalike}).
 * @param target - `{ size }` or `{ reach }`.
 * @param options - `exclude`: indices to drop (e.g. the seeds).
 * @returns indices, the cut-off score, and the eligible count.
 * @throws AudienceKitError `INVALID_OPTION` (size not a positive integer, reach outside (0, 1],
 *   an exclude index out of range), `INVALID_INPUT` (a non-finite score, named), `EMPTY_INPUT`
 *   (no eligible candidate).
 * @example
 * expandAudience(new Float32Array([0.2, 0.9, 0.5, 0.9]), { size: 2 }, { exclude: [1] });
 * // => { indices: Int32Array [3, 2], cutoff: 0.5, eligible: 3 }
 */
export function expandAudience(scores: ArrayLike<number>, target: ExpandTarget, options: ExpandAudienceOptions = {}): ExpandedAudience {
  const t = parseWith(ExpandTargetSchema, target, 'expandAudience target', 'INVALID_OPTION');
  assertFiniteArray(scores, ['scores']);
  const n = scores.length;
  let mask: Uint8Array | undefined;
  let excluded = 0;
  if (options.exclude !== undefined) {
    mask = new Uint8Array(n);
    const ex = options.exclude;
    for (let q = 0; q < ex.length; q++) {
      const i = ex[q]!;
      if (!Number.isInteger(i) || i < 0 || i >= n) {
        throw new AudienceKitError('INVALID_OPTION', `exclude[${q}] = ${String(i)} is not a candidate index in [0, ${n})`, { issues: [{ path: ['exclude', q], message: 'out of range' }] });
      }
      if (mask[i] === 0) { mask[i] = 1; excluded++; }
    }
  }
  const eligible = n - excluded;
  if (eligible === 0) throw new AudienceKitError('EMPTY_INPUT', `no eligible candidates: ${n} scores, ${excluded} excluded`);
  const size = 'size' in t ? t.size : reachSize(t.reach, eligible);
  const indices = topK(scores, Math.min(size, eligible), mask);
  return { indices, cutoff: scores[indices[indices.length - 1]!]!, eligible };
}
