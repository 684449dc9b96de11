import { z } from 'zod';
import { FiniteNumber, parseWith } from '../core/index.js';

/** Current version of the stored {@link LookalikeModel} format. */
export const LOOKALIKE_MODEL_VERSION = 1 as const;

/**
 * A vector of finite numbers, checked by one plain loop rather than a schema per element: a knn
 * model holds seeds × dims numbers and is validated on every `scoreLookalike` call (chunked
 * scoring), where per-element schemas cost ~50 ms for 2,000 × 64 (measured, loaded 2-core VM).
 */
const Vector = z.custom<number[]>(isFiniteArray, { message: 'must be an array of finite numbers' });

function isFiniteArray(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  for (const x of v as unknown[]) if (typeof x !== 'number' || !Number.isFinite(x)) return false;
  return true;
}
const Base = {
  kind: z.literal('lookalike'),
  version: z.literal(LOOKALIKE_MODEL_VERSION),
  /** Number of embedding columns the model was fit on; candidates must match. */
  dims: z.number().int().min(1),
  /** Number of seed rows it was fit on. */
  seedCount: z.number().int().min(1),
};

/** Cosine to the normalized mean of the unit seed rows. An all-zero `centroid` (seeds cancel out) scores 0 everywhere. */
export const CentroidModelSchema = z.object({ ...Base, method: z.literal('centroid'), centroid: Vector });
/** Best cosine to one of P unit prototypes (spherical k-means++ on the seeds); `sizes[p]` seeds per prototype. */
export const PrototypesModelSchema = z.object({
  ...Base,
  method: z.literal('prototypes'),
  prototypes: z.array(Vector).min(1),
  sizes: z.array(z.number().int().min(0)),
  iterations: z.number().int().min(0),
  converged: z.boolean(),
});
/** Mean cosine to the `k` nearest seeds; `seeds` are the unit seed rows. */
export const KnnModelSchema = z.object({ ...Base, method: z.literal('knn'), k: z.number().int().min(1), seeds: z.array(Vector).min(1) });
/**
 * Probability from an L2-regularized logistic regression of seeds against a random sample of the
 * population: `1 / (1 + exp(−(intercept + weights · x)))`, weights on the raw columns;
 * `mean` = column means of the training rows (the baseline of explanations).
 */
export const ClassifierModelSchema = z.object({
  ...Base,
  method: z.literal('classifier'),
  weights: Vector,
  intercept: FiniteNumber,
  mean: Vector,
  l2: z.number().positive(),
  sampleSize: z.number().int().min(1),
  seed: z.number().int(),
  iterations: z.number().int().min(0),
});

/**
 * A fitted lookalike model: plain JSON (vectors as `number[]` holding Float32 values, so
 * `JSON.parse(JSON.stringify(model))` restores it exactly), tagged `kind: 'lookalike'`, `version: 1`,
 * and validated again whenever it is scored, explained, or loaded with {@link parseLookalikeModel}.
 */
export const LookalikeModelSchema = z
  .discriminatedUnion('method', [CentroidModelSchema, PrototypesModelSchema, KnnModelSchema, ClassifierModelSchema])
  .superRefine((m, ctx) => {
    const check = (v: readonly number[], path: (string | number)[]): void => {
      if (v.length !== m.dims) ctx.addIssue({ code: 'custom', path, message: `must have dims = ${m.dims} values, has ${v.length}` });
    };
    switch (m.method) {
      case 'centroid': check(m.centroid, ['centroid']); break;
      case 'prototypes':
        m.prototypes.forEach((p, i) => { check(p, ['prototypes', i]); });
        if (m.sizes.length !== m.prototypes.length) ctx.addIssue({ code: 'custom', path: ['sizes'], message: 'must have one entry per prototype' });
        break;
      case 'knn':
        m.seeds.forEach((s, i) => { check(s, ['seeds', i]); });
        if (m.k > m.seeds.length) ctx.addIssue({ code: 'custom', path: ['k'], message: `k = ${m.k} exceeds the ${m.seeds.length} stored seeds` });
        break;
      case 'classifier': check(m.weights, ['weights']); check(m.mean, ['mean']); break;
    }
  });

export type LookalikeModel = z.infer<typeof LookalikeModelSchema>;
export type CentroidModel = z.infer<typeof CentroidModelSchema>;
export type PrototypesModel = z.infer<typeof PrototypesModelSchema>;
export type KnnModel = z.infer<typeof KnnModelSchema>;
export type ClassifierModel = z.infer<typeof ClassifierModelSchema>;
export type LookalikeMethod = LookalikeModel['method'];

/**
 * Validates a stored lookalike model (e.g. `JSON.parse` of a saved one) and returns it typed.
 * Checks kind, version, method, every vector's length against `dims`, finiteness, and `k`.
 * Complexity: O(model size).
 *
 * @param json - the parsed JSON value.
 * @returns the model, typed.
 * @throws AudienceKitError `INVALID_MODEL` naming each failing field path.
 * @example
 * parseLookalikeModel(JSON.parse(JSON.stringify(model))).method; // => 'centroid'
 * parseLookalikeModel({ kind: 'lookalike', version: 2 }); // throws INVALID_MODEL (version)
 */
export function parseLookalikeModel(json: unknown): LookalikeModel {
  return parseWith(LookalikeModelSchema, json, 'lookalike model', 'INVALID_MODEL');
}
