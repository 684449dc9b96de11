import { z } from 'zod';
import { AudienceKitError, assertFiniteArray, parseWith } from '../core/index.js';
import { sigmoid } from './internal/logistic.js';
import { parseLookalikeModel } from './model.js';
import type { LookalikeMethod, LookalikeModel } from './model.js';

/** Options of {@link explainLookalike}. */
export const ExplainLookalikeOptionsSchema = z.strictObject({
  /** Contributions returned, largest |contribution| first (default 10). */
  top: z.number().int().min(1).optional(),
});
export type ExplainLookalikeOptions = z.input<typeof ExplainLookalikeOptionsSchema>;

export interface FeatureContribution {
  readonly dimension: number;
  /** `featureNames[dimension]`, or `dim <i>` without names. */
  readonly feature: string;
  /** Share of the score (cosine methods) or of the logit (classifier) owed to this dimension. */
  readonly contribution: number;
}

export interface LookalikeExplanation {
  readonly method: LookalikeMethod;
  /** The candidate's score (equal to `scoreLookalike`'s up to Float32 rounding). */
  readonly score: number;
  /** 'cosine': baseline 0 + Σ contributions = score. 'logit': baseline + Σ contributions = logit(score). */
  readonly scale: 'cosine' | 'logit';
  /** 0 for cosine methods; for the classifier, the logit of the average training row. */
  readonly baseline: number;
  /** Best prototype (prototypes) or the k nearest seeds (knn), by index in the model. */
  readonly reference: readonly number[];
  readonly contributions: readonly FeatureContribution[];
}

/**
 * Explains one candidate's lookalike score dimension by dimension ("every score can explain
 * itself"). With x̂ the candidate scaled to unit length:
 *
 * - centroid: contributionⱼ = x̂ⱼ · cⱼ (c the unit centroid), summing to the cosine;
 * - prototypes: x̂ⱼ · pⱼ for the best prototype p (reported in `reference`);
 * - knn: x̂ⱼ · mean of ŝⱼ over the k nearest seeds (in `reference`), summing to the mean cosine;
 * - classifier: wⱼ · (xⱼ − meanⱼ), the change of the logit against the average training row
 *   (`baseline`), as in a linear model's additive attribution (Lundberg & Lee 2017, linear case).
 *
 * An all-zero candidate has score 0 and zero contributions under the cosine methods.
 * Complexity: O(d) (centroid, classifier), O(P·d) (prototypes), O(S·d) (knn).
 *
 * @param model - a fitted or stored lookalike model (validated).
 * @param candidate - one person's embedding row (e.g. `rowView(embeddings, i)`).
 * @param featureNames - optional name per dimension (e.g. the vectorizer's output names).
 * @param options - `top`: how many contributions to return.
 * @returns score, baseline, reference rows and the top contributions by |contribution|.
 * @throws AudienceKitError `INVALID_MODEL`, `DIMENSION_MISMATCH` (candidate or names length ≠ dims),
 *   `INVALID_INPUT` (non-finite value, named).
 * @example
 * const model = fitLookalike(embeddingsFromRows([[1, 0, 0]]), { method: 'centroid' });
 * explainLookalike(model, [3, 4, 0], ['age 25-34', 'tier 1', 'sports']).contributions[0];
 * // => { dimension: 0, feature: 'age 25-34', contribution: 0.6 }   (3/5 · 1)
 */
export function explainLookalike(
  model: LookalikeModel,
  candidate: ArrayLike<number>,
  featureNames?: readonly string[],
  options: ExplainLookalikeOptions = {},
): LookalikeExplanation {
  const m = parseLookalikeModel(model);
  const opts = parseWith(ExplainLookalikeOptionsSchema, options, 'explainLookalike options', 'INVALID_OPTION');
  const d = m.dims;
  if (candidate.length !== d) throw new AudienceKitError('DIMENSION_MISMATCH', `candidate has ${candidate.length} values but the model was fit on ${d}`);
  if (featureNames !== undefined && featureNames.length !== d) {
    throw new AudienceKitError('DIMENSION_MISMATCH', `featureNames has ${featureNames.length} names but the model has ${d} dimensions`);
  }
  assertFiniteArray(candidate, ['candidate']);
  const contrib = new Float64Array(d);
  let score: number;
  let baseline = 0;
  let reference: number[] = [];
  let scale: 'cosine' | 'logit' = 'cosine';
  let q = 0;
  for (let j = 0; j < d; j++) q += candidate[j]! * candidate[j]!;
  const norm = Math.sqrt(q);
  /** x̂ⱼ · vⱼ, 0 for an all-zero candidate. */
  const part = (j: number, v: readonly number[]): number => (norm > 0 ? (candidate[j]! * v[j]!) / norm : 0);
  const unitDot = (v: readonly number[]): number => {
    let s = 0;
    for (let j = 0; j < d; j++) s += part(j, v);
    return s;
  };
  switch (m.method) {
    case 'centroid':
      for (let j = 0; j < d; j++) contrib[j] = part(j, m.centroid);
      score = unitDot(m.centroid);
      break;
    case 'prototypes': {
      let best = -Infinity, arg = 0;
      m.prototypes.forEach((p, i) => { const s = unitDot(p); if (s > best) { best = s; arg = i; } });
      const p = m.prototypes[arg]!;
      for (let j = 0; j < d; j++) contrib[j] = part(j, p);
      score = best;
      reference = [arg];
      break;
    }
    case 'knn': {
      const sims = m.seeds.map((s, i) => ({ i, s: unitDot(s) }));
      sims.sort((a, b) => (b.s - a.s) || a.i - b.i);
      reference = sims.slice(0, m.k).map((e) => e.i);
      score = 0;
      for (const i of reference) {
        const s = m.seeds[i]!;
        for (let j = 0; j < d; j++) contrib[j]! += part(j, s) / m.k;
      }
      for (let j = 0; j < d; j++) score += contrib[j]!;
      break;
    }
    case 'classifier': {
      scale = 'logit';
      baseline = m.intercept;
      for (let j = 0; j < d; j++) {
        baseline += m.weights[j]! * m.mean[j]!;
        contrib[j] = m.weights[j]! * (candidate[j]! - m.mean[j]!);
      }
      let z = m.intercept;
      for (let j = 0; j < d; j++) z += m.weights[j]! * candidate[j]!;
      score = sigmoid(z);
      break;
    }
  }
  const dims = Array.from({ length: d }, (_, j) => j);
  dims.sort((a, b) => (Math.abs(contrib[b]!) - Math.abs(contrib[a]!)) || a - b);
  const contributions = dims.slice(0, opts.top ?? 10).map((j) => ({
    dimension: j,
    feature: featureNames?.[j] ?? `dim ${j}`,
    contribution: contrib[j]! + 0, // no -0
  }));
  if (scale === 'cosine') score = Math.max(-1, Math.min(1, score)) + 0;
  return { method: m.method, score, scale, baseline, reference, contributions };
}
