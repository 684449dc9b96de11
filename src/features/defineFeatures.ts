import { z } from 'zod';
import { FiniteNumber, parseWith } from '../core/index.js';

const FeatureName = z.string().min(1).max(200);
/** Row field read by a feature (a top-level key; defaults to the feature's name). */
const FieldName = z.string().min(1).max(200);
/**
 * Relative importance of a feature: its columns are multiplied by √weight, so the feature's share
 * of every dot product and squared distance (hence of cosine similarity) is multiplied by weight.
 */
const Weight = z.number().refine(Number.isFinite, { message: 'must be a finite number' }).positive().default(1);

/** A numeric feature: impute → clip → transform, one column (plus an optional missing indicator). */
export const NumericFeatureSchema = z.strictObject({
  kind: z.literal('numeric'),
  name: FeatureName,
  field: FieldName.optional(),
  /** `log1p`: ln(1 + x) (needs x > −1); `standard`: (x − mean)/std; `minmax`: (x − min)/(max − min); `robust`: (x − median)/IQR. */
  transform: z.enum(['none', 'log1p', 'standard', 'minmax', 'robust']).default('none'),
  /** Clip raw values to these fitted quantiles (e.g. `{ lower: 0.01, upper: 0.99 }`). */
  clip: z.strictObject({ lower: z.number().min(0).max(1), upper: z.number().min(0).max(1) })
    .refine((c) => c.lower < c.upper, { message: 'clip.lower must be < clip.upper' }).optional(),
  missing: z.strictObject({
    strategy: z.enum(['mean', 'median', 'constant']).default('mean'),
    /** The fill value for `strategy: 'constant'` (raw units). */
    value: FiniteNumber.optional(),
    /** Add a `name:missing` column (1 when the value was missing). */
    indicator: z.boolean().default(false),
  }).refine((m) => m.strategy !== 'constant' || m.value !== undefined, { message: "missing.value is required for strategy 'constant'", path: ['value'] })
    .default({ strategy: 'mean', indicator: false }),
  weight: Weight,
});

/** One-hot over a vocabulary learned at fit, plus `__other__` and `__missing__` columns. */
export const CategoricalFeatureSchema = z.strictObject({
  kind: z.literal('categorical'),
  name: FeatureName,
  field: FieldName.optional(),
  /** Keep at most this many categories (most frequent first, ties by value ascending). */
  maxCategories: z.number().int().positive().max(100_000).default(100),
  /** Drop categories seen fewer times than this at fit (they go to `__other__`). */
  minCount: z.number().int().positive().default(1),
  weight: Weight,
});

/** Multi-valued tags (an array of strings): multi-hot or TF-IDF over a top-N vocabulary. */
export const TagsFeatureSchema = z.strictObject({
  kind: z.literal('tags'),
  name: FeatureName,
  field: FieldName.optional(),
  /** `multiHot`: 1 per present tag. `tfidf`: scikit-learn TfidfVectorizer defaults (raw counts × smooth idf, then l2 over the block). */
  mode: z.enum(['multiHot', 'tfidf']).default('multiHot'),
  /** Vocabulary size: the tags in most rows first, ties by value ascending. */
  topN: z.number().int().positive().max(100_000).default(100),
  /** Minimum number of rows a tag must appear in. */
  minCount: z.number().int().positive().default(1),
  weight: Weight,
});

/** Feature hashing (scikit-learn FeatureHasher convention) into 2^bits columns. */
export const HashedFeatureSchema = z.strictObject({
  kind: z.literal('hashed'),
  name: FeatureName,
  field: FieldName.optional(),
  bits: z.number().int().min(1).max(24).default(10),
  /** Sign each value by its hash (sklearn `alternate_sign=True`), so collisions cancel in expectation. */
  alternateSign: z.boolean().default(true),
  weight: Weight,
});

/** Quantile bins of a numeric field, one-hot, plus a `__missing__` column. */
export const BucketizedFeatureSchema = z.strictObject({
  kind: z.literal('bucketized'),
  name: FeatureName,
  field: FieldName.optional(),
  bins: z.number().int().min(2).max(1000).default(10),
  weight: Weight,
});

/** Any one feature of a spec (discriminated by `kind`). */
export const FeatureDefinitionSchema = z.discriminatedUnion('kind', [
  NumericFeatureSchema, CategoricalFeatureSchema, TagsFeatureSchema, HashedFeatureSchema, BucketizedFeatureSchema,
]).superRefine((f, ctx) => {
  if (f.kind === 'numeric' && f.transform === 'log1p' && f.missing.strategy === 'constant' && f.missing.value !== undefined && f.missing.value <= -1) {
    ctx.addIssue({ code: 'custom', message: 'log1p needs missing.value > -1', path: ['missing', 'value'] });
  }
});

/** The schema of a feature spec, as accepted by {@link defineFeatures} and stored in models. */
export const FeatureSpecSchema = z.strictObject({
  features: z.array(FeatureDefinitionSchema).min(1).max(10_000),
  /** Relative accuracy α of the DDSketch behind every quantile statistic (median, IQR, clip bounds, bins). */
  quantileAccuracy: z.number().gt(0).max(0.1).default(0.005),
}).superRefine((s, ctx) => {
  const seen = new Set<string>();
  s.features.forEach((f, i) => {
    if (seen.has(f.name)) ctx.addIssue({ code: 'custom', message: `duplicate feature name '${f.name}'`, path: ['features', i, 'name'] });
    seen.add(f.name);
  });
});

/** A feature spec as written by a caller (defaults optional). */
export type FeatureSpecInput = z.input<typeof FeatureSpecSchema>;
/** A validated feature spec with every default filled in. */
export type FeatureSpec = z.output<typeof FeatureSpecSchema>;
/** One validated feature definition. */
export type FeatureDefinition = FeatureSpec['features'][number];

/**
 * Validates a declarative feature spec and fills in its defaults. Kinds: `numeric`
 * (none / log1p / standard / minmax / robust, quantile clipping, mean / median / constant
 * imputation, optional missing indicator), `categorical` (one-hot with `__other__` and
 * `__missing__`), `tags` (multi-hot or TF-IDF), `hashed` (signed MurmurHash3 feature hashing)
 * and `bucketized` (quantile bins). Modelled on scikit-learn's preprocessing
 * (StandardScaler, MinMaxScaler, RobustScaler, SimpleImputer, OneHotEncoder, TfidfVectorizer,
 * FeatureHasher, KBinsDiscretizer). O(number of features).
 *
 * @param spec - `{ features: [...], quantileAccuracy? }`; each feature reads `row[field ?? name]`.
 * @returns the spec with defaults filled (plain JSON).
 * @throws AudienceKitError `INVALID_OPTION` naming the path of every bad entry (unknown kind or key, duplicate name, …).
 * @example
 * const spec = defineFeatures({ features: [
 *   { kind: 'numeric', name: 'spend', transform: 'log1p' },
 *   { kind: 'categorical', name: 'city_tier' },
 *   { kind: 'tags', name: 'interests', mode: 'tfidf', weight: 2 },
 * ] });
 * spec.features[1]; // => { kind: 'categorical', name: 'city_tier', maxCategories: 100, minCount: 1, weight: 1 }
 */
export function defineFeatures(spec: FeatureSpecInput): FeatureSpec {
  return parseWith(FeatureSpecSchema, spec, 'feature spec', 'INVALID_OPTION');
}
