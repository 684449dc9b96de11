import { z } from 'zod';
import { AudienceKitError, Seed, createRng, parseWith } from '../core/index.js';
import type { Embeddings } from '../core/index.js';
import { EmbeddingsSchema, normalizedPadded, parseEmbeddings, rowNorms } from './internal/embeddings.js';
import { sphericalKMeans } from './internal/kmeans.js';
import { fitLogisticNewton } from './internal/logistic.js';
import { LOOKALIKE_MODEL_VERSION } from './model.js';
import type { ClassifierModel, CentroidModel, KnnModel, LookalikeModel, PrototypesModel } from './model.js';

/** Largest number of prototypes (the issue's cap). */
export const MAX_PROTOTYPES = 256;

/** Options of {@link fitLookalike}, one shape per method (unknown keys are refused). */
export const FitLookalikeOptionsSchema = z.discriminatedUnion('method', [
  z.strictObject({ method: z.literal('centroid') }),
  z.strictObject({
    method: z.literal('prototypes'),
    /** Number of prototypes P (1..256); default `round(√(seeds / 2))` clamped to [1, 256]. */
    prototypes: z.number().int().min(1).max(MAX_PROTOTYPES).optional(),
    /** Seed of the k-means++ draws (default 0). */
    seed: Seed.optional(),
    /** Lloyd iterations at most (default 100). */
    maxIterations: z.number().int().min(1).optional(),
  }),
  z.strictObject({
    method: z.literal('knn'),
    /** Nearest seeds averaged (default min(10, seeds)); must not exceed the seed count. */
    k: z.number().int().min(1).optional(),
  }),
  z.strictObject({
    method: z.literal('classifier'),
    /** The people to sample unlabeled negatives from (same columns as the seeds). */
    population: EmbeddingsSchema,
    /** Rows drawn from `population` without replacement (default min(population, max(10 × seeds, 10,000))). */
    sampleSize: z.number().int().min(1).optional(),
    /**
     * L2 penalty on standardized weights (scikit-learn's 1/C). Default 0.01 × training rows
     * (seeds + sample): a lookalike has few positives, and weak shrinkage (l2 = 1) overfits them
     * (AUC 0.71–0.90 vs 0.88–0.98 on the simulated world's segments, docs/lookalike.md).
     */
    l2: z.number().positive().refine(Number.isFinite, { message: 'must be finite' }).optional(),
    /** Seed of the population sample (default 0). */
    seed: Seed.optional(),
    /** Newton iterations at most (default 50). */
    maxIterations: z.number().int().min(1).optional(),
  }),
]);
export type FitLookalikeOptions = z.input<typeof FitLookalikeOptionsSchema>;

/**
 * Fits a lookalike model on a seed audience (the "lookalike / similar audiences" of ad platforms):
 *
 * - `centroid`: cosine to the normalized mean of the unit seed rows (Rocchio-style prototype).
 * - `prototypes`: spherical k-means seeded by k-means++ (Arthur & Vassilvitskii 2007) on the unit
 *   seed rows into P prototypes; score = best cosine to one. Handles seeds made of distinct groups.
 * - `knn`: mean cosine to the k nearest seeds, exact (blocked kernel).
 * - `classifier`: L2-regularized logistic regression (Newton/IRLS, intercept) of the seeds
 *   (label 1) against a seeded random sample of `population` (label 0) — positive–unlabeled
 *   learning (Elkan & Noto 2008): the sample may contain seed-like people, so the probability is a
 *   ranking score, not a calibrated chance of being a seed.
 *
 * Seeds must be finite and not all-zero (a zero row has no direction). Candidates that are all
 * zero score 0 under the cosine methods; under `classifier` they get `sigmoid(intercept)`.
 *
 * Complexity: centroid O(n·d); prototypes O(iterations · n · P · d); knn O(n·d) (stores the unit
 * seeds); classifier O(iterations · m · d²) with m = seeds + sample.
 *
 * @param seeds - the seed audience as embeddings (rows = people).
 * @param options - `{ method, ...method options }`, see {@link FitLookalikeOptionsSchema}.
 * @returns a plain-JSON {@link LookalikeModel}.
 * @throws AudienceKitError `EMPTY_INPUT` (no seeds, empty population), `INVALID_INPUT` (a non-finite
 *   or all-zero seed row, named), `INVALID_OPTION` (unknown method, k or prototypes above the seed
 *   count, sampleSize above the population), `DIMENSION_MISMATCH` (population columns ≠ seed
 *   columns), `NOT_CONVERGED` (classifier).
 * @example
 * const seeds = embeddingsFromRows([[1, 0], [0.8, 0.2]]);
 * const model = fitLookalike(seeds, { method: 'centroid' });
 * model.centroid; // => [0.99250..., 0.12218...] (unit mean direction of the unit seeds)
 */
export function fitLookalike(seeds: Embeddings, options: FitLookalikeOptions): LookalikeModel {
  const opts = parseWith(FitLookalikeOptionsSchema, options, 'fitLookalike options', 'INVALID_OPTION');
  const s = parseEmbeddings(seeds, 'seeds');
  if (s.rows === 0) throw new AudienceKitError('EMPTY_INPUT', 'seeds is empty: a lookalike model needs at least one seed row');
  const norms = rowNorms(s, 'seeds');
  for (let i = 0; i < s.rows; i++) {
    if (norms[i] === 0) {
      throw new AudienceKitError('INVALID_INPUT', `seeds row ${i} is all zero: it has no direction to be similar to; drop it or give it features`, {
        issues: [{ path: ['seeds', i], message: 'all-zero row' }],
      });
    }
  }
  const base = { kind: 'lookalike' as const, version: LOOKALIKE_MODEL_VERSION, dims: s.cols, seedCount: s.rows };
  const n = s.rows, d = s.cols;
  switch (opts.method) {
    case 'centroid': {
      const u = normalizedPadded(s, norms, 1).data;
      const sum = new Float64Array(d);
      for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sum[j]! += u[i * d + j]!;
      let q = 0;
      for (let j = 0; j < d; j++) q += sum[j]! * sum[j]!;
      const c = new Float32Array(d);
      if (q > 0) { const inv = 1 / Math.sqrt(q); for (let j = 0; j < d; j++) c[j] = sum[j]! * inv; }
      const model: CentroidModel = { ...base, method: 'centroid', centroid: Array.from(c) };
      return model;
    }
    case 'prototypes': {
      const requested = opts.prototypes ?? Math.min(MAX_PROTOTYPES, Math.max(1, Math.round(Math.sqrt(n / 2))));
      if (requested > n) {
        throw new AudienceKitError('INVALID_OPTION', `prototypes = ${requested} exceeds the ${n} seeds: ask for at most ${n}`, { issues: [{ path: ['prototypes'], message: 'exceeds seed count' }] });
      }
      const u = normalizedPadded(s, norms, 1).data;
      const km = sphericalKMeans(u, n, d, requested, createRng(opts.seed ?? 0), opts.maxIterations ?? 100);
      const prototypes: number[][] = [];
      for (let p = 0; p < km.count; p++) prototypes.push(Array.from(km.centers.subarray(p * d, (p + 1) * d)));
      const model: PrototypesModel = { ...base, method: 'prototypes', prototypes, sizes: Array.from(km.sizes), iterations: km.iterations, converged: km.converged };
      return model;
    }
    case 'knn': {
      const k = opts.k ?? Math.min(10, n);
      if (k > n) {
        throw new AudienceKitError('INVALID_OPTION', `k = ${k} exceeds the ${n} seeds: kNN averages the k nearest seeds, so k must be at most ${n}`, { issues: [{ path: ['k'], message: 'exceeds seed count' }] });
      }
      const u = normalizedPadded(s, norms, 1).data;
      const rows: number[][] = [];
      for (let i = 0; i < n; i++) rows.push(Array.from(u.subarray(i * d, (i + 1) * d)));
      const model: KnnModel = { ...base, method: 'knn', k, seeds: rows };
      return model;
    }
    case 'classifier': {
      const pop = parseEmbeddings(opts.population, 'population');
      if (pop.rows === 0) throw new AudienceKitError('EMPTY_INPUT', 'population is empty: the classifier needs people to contrast the seeds with');
      if (pop.cols !== d) {
        throw new AudienceKitError('DIMENSION_MISMATCH', `population has ${pop.cols} columns but seeds have ${d}: featurize both with the same vectorizer`);
      }
      rowNorms(pop, 'population');
      const m = opts.sampleSize ?? Math.min(pop.rows, Math.max(10 * n, 10_000));
      if (m > pop.rows) {
        throw new AudienceKitError('INVALID_OPTION', `sampleSize = ${m} exceeds the population of ${pop.rows} rows`, { issues: [{ path: ['sampleSize'], message: 'exceeds population' }] });
      }
      const seed = opts.seed ?? 0;
      const l2 = opts.l2 ?? 0.01 * (n + m);
      const sample = createRng(seed).sampleIndices(pop.rows, m).sort();
      const total = n + m;
      const X = new Float32Array(total * d);
      const y = new Uint8Array(total);
      X.set(s.data.subarray(0, n * d));
      y.fill(1, 0, n);
      for (let t = 0; t < m; t++) {
        const r = sample[t]!;
        X.set(pop.data.subarray(r * d, (r + 1) * d), (n + t) * d);
      }
      const fit = fitLogisticNewton(X, total, d, y, l2, opts.maxIterations ?? 50, 1e-8);
      const model: ClassifierModel = {
        ...base,
        method: 'classifier',
        weights: Array.from(fit.weights),
        intercept: fit.intercept,
        mean: Array.from(fit.mean),
        l2,
        sampleSize: m,
        seed,
        iterations: fit.iterations,
      };
      return model;
    }
  }
}
