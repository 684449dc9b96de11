import { z } from 'zod';
import { AudienceKitError, parseWith, type MergeableSummary } from '../core/index.js';
import { FeatureSpecSchema, type FeatureDefinition, type FeatureSpec, type FeatureSpecInput } from './defineFeatures.js';
import { DDSketch, DDSketchJSONSchema } from './internal/ddsketch.js';
import { asValueList, checkRow, readCategory, readListItem, readNumber, type FeatureRow } from './internal/readValue.js';
import type { FittedFeature, VectorizerModel } from './vectorizerModel.js';

const WHERE = 'fitVectorizer';

/** Running statistics of a numeric or bucketized feature (Welford / Chan et al. for mean and variance). */
interface NumericState {
  readonly kind: 'numeric' | 'bucketized';
  seen: boolean;
  missing: number;
  count: number;
  mean: number;
  m2: number;
  min: number;
  max: number;
  /** Present when a quantile is needed (robust, clip, median imputation, bins). */
  readonly sketch: DDSketch | null;
}

interface CountState {
  readonly kind: 'categorical' | 'tags';
  seen: boolean;
  missing: number;
  /** categorical: rows per value; tags: rows containing each tag (document frequency). */
  readonly counts: Map<string, number>;
}

interface HashedState { readonly kind: 'hashed'; seen: boolean }

type FeatureState = NumericState | CountState | HashedState;

/**
 * The un-finished, mergeable state of a vectorizer fit: rows seen and one summary per feature.
 * Owned by whoever accumulates it; `add` and `merge` update the first argument in place.
 */
export interface VectorizerFitState {
  readonly spec: FeatureSpec;
  rows: number;
  readonly features: FeatureState[];
}

function needsSketch(f: FeatureDefinition): boolean {
  if (f.kind === 'bucketized') return true;
  return f.kind === 'numeric' && (f.transform === 'robust' || f.clip !== undefined || f.missing.strategy === 'median');
}

function emptyState(spec: FeatureSpec): VectorizerFitState {
  return {
    spec,
    rows: 0,
    features: spec.features.map((f): FeatureState => {
      switch (f.kind) {
        case 'numeric':
        case 'bucketized':
          return { kind: f.kind, seen: false, missing: 0, count: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity, sketch: needsSketch(f) ? new DDSketch(spec.quantileAccuracy) : null };
        case 'categorical':
        case 'tags':
          return { kind: f.kind, seen: false, missing: 0, counts: new Map() };
        case 'hashed':
          return { kind: 'hashed', seen: false };
      }
    }),
  };
}

/**
 * Adds one row's value of one feature to its state. Compiled once per spec (field name and flags
 * resolved up front); finite numbers and strings take inline fast paths and only other values go
 * through the readValue helpers (same errors).
 */
type FeatureAdder = (st: FeatureState, row: FeatureRow, index: number) => void;

function log1pDomain(index: number, field: string): AudienceKitError {
  return new AudienceKitError('INVALID_INPUT', `${WHERE}: rows[${index}].${field} must be > -1 for the log1p transform`, { issues: [{ path: ['rows', index, field], message: 'must be > -1 for log1p' }], details: { row: index, field } });
}

const bump = (counts: Map<string, number>, key: string): void => { counts.set(key, (counts.get(key) ?? 0) + 1); };

/** Up to this many values, a row's distinct tags are found by comparing with the earlier ones (no Set per row). */
const SMALL_LIST = 16;

function compileAdder(def: FeatureDefinition): FeatureAdder {
  const field = def.field ?? def.name;
  switch (def.kind) {
    case 'numeric':
    case 'bucketized': {
      const log1p = def.kind === 'numeric' && def.transform === 'log1p';
      return (state, row, index) => {
        const st = state as NumericState;
        const raw = row[field];
        if (raw !== undefined) st.seen = true;
        let x: number;
        if (typeof raw === 'number' && raw - raw === 0) x = raw;
        else {
          const r = readNumber(raw, index, field, WHERE);
          if (r === undefined) { st.missing++; return; }
          x = r;
        }
        if (log1p && x <= -1) throw log1pDomain(index, field);
        const n = ++st.count;
        const d = x - st.mean;
        st.mean += d / n;
        st.m2 += d * (x - st.mean);
        if (x < st.min) st.min = x;
        if (x > st.max) st.max = x;
        if (st.sketch) st.sketch.add(x);
      };
    }
    case 'categorical':
      return (state, row, index) => {
        const st = state as CountState;
        const raw = row[field];
        if (raw !== undefined) st.seen = true;
        if (typeof raw === 'string') { bump(st.counts, raw); return; }
        const c = readCategory(raw, index, field, WHERE);
        if (c === undefined) st.missing++;
        else bump(st.counts, c);
      };
    case 'tags':
      return (state, row, index) => {
        const st = state as CountState;
        const raw = row[field];
        if (raw !== undefined) st.seen = true;
        if (typeof raw === 'string') { bump(st.counts, raw); return; }
        const list = asValueList(raw);
        if (list === undefined || list.length === 0) { st.missing++; return; }
        const len = list.length;
        if (len === 1) { bump(st.counts, readListItem(list[0], index, field, WHERE, 0)); return; }
        // Document frequency: count each distinct tag once per row. Check every value first, so
        // a bad value leaves the state as it was.
        const keys = new Array<string>(len);
        for (let j = 0; j < len; j++) { const x = list[j]; keys[j] = typeof x === 'string' ? x : readListItem(x, index, field, WHERE, j); }
        if (len > SMALL_LIST) { for (const t of new Set(keys)) bump(st.counts, t); return; }
        outer: for (let j = 0; j < len; j++) {
          const t = keys[j]!;
          for (let k = 0; k < j; k++) if (keys[k] === t) continue outer;
          bump(st.counts, t);
        }
      };
    case 'hashed':
      return (state, row, index) => {
        const raw = row[field];
        if (raw !== undefined) state.seen = true;
        if (typeof raw === 'string') return;
        const list = asValueList(raw);
        if (list) for (let j = 0; j < list.length; j++) { const x = list[j]; if (typeof x !== 'string') readListItem(x, index, field, WHERE, j); }
      };
  }
}

function addRowWith(adders: readonly FeatureAdder[], state: VectorizerFitState, row: unknown, index: number): VectorizerFitState {
  checkRow(row, index, WHERE);
  const features = state.features;
  for (let k = 0; k < adders.length; k++) adders[k]!(features[k]!, row, index);
  state.rows++;
  return state;
}

function sameSpec(a: FeatureSpec, b: FeatureSpec): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function mergeStates(a: VectorizerFitState, b: VectorizerFitState): VectorizerFitState {
  if (!sameSpec(a.spec, b.spec)) throw new AudienceKitError('DIMENSION_MISMATCH', `${WHERE}: cannot merge fit states of different feature specs`);
  for (let k = 0; k < a.features.length; k++) {
    const x = a.features[k]!, y = b.features[k]!;
    x.seen ||= y.seen;
    if ((x.kind === 'numeric' || x.kind === 'bucketized') && (y.kind === 'numeric' || y.kind === 'bucketized')) {
      // Chan, Golub & LeVeque (1979) pairwise update of mean and M2.
      x.missing += y.missing;
      const n = x.count + y.count;
      if (y.count > 0) {
        const d = y.mean - x.mean;
        x.mean = x.count === 0 ? y.mean : x.mean + (d * y.count) / n;
        x.m2 = x.m2 + y.m2 + (d * d * x.count * y.count) / n;
        x.count = n;
        if (y.min < x.min) x.min = y.min;
        if (y.max > x.max) x.max = y.max;
        if (x.sketch && y.sketch) x.sketch.merge(y.sketch);
      }
    } else if ((x.kind === 'categorical' || x.kind === 'tags') && (y.kind === 'categorical' || y.kind === 'tags')) {
      x.missing += y.missing;
      for (const [v, c] of y.counts) x.counts.set(v, (x.counts.get(v) ?? 0) + c);
    }
  }
  a.rows += b.rows;
  return a;
}

/** Deterministic vocabulary order: count descending, then value ascending (UTF-16 code units). */
function vocabulary(counts: ReadonlyMap<string, number>, minCount: number, max: number): [string, number][] {
  const entries = [...counts].filter(([, c]) => c >= minCount);
  entries.sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));
  return entries.slice(0, max);
}

function finishFeature(def: FeatureDefinition, st: FeatureState, rows: number): FittedFeature {
  const field = def.field ?? def.name;
  if (!st.seen) {
    throw new AudienceKitError('INVALID_INPUT', `${WHERE}: field '${field}' of feature '${def.name}' is in none of the ${rows} rows (unknown field?)`, {
      issues: [{ path: ['rows', '*', field], message: 'unknown field: present in no row' }], details: { field },
    });
  }
  switch (def.kind) {
    case 'numeric': {
      const s = st as NumericState;
      const has = s.count > 0;
      const mean = has ? s.mean : null;
      const std = has ? Math.sqrt(Math.max(0, s.m2 / s.count)) : null;
      const q = (p: number): number | null => (s.sketch ? s.sketch.quantile(p) ?? null : null);
      const q25 = q(0.25), median = q(0.5), q75 = q(0.75);
      const clipLower = def.clip ? q(def.clip.lower) : null;
      const clipUpper = def.clip ? q(def.clip.upper) : null;
      const fill = def.missing.strategy === 'constant' ? def.missing.value ?? 0 : def.missing.strategy === 'median' ? median ?? 0 : mean ?? 0;
      let center = 0, scale = 1;
      // A scale below 10·machine-epsilon is treated as zero and replaced by 1 (scikit-learn's _handle_zeros_in_scale).
      const safe = (x: number): number => (x < 10 * Number.EPSILON ? 1 : x);
      if (has) {
        if (def.transform === 'standard') { center = s.mean; scale = safe(std!); }
        else if (def.transform === 'minmax') {
          const lo = clipLower !== null ? Math.max(s.min, clipLower) : s.min;
          const hi = clipUpper !== null ? Math.min(s.max, clipUpper) : s.max;
          center = lo; scale = safe(hi - lo);
        } else if (def.transform === 'robust') { center = median!; scale = safe(q75! - q25!); }
      }
      return {
        ...def, field, fill, clipLower, clipUpper, center, scale,
        stats: { count: s.count, missing: s.missing, mean, std, min: has ? s.min : null, max: has ? s.max : null, q25, median, q75 },
      };
    }
    case 'bucketized': {
      const s = st as NumericState;
      const edges: number[] = [];
      for (let i = 1; i < def.bins; i++) {
        const e = s.sketch!.quantile(i / def.bins);
        if (e !== undefined && (edges.length === 0 || e > edges[edges.length - 1]!)) edges.push(e);
      }
      return { ...def, field, edges, missingCount: s.missing };
    }
    case 'categorical': {
      const s = st as CountState;
      const vocab = vocabulary(s.counts, def.minCount, def.maxCategories);
      let kept = 0;
      for (const [, c] of vocab) kept += c;
      return { ...def, field, categories: vocab.map((e) => e[0]), counts: vocab.map((e) => e[1]), otherCount: rows - s.missing - kept, missingCount: s.missing };
    }
    case 'tags': {
      const s = st as CountState;
      const vocab = vocabulary(s.counts, def.minCount, def.topN);
      // scikit-learn TfidfVectorizer(smooth_idf=True): idf = ln((1 + n) / (1 + df)) + 1.
      const idf = def.mode === 'tfidf' ? vocab.map(([, df]) => Math.log((1 + rows) / (1 + df)) + 1) : null;
      return { ...def, field, tags: vocab.map((e) => e[0]), df: vocab.map((e) => e[1]), documents: rows, idf };
    }
    case 'hashed':
      return { ...def, field };
  }
}

function finishState(state: VectorizerFitState): VectorizerModel {
  if (state.rows === 0) throw new AudienceKitError('EMPTY_INPUT', `${WHERE}: no rows to fit on`);
  return {
    kind: 'audience-kit/vectorizer',
    version: 1,
    quantileAccuracy: state.spec.quantileAccuracy,
    rows: state.rows,
    features: state.spec.features.map((def, k) => finishFeature(def, state.features[k]!, state.rows)),
  };
}

const sortedEntries = (m: ReadonlyMap<string, number>): [string, number][] => [...m].sort((p, q) => (p[0] < q[0] ? -1 : p[0] > q[0] ? 1 : 0));

/** The JSON form of a {@link VectorizerFitState} (maps as sorted `[value, count]` pairs, sketches as bucket arrays). */
export const VectorizerFitStateJSONSchema = z.strictObject({
  kind: z.literal('audience-kit/vectorizer-fit-state'),
  version: z.literal(1),
  spec: FeatureSpecSchema,
  rows: z.number().int().nonnegative(),
  features: z.array(z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.enum(['numeric', 'bucketized']), seen: z.boolean(), missing: z.number().int().nonnegative(), count: z.number().int().nonnegative(),
      mean: z.number().refine(Number.isFinite), m2: z.number().nonnegative().refine(Number.isFinite),
      min: z.number().refine(Number.isFinite).nullable(), max: z.number().refine(Number.isFinite).nullable(), sketch: DDSketchJSONSchema.nullable(),
    }),
    z.strictObject({ kind: z.enum(['categorical', 'tags']), seen: z.boolean(), missing: z.number().int().nonnegative(), counts: z.array(z.tuple([z.string(), z.number().int().positive()])) }),
    z.strictObject({ kind: z.literal('hashed'), seen: z.boolean() }),
  ])),
});

function stateToJSON(s: VectorizerFitState): z.input<typeof VectorizerFitStateJSONSchema> {
  return {
    kind: 'audience-kit/vectorizer-fit-state', version: 1, spec: s.spec, rows: s.rows,
    features: s.features.map((f) => {
      switch (f.kind) {
        case 'numeric':
        case 'bucketized':
          return { kind: f.kind, seen: f.seen, missing: f.missing, count: f.count, mean: f.mean, m2: f.m2, min: f.count ? f.min : null, max: f.count ? f.max : null, sketch: f.sketch ? f.sketch.toJSON() : null };
        case 'categorical':
        case 'tags':
          return { kind: f.kind, seen: f.seen, missing: f.missing, counts: sortedEntries(f.counts) };
        case 'hashed':
          return { kind: 'hashed', seen: f.seen };
      }
    }),
  };
}

function stateFromJSON(json: unknown): VectorizerFitState {
  const j = parseWith(VectorizerFitStateJSONSchema, json, 'vectorizer fit state', 'INVALID_MODEL');
  const s = emptyState(j.spec);
  s.rows = j.rows;
  const bad = (k: number, what: string): AudienceKitError => new AudienceKitError('INVALID_MODEL', `vectorizer fit state: features[${k}] ${what}`, { issues: [{ path: ['features', k], message: what }] });
  if (j.features.length !== s.features.length) throw new AudienceKitError('INVALID_MODEL', `vectorizer fit state: ${j.features.length} feature states for ${s.features.length} features`);
  j.features.forEach((f, k) => {
    const t = s.features[k]!;
    if (f.kind !== t.kind) throw bad(k, `has kind '${f.kind}', the spec says '${t.kind}'`);
    t.seen = f.seen;
    if ((f.kind === 'numeric' || f.kind === 'bucketized') && (t.kind === 'numeric' || t.kind === 'bucketized')) {
      if ((f.sketch === null) !== (t.sketch === null)) throw bad(k, 'sketch presence does not match the spec');
      Object.assign(t, { missing: f.missing, count: f.count, mean: f.mean, m2: f.m2, min: f.min ?? Infinity, max: f.max ?? -Infinity });
      if (f.sketch && t.sketch) {
        const sk = DDSketch.fromJSON(f.sketch, `vectorizer fit state: features[${k}].sketch`);
        if (sk.count !== f.count || sk.alpha !== j.spec.quantileAccuracy) throw bad(k, 'sketch count or accuracy does not match');
        t.sketch.merge(sk);
      }
      if (f.count + f.missing > j.rows || (f.count > 0) !== (f.min !== null)) throw bad(k, 'counts are inconsistent with rows');
    } else if ((f.kind === 'categorical' || f.kind === 'tags') && (t.kind === 'categorical' || t.kind === 'tags')) {
      t.missing = f.missing;
      for (const [v, c] of f.counts) {
        if (t.counts.has(v)) throw bad(k, 'has a duplicate value');
        t.counts.set(v, c);
      }
    }
  });
  return s;
}

/**
 * The vectorizer fit as a mergeable summary (DESIGN.md "Scale"): `empty` / `add(row)` / `merge` /
 * `finish` / `toJSON` / `fromJSON`. Shards can be accumulated in other workers or machines and
 * merged; `finish(merge(a, b))` equals the fit on all rows: vocabularies, counts, document
 * frequencies, min / max and every quantile (DDSketch bucket counts add exactly) are identical;
 * mean and variance (Welford per row, Chan et al. 1979 per merge) agree to floating-point rounding.
 *
 * @param spec - a feature spec (validated with {@link defineFeatures} rules).
 * @returns the summary; `add` checks each row (see {@link fitVectorizer} for the errors).
 * @throws AudienceKitError `INVALID_OPTION` for a bad spec; `merge` throws `DIMENSION_MISMATCH` for states of different specs; `fromJSON` throws `INVALID_MODEL`.
 * @example
 * const fit = vectorizerSummary(spec);
 * const a = accumulate(fit, shard1), b = accumulate(fit, shard2);
 * const model = fit.finish(fit.merge(a, b)); // => the same model as fitVectorizer(spec, [...shard1, ...shard2])
 */
export function vectorizerSummary(spec: FeatureSpecInput | FeatureSpec): MergeableSummary<VectorizerFitState, unknown, VectorizerModel> {
  const s = parseWith(FeatureSpecSchema, spec, 'feature spec', 'INVALID_OPTION');
  const adders = s.features.map(compileAdder);
  return {
    kind: 'audience-kit/vectorizer-fit-state',
    empty: () => emptyState(s),
    // A state of another (equal or not) spec object gets its own adders: they depend on the spec only.
    add: (state, row, index) => addRowWith(state.spec === s ? adders : state.spec.features.map(compileAdder), state, row, index),
    merge: mergeStates,
    finish: finishState,
    toJSON: stateToJSON,
    // A decoded state of an equal spec shares this summary's spec object (so `add` reuses the adders).
    fromJSON: (json) => { const st = stateFromJSON(json); return sameSpec(st.spec, s) ? { ...st, spec: s } : st; },
  };
}

/**
 * Fits a vectorizer: learns every feature's statistics (scalers, imputation values, clip bounds,
 * vocabularies, document frequencies, quantile bin edges) in one pass over the rows, as
 * scikit-learn's preprocessing would. Quantile statistics come from a DDSketch of relative
 * accuracy `spec.quantileAccuracy` (default 0.5%): each is within that relative error of the exact
 * quantile (the element of rank ⌊q(n−1)⌋). Equal to `finish(merge(...))` over any split of the
 * rows ({@link vectorizerSummary}). O(rows × features) time; memory O(distinct values + sketch buckets).
 *
 * @param spec - a feature spec (see {@link defineFeatures}).
 * @param rows - plain objects; each feature reads `row[field]` (undefined or null = missing).
 * @returns a {@link VectorizerModel}: plain JSON with `kind` and `version`.
 * @throws AudienceKitError `INVALID_OPTION` for a bad spec; `EMPTY_INPUT` for no rows; `INVALID_INPUT` with the row
 *   index and field for a row that is not an object, a string where a number is expected, NaN / ±Infinity,
 *   a value <= −1 under log1p, or a field present in no row (unknown field).
 * @example
 * const model = fitVectorizer({ features: [{ kind: 'numeric', name: 'age', transform: 'standard' }] }, [{ age: 20 }, { age: 40 }]);
 * model.features[0].center; // => 30 (scale 10)
 */
export function fitVectorizer(spec: FeatureSpecInput | FeatureSpec, rows: readonly unknown[]): VectorizerModel {
  if (!Array.isArray(rows)) throw new AudienceKitError('INVALID_INPUT', `${WHERE}: rows must be an array`);
  const summary = vectorizerSummary(spec);
  let state = summary.empty();
  for (let i = 0; i < rows.length; i++) state = summary.add(state, rows[i], i);
  return summary.finish(state);
}
