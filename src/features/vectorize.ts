import { z } from 'zod';
import { AudienceKitError, parseWith, type Embeddings } from '../core/index.js';
import { hashedColumn, murmur3x86_32 } from './internal/murmur3.js';
import { asValueList, checkRow, readCategory, readListItem, readNumber } from './internal/readValue.js';
import { featureWidth, parseVectorizerModel, type FittedFeature, type VectorizerModel } from './vectorizerModel.js';

/** Options of {@link vectorize}. */
export const VectorizeOptionsSchema = z.strictObject({
  /** `l2`: scale each row to unit length (all-zero rows stay zero); `none` (default): leave as is. */
  normalize: z.enum(['l2', 'none']).default('none'),
});
export type VectorizeOptions = z.input<typeof VectorizeOptionsSchema>;

const WHERE = 'vectorize';
const FLOAT32_MAX = 3.4028234663852886e38;

/** A fitted feature with its column offset, √weight and lookup tables, built once per call. */
interface Plan {
  readonly f: FittedFeature;
  readonly offset: number;
  readonly w: number;
  readonly index: Map<string, number> | null;
}

function plan(model: VectorizerModel): { plans: Plan[]; width: number } {
  let offset = 0;
  const plans = model.features.map((f): Plan => {
    let index: Map<string, number> | null = null;
    if (f.kind === 'categorical') index = new Map(f.categories.map((c, i) => [c, i]));
    else if (f.kind === 'tags') index = new Map(f.tags.map((t, i) => [t, i]));
    const p = { f, offset, w: Math.sqrt(f.weight), index };
    offset += featureWidth(f);
    return p;
  });
  return { plans, width: offset };
}

function overflow(rowIndex: number, field: string): AudienceKitError {
  return new AudienceKitError('INVALID_INPUT', `${WHERE}: rows[${rowIndex}].${field} is too large: its transformed value overflows Float32`, {
    issues: [{ path: ['rows', rowIndex, field], message: 'overflows Float32 after transform' }], details: { row: rowIndex, field },
  });
}

/** Upper bound: number of edges <= x, i.e. the bin index of x for bins (−∞,e0), [e0,e1), …, [e_last,∞). */
function binOf(edges: readonly number[], x: number): number {
  let lo = 0, hi = edges.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (edges[mid]! <= x) lo = mid + 1; else hi = mid; }
  return lo;
}

/**
 * Turns rows into a dense Float32 matrix with a fitted {@link VectorizerModel}: for each feature,
 * numeric `(transform(clip(x ?? fill)) − center) / scale`; categorical one-hot (unseen values →
 * `__other__`, missing → `__missing__`); tags multi-hot or TF-IDF (raw counts × idf, l2 over the
 * block; tags outside the vocabulary are ignored, as in scikit-learn's vectorizers); hashed
 * signed counts (scikit-learn FeatureHasher, MurmurHash3 of the value's UTF-8, seed 0); bucketized
 * one-hot bins. Each feature's block is multiplied by √weight. Rows are independent, so
 * vectorizing in chunks gives exactly the rows of vectorizing all at once. Never outputs NaN or
 * ±Infinity. O(rows × columns) time (the output is dense).
 *
 * @param model - a fitted model (validated: a model loaded from JSON may be passed as is).
 * @param rows - plain objects, as at fit.
 * @param options - `{ normalize?: 'l2' | 'none' }`.
 * @returns {@link Embeddings} `rows.length × featureNames(model).length`, row-major.
 * @throws AudienceKitError `INVALID_MODEL` for an invalid model; `INVALID_OPTION` for bad options; `INVALID_INPUT`
 *   with the row index and field for a non-object row, a wrong type, NaN / ±Infinity, a value <= −1 under log1p,
 *   or a value that overflows Float32 after its transform.
 * @example
 * const model = fitVectorizer({ features: [{ kind: 'numeric', name: 'age', transform: 'minmax' }, { kind: 'categorical', name: 'tier' }] },
 *   [{ age: 20, tier: 'a' }, { age: 40, tier: 'b' }]);
 * vectorize(model, [{ age: 30, tier: 'c' }]).data; // => Float32Array [0.5, 0, 0, 1, 0] (age, tier=a, tier=b, __other__, __missing__)
 */
export function vectorize(model: VectorizerModel, rows: readonly unknown[], options: VectorizeOptions = {}): Embeddings {
  const m = parseVectorizerModel(model);
  const opts = parseWith(VectorizeOptionsSchema, options, 'vectorize options', 'INVALID_OPTION');
  if (!Array.isArray(rows)) throw new AudienceKitError('INVALID_INPUT', `${WHERE}: rows must be an array`);
  const { plans, width } = plan(m);
  const n = rows.length;
  const out = new Float32Array(n * width);
  const l2 = opts.normalize === 'l2';
  for (let i = 0; i < n; i++) {
    const row: unknown = rows[i];
    checkRow(row, i, WHERE);
    const base = i * width;
    for (let k = 0; k < plans.length; k++) {
      const p = plans[k]!;
      const f = p.f;
      const o = base + p.offset;
      const raw = row[f.field];
      switch (f.kind) {
        case 'numeric': {
          let x = readNumber(raw, i, f.field, WHERE);
          const isMissing = x === undefined;
          x ??= f.fill;
          if (f.clipLower !== null && x < f.clipLower) x = f.clipLower;
          if (f.clipUpper !== null && x > f.clipUpper) x = f.clipUpper;
          if (f.transform === 'log1p') {
            if (x <= -1) {
              throw new AudienceKitError('INVALID_INPUT', `${WHERE}: rows[${i}].${f.field} must be > -1 for the log1p transform`, { issues: [{ path: ['rows', i, f.field], message: 'must be > -1 for log1p' }], details: { row: i, field: f.field } });
            }
            x = Math.log1p(x);
          }
          const y = ((x - f.center) / f.scale) * p.w;
          if (!(Math.abs(y) <= FLOAT32_MAX)) throw overflow(i, f.field);
          out[o] = y;
          if (f.missing.indicator && isMissing) out[o + 1] = p.w;
          break;
        }
        case 'categorical': {
          const c = readCategory(raw, i, f.field, WHERE);
          const j = c === undefined ? f.categories.length + 1 : p.index!.get(c) ?? f.categories.length;
          out[o + j] = p.w;
          break;
        }
        case 'tags': {
          const list = asValueList(raw);
          if (list === undefined) break;
          const idx = p.index!;
          const tfidf = f.idf !== null;
          let any = false;
          for (let j = 0; j < list.length; j++) {
            const c = idx.get(readListItem(list[j], i, f.field, WHERE, j));
            if (c === undefined) continue;
            any = true;
            if (tfidf) out[o + c]! += 1; else out[o + c] = 1;
          }
          if (!any) break;
          const width_ = f.tags.length;
          if (f.idf !== null) {
            // tf × idf, then l2 over the block (sklearn TfidfVectorizer norm='l2'), then √weight.
            const idf = f.idf;
            let ss = 0;
            for (let c = 0; c < width_; c++) { const v = out[o + c]! * idf[c]!; ss += v * v; }
            const inv = p.w / Math.sqrt(ss);
            for (let c = 0; c < width_; c++) { const t = out[o + c]!; if (t !== 0) out[o + c] = t * idf[c]! * inv; }
          } else if (p.w !== 1) {
            for (let c = 0; c < width_; c++) if (out[o + c]! !== 0) out[o + c] = p.w;
          }
          break;
        }
        case 'hashed': {
          const list = asValueList(raw);
          if (list === undefined) break;
          const size = 2 ** f.bits;
          for (let j = 0; j < list.length; j++) {
            const pc = hashedColumn(murmur3x86_32(readListItem(list[j], i, f.field, WHERE, j)), size);
            if (pc >= 0 || !f.alternateSign) out[o + (pc >= 0 ? pc : -pc - 1)]! += p.w;
            else out[o - pc - 1]! -= p.w;
          }
          break;
        }
        case 'bucketized': {
          const x = readNumber(raw, i, f.field, WHERE);
          out[o + (x === undefined ? f.edges.length + 1 : binOf(f.edges, x))] = p.w;
          break;
        }
      }
    }
    if (l2) {
      let ss = 0;
      for (let c = 0; c < width; c++) { const v = out[base + c]!; ss += v * v; }
      if (ss > 0) {
        const inv = 1 / Math.sqrt(ss);
        for (let c = 0; c < width; c++) out[base + c] = out[base + c]! * inv;
      }
    }
  }
  return { rows: n, cols: width, data: out };
}
