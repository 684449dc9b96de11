import { z } from 'zod';
import { parseWith } from '../core/index.js';
import { BucketizedFeatureSchema, CategoricalFeatureSchema, HashedFeatureSchema, NumericFeatureSchema, TagsFeatureSchema } from './defineFeatures.js';

const Finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
const Count = z.number().int().nonnegative();
const Field = z.string().min(1).max(200);

const unique = (xs: readonly string[]): boolean => new Set(xs).size === xs.length;

/** A fitted numeric feature: `y = (transform(clip(x ?? fill)) − center) / scale`. */
export const FittedNumericSchema = NumericFeatureSchema.extend({
  field: Field,
  /** Raw value used for a missing input. */
  fill: Finite,
  clipLower: Finite.nullable(),
  clipUpper: Finite.nullable(),
  center: Finite,
  scale: Finite.refine((s) => s > 0, { message: 'must be > 0' }),
  /** Fit statistics for inspection: population std (ddof 0, as scikit-learn's StandardScaler); quantiles from the DDSketch. */
  stats: z.strictObject({
    count: Count, missing: Count, mean: Finite.nullable(), std: Finite.nullable(), min: Finite.nullable(), max: Finite.nullable(),
    q25: Finite.nullable(), median: Finite.nullable(), q75: Finite.nullable(),
  }),
});

/** A fitted categorical feature: columns `categories…, __other__, __missing__`. */
export const FittedCategoricalSchema = CategoricalFeatureSchema.extend({
  field: Field,
  categories: z.array(z.string()).refine(unique, { message: 'categories must be unique' }),
  /** Fit count of each category (same order). */
  counts: z.array(Count),
  otherCount: Count,
  missingCount: Count,
}).refine((f) => f.counts.length === f.categories.length, { message: 'counts and categories differ in length', path: ['counts'] });

/** A fitted tags feature: one column per vocabulary tag; `idf` present in `tfidf` mode. */
export const FittedTagsSchema = TagsFeatureSchema.extend({
  field: Field,
  tags: z.array(z.string()).refine(unique, { message: 'tags must be unique' }),
  /** Rows containing each tag (document frequency), same order. */
  df: z.array(Count),
  /** Rows seen at fit (documents). */
  documents: Count,
  idf: z.array(Finite).nullable(),
}).refine((f) => f.df.length === f.tags.length && (f.idf === null ? f.mode === 'multiHot' : f.mode === 'tfidf' && f.idf.length === f.tags.length), {
  message: 'df / idf do not match tags and mode', path: ['idf'],
});

/** A fitted hashed feature (no learned state). */
export const FittedHashedSchema = HashedFeatureSchema.extend({ field: Field });

/** A fitted bucketized feature: bins `(−∞, e0), [e0, e1), …, [e_last, ∞)` and `__missing__`. */
export const FittedBucketizedSchema = BucketizedFeatureSchema.extend({
  field: Field,
  edges: z.array(Finite).refine((e) => e.every((x, i) => i === 0 || x > e[i - 1]!), { message: 'edges must be strictly increasing' }),
  missingCount: Count,
});

export const FittedFeatureSchema = z.discriminatedUnion('kind', [
  FittedNumericSchema, FittedCategoricalSchema, FittedTagsSchema, FittedHashedSchema, FittedBucketizedSchema,
]);

/** The schema of a {@link VectorizerModel} (validated whenever a model is loaded back or applied). */
export const VectorizerModelSchema = z.strictObject({
  kind: z.literal('audience-kit/vectorizer'),
  version: z.literal(1),
  quantileAccuracy: z.number().gt(0).max(0.1),
  /** Rows seen at fit. */
  rows: z.number().int().positive(),
  features: z.array(FittedFeatureSchema).min(1),
}).superRefine((m, ctx) => {
  const seen = new Set<string>();
  m.features.forEach((f, i) => {
    if (seen.has(f.name)) ctx.addIssue({ code: 'custom', message: `duplicate feature name '${f.name}'`, path: ['features', i, 'name'] });
    seen.add(f.name);
  });
});

/** A fitted vectorizer: plain JSON (`kind: 'audience-kit/vectorizer'`, `version: 1`). */
export type VectorizerModel = z.output<typeof VectorizerModelSchema>;
export type FittedFeature = VectorizerModel['features'][number];

/**
 * Validates a stored vectorizer model (e.g. `JSON.parse` of one saved earlier) and returns it typed.
 * O(model size).
 *
 * @param json - anything; typically parsed JSON.
 * @returns the model, unchanged.
 * @throws AudienceKitError `INVALID_MODEL` naming each bad path (wrong kind/version, ragged vocabularies, …).
 * @example
 * const model = parseVectorizerModel(JSON.parse(stored));
 * model.kind; // => 'audience-kit/vectorizer'
 */
export function parseVectorizerModel(json: unknown): VectorizerModel {
  return parseWith(VectorizerModelSchema, json, 'vectorizer model', 'INVALID_MODEL');
}

/** Number of output columns of one fitted feature. */
export function featureWidth(f: FittedFeature): number {
  switch (f.kind) {
    case 'numeric': return f.missing.indicator ? 2 : 1;
    case 'categorical': return f.categories.length + 2;
    case 'tags': return f.tags.length;
    case 'hashed': return 2 ** f.bits;
    case 'bucketized': return f.edges.length + 2;
  }
}
