import { z } from 'zod';
import { AudienceKitError, parseWith, type Embeddings } from '../core/index.js';
import { hashedColumn, murmur3x86_32 } from './internal/murmur3.js';
import { asValueList, checkRow, readCategory, readListItem, readNumber, type FeatureRow } from './internal/readValue.js';
import { featureWidth, parseVectorizerModel, type FittedFeature, type VectorizerModel } from './vectorizerModel.js';

/** Options of {@link vectorize}. */
export const VectorizeOptionsSchema = z.strictObject({
  /** `l2`: scale each row to unit length (all-zero rows stay zero); `none` (default): leave as is. */
  normalize: z.enum(['l2', 'none']).default('none'),
  /**
   * A buffer to write into instead of allocating one: its first `rows × columns` entries are
   * overwritten and returned as `data` (a view, not a copy). For callers that vectorize many
   * chunks: first-touching fresh memory costs more than the vectorizing itself on some VMs.
   */
  out: z.instanceof(Float32Array).optional(),
  /**
   * `dense` (default): {@link Embeddings}, rows × columns Float32. `csr`: {@link CsrEmbeddings},
   * only the non-zero values (compressed sparse rows, as scikit-learn's `DictVectorizer` /
   * `OneHotEncoder` return by default) — the same values, ~20× less memory for one-hot-heavy specs.
   */
  output: z.enum(['dense', 'csr']).default('dense'),
}).refine((o) => !(o.output === 'csr' && o.out !== undefined), { message: 'out is for the dense output only', path: ['out'] });
export type VectorizeOptions = z.input<typeof VectorizeOptionsSchema>;

/**
 * A sparse row-major matrix in compressed sparse row (CSR) form, as scipy's `csr_matrix`: the
 * non-zero values of row `i` are `data[indptr[i] .. indptr[i + 1])` at columns
 * `indices[indptr[i] .. indptr[i + 1])`, columns strictly ascending within a row. Zeros are not
 * stored. The three arrays are views of one buffer.
 */
export interface CsrEmbeddings {
  readonly kind: 'csr';
  readonly rows: number;
  readonly cols: number;
  /** `rows + 1` offsets into `indices` / `data`; `indptr[0] = 0`, `indptr[rows]` = the number of stored values. Float64 (exact past 2^31 values). */
  readonly indptr: Float64Array;
  /** Column of each stored value. */
  readonly indices: Int32Array;
  /** The stored values, bit for bit those of the dense output at the same row and column. */
  readonly data: Float32Array;
}

const WHERE = 'vectorize';
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Per-call scratch shared by the compiled column writers: the output, and the list of columns a
 * row made non-zero (with a mark per column so a column is listed once). The list feeds the l2
 * pass, which then visits ~25 columns of a row instead of all ~500.
 */
interface Scratch {
  readonly out: Float32Array;
  readonly touched: Int32Array;
  readonly mark: Uint8Array;
  /** Entries of `touched` in use for the current row. */
  nt: number;
}

/**
 * Writes one feature of row `i` into `out` at `base` (the row's first column) and lists the
 * columns it set in `s.touched`. Compiled once per call from the fitted feature, so the hot loop
 * does no per-row lookups of the model.
 */
type ColumnWriter = (row: FeatureRow, base: number, i: number, s: Scratch) => void;

function touch(s: Scratch, c: number): void {
  if (s.mark[c] === 0) { s.mark[c] = 1; s.touched[s.nt++] = c; }
}

/** Sorts `touched[from, to)` ascending (insertion sort: blocks are short and nearly sorted). */
function sortTouched(t: Int32Array, from: number, to: number): void {
  for (let a = from + 1; a < to; a++) {
    const v = t[a]!;
    let b = a - 1;
    while (b >= from && t[b]! > v) { t[b + 1] = t[b]!; b--; }
    t[b + 1] = v;
  }
}

function overflow(rowIndex: number, field: string): AudienceKitError {
  return new AudienceKitError('INVALID_INPUT', `${WHERE}: rows[${rowIndex}].${field} is too large: its transformed value overflows Float32`, {
    issues: [{ path: ['rows', rowIndex, field], message: 'overflows Float32 after transform' }], details: { row: rowIndex, field },
  });
}

function log1pDomain(rowIndex: number, field: string): AudienceKitError {
  return new AudienceKitError('INVALID_INPUT', `${WHERE}: rows[${rowIndex}].${field} must be > -1 for the log1p transform`, { issues: [{ path: ['rows', rowIndex, field], message: 'must be > -1 for log1p' }], details: { row: rowIndex, field } });
}

/** Upper bound: number of edges <= x, i.e. the bin index of x for bins (−∞,e0), [e0,e1), …, [e_last,∞). */
function binOf(edges: Float64Array, x: number): number {
  let lo = 0, hi = edges.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (edges[mid]! <= x) lo = mid + 1; else hi = mid; }
  return lo;
}

function numericWriter(f: Extract<FittedFeature, { kind: 'numeric' }>, offset: number, w: number): ColumnWriter {
  const { field, fill, center, scale } = f;
  const lower = f.clipLower ?? -Infinity, upper = f.clipUpper ?? Infinity;
  const log1p = f.transform === 'log1p', indicator = f.missing.indicator;
  return (row, base, i, s) => {
    const v = row[field];
    let x: number, isMissing = false;
    // Finite numbers take the fast path; everything else goes through readNumber (same errors).
    if (typeof v === 'number' && v - v === 0) x = v;
    else { const r = readNumber(v, i, field, WHERE); isMissing = r === undefined; x = r ?? fill; }
    if (x < lower) x = lower;
    if (x > upper) x = upper;
    if (log1p) {
      if (x <= -1) throw log1pDomain(i, field);
      x = Math.log1p(x);
    }
    const y = ((x - center) / scale) * w;
    if (!(Math.abs(y) <= FLOAT32_MAX)) throw overflow(i, field);
    const o = base + offset;
    s.out[o] = y;
    if (y !== 0) touch(s, o - base);
    if (indicator && isMissing) { s.out[o + 1] = w; touch(s, o + 1 - base); }
  };
}

function categoricalWriter(f: Extract<FittedFeature, { kind: 'categorical' }>, offset: number, w: number): ColumnWriter {
  const field = f.field;
  const other = f.categories.length, missing = f.categories.length + 1;
  const index = new Map<string, number>();
  // Numbers are categories by String(x): categories that are canonical number strings also get a
  // number key, so a numeric value needs no String() per row (Map keys compare by SameValueZero,
  // so −0 finds '0' as String(−0) does).
  const numIndex = new Map<number, number>();
  f.categories.forEach((c, j) => {
    index.set(c, j);
    const x = Number(c);
    if (c !== '' && String(x) === c) numIndex.set(x, j);
  });
  return (row, base, i, s) => {
    const v = row[field];
    let j: number;
    if (typeof v === 'string') j = index.get(v) ?? other;
    else if (typeof v === 'number' && v - v === 0) j = numIndex.get(v) ?? other;
    else {
      const c = readCategory(v, i, field, WHERE);
      j = c === undefined ? missing : index.get(c) ?? other;
    }
    const col = offset + j;
    s.out[base + col] = w;
    touch(s, col);
  };
}

/** A multi-valued item as a vocabulary key: strings as they are, else readListItem (String of finite numbers / booleans, or the error). */
const itemKey = (x: unknown, i: number, field: string, j: number): string => (typeof x === 'string' ? x : readListItem(x, i, field, WHERE, j));

function tagsWriter(f: Extract<FittedFeature, { kind: 'tags' }>, offset: number, w: number): ColumnWriter {
  const field = f.field;
  const index = new Map<string, number>(f.tags.map((t, j) => [t, j]));
  if (f.idf === null) {
    return (row, base, i, s) => {
      const raw = row[field];
      if (raw === undefined || raw === null) return;
      if (!Array.isArray(raw)) {
        const c = index.get(itemKey(raw, i, field, 0));
        if (c !== undefined) { s.out[base + offset + c] = w; touch(s, offset + c); }
        return;
      }
      const list = raw as readonly unknown[];
      for (let j = 0; j < list.length; j++) {
        const c = index.get(itemKey(list[j], i, field, j));
        if (c !== undefined) { s.out[base + offset + c] = w; touch(s, offset + c); }
      }
    };
  }
  const idf = Float64Array.from(f.idf);
  return (row, base, i, s) => {
    const raw = row[field];
    const list = asValueList(raw);
    if (list === undefined) return;
    const out = s.out, from = s.nt, o = base + offset;
    for (let j = 0; j < list.length; j++) {
      const c = index.get(itemKey(list[j], i, field, j));
      if (c === undefined) continue;
      out[o + c]! += 1;
      touch(s, offset + c);
    }
    const to = s.nt;
    if (to === from) return;
    // tf × idf, then l2 over the block (sklearn TfidfVectorizer norm='l2'), then √weight. The
    // block's non-zero columns in ascending order: the same sum, bit for bit, as a full scan.
    const t = s.touched;
    sortTouched(t, from, to);
    let ss = 0;
    for (let a = from; a < to; a++) { const c = t[a]! - offset; const v = out[o + c]! * idf[c]!; ss += v * v; }
    const inv = w / Math.sqrt(ss);
    for (let a = from; a < to; a++) { const c = t[a]! - offset; out[o + c] = out[o + c]! * idf[c]! * inv; }
  };
}

function hashedWriter(f: Extract<FittedFeature, { kind: 'hashed' }>, offset: number, w: number): ColumnWriter {
  const field = f.field, size = 2 ** f.bits, alternateSign = f.alternateSign;
  const add = (s: Scratch, o: number, pc: number): void => {
    if (pc >= 0 || !alternateSign) { const c = pc >= 0 ? pc : -pc - 1; s.out[o + c]! += w; touch(s, offset + c); }
    else { s.out[o - pc - 1]! -= w; touch(s, offset - pc - 1); }
  };
  return (row, base, i, s) => {
    const raw = row[field];
    if (raw === undefined || raw === null) return;
    const o = base + offset;
    // A single value is hashed as a one-value list, without allocating one.
    if (!Array.isArray(raw)) { add(s, o, hashedColumn(murmur3x86_32(itemKey(raw, i, field, 0)), size)); return; }
    const list = raw as readonly unknown[];
    for (let j = 0; j < list.length; j++) add(s, o, hashedColumn(murmur3x86_32(itemKey(list[j], i, field, j)), size));
  };
}

function bucketizedWriter(f: Extract<FittedFeature, { kind: 'bucketized' }>, offset: number, w: number): ColumnWriter {
  const field = f.field, edges = Float64Array.from(f.edges), missing = f.edges.length + 1;
  return (row, base, i, s) => {
    const v = row[field];
    let b: number;
    if (typeof v === 'number' && v - v === 0) b = binOf(edges, v);
    else { const x = readNumber(v, i, field, WHERE); b = x === undefined ? missing : binOf(edges, x); }
    s.out[base + offset + b] = w;
    touch(s, offset + b);
  };
}

/** Compiles the model into one writer per feature (column offsets, √weights, lookup tables built once). */
function compile(model: VectorizerModel): { writers: ColumnWriter[]; width: number } {
  let offset = 0;
  const writers = model.features.map((f): ColumnWriter => {
    const w = Math.sqrt(f.weight);
    const at = offset;
    offset += featureWidth(f);
    switch (f.kind) {
      case 'numeric': return numericWriter(f, at, w);
      case 'categorical': return categoricalWriter(f, at, w);
      case 'tags': return tagsWriter(f, at, w);
      case 'hashed': return hashedWriter(f, at, w);
      case 'bucketized': return bucketizedWriter(f, at, w);
    }
  });
  return { writers, width: offset };
}

/**
 * Turns rows into a dense Float32 matrix with a fitted {@link VectorizerModel}: for each feature,
 * numeric `(transform(clip(x ?? fill)) − center) / scale`; categorical one-hot (unseen values →
 * `__other__`, missing → `__missing__`); tags multi-hot or TF-IDF (raw counts × idf, l2 over the
 * block; tags outside the vocabulary are ignored, as in scikit-learn's vectorizers); hashed
 * signed counts (scikit-learn FeatureHasher, MurmurHash3 of the value's UTF-8, seed 0); bucketized
 * one-hot bins. Each feature's block is multiplied by √weight. Rows are independent, so
 * vectorizing in chunks gives exactly the rows of vectorizing all at once. Never outputs NaN or
 * ±Infinity. The model is compiled once per call into one column writer per feature (lookup
 * tables, offsets and √weights resolved up front); each row writes only its non-zero columns and
 * l2 visits only those, so the time is O(rows × non-zeros) plus zero-filling the dense output
 * (rows × columns). On the 1M × 501 benchmark the compute is a fraction of first-touching the
 * 2 GB output; pass `options.out` to reuse one buffer across chunks.
 *
 * @param model - a fitted model (validated: a model loaded from JSON may be passed as is).
 * @param rows - plain objects, as at fit.
 * @param options - `{ normalize?: 'l2' | 'none', out?: Float32Array, output?: 'dense' | 'csr' }` (`out` only with dense output).
 * @returns {@link Embeddings} `rows.length × featureNames(model).length`, row-major; with `output: 'csr'`,
 *   {@link CsrEmbeddings} (the same values, only the non-zeros stored).
 * @throws AudienceKitError `INVALID_MODEL` for an invalid model; `INVALID_OPTION` for bad options; `DIMENSION_MISMATCH`
 *   when `options.out` is shorter than rows × columns; `INVALID_INPUT`
 *   with the row index and field for a non-object row, a wrong type, NaN / ±Infinity, a value <= −1 under log1p,
 *   or a value that overflows Float32 after its transform; `INTERNAL` (csr) when the rows change during the call
 *   (getters) so that they hold more values than the size bound computed first.
 * @example
 * const model = fitVectorizer({ features: [{ kind: 'numeric', name: 'age', transform: 'minmax' }, { kind: 'categorical', name: 'tier' }] },
 *   [{ age: 20, tier: 'a' }, { age: 40, tier: 'b' }]);
 * vectorize(model, [{ age: 30, tier: 'c' }]).data; // => Float32Array [0.5, 0, 0, 1, 0] (age, tier=a, tier=b, __other__, __missing__)
 */
export function vectorize(model: VectorizerModel, rows: readonly unknown[], options?: VectorizeOptions & { output?: 'dense' }): Embeddings;
/** {@link vectorize} into compressed sparse rows ({@link CsrEmbeddings}): the same values, zeros not stored. */
export function vectorize(model: VectorizerModel, rows: readonly unknown[], options: VectorizeOptions & { output: 'csr' }): CsrEmbeddings;
export function vectorize(model: VectorizerModel, rows: readonly unknown[], options?: VectorizeOptions): Embeddings | CsrEmbeddings;
export function vectorize(model: VectorizerModel, rows: readonly unknown[], options: VectorizeOptions = {}): Embeddings | CsrEmbeddings {
  const m = parseVectorizerModel(model);
  const opts = parseWith(VectorizeOptionsSchema, options, 'vectorize options', 'INVALID_OPTION');
  if (!Array.isArray(rows)) throw new AudienceKitError('INVALID_INPUT', `${WHERE}: rows must be an array`);
  const { writers, width } = compile(m);
  if (opts.output === 'csr') return vectorizeCsr(m, writers, width, rows, opts.normalize === 'l2');
  const n = rows.length;
  let out: Float32Array;
  if (opts.out === undefined) out = new Float32Array(n * width);
  else {
    if (opts.out.length < n * width) {
      throw new AudienceKitError('DIMENSION_MISMATCH', `${WHERE}: options.out holds ${opts.out.length} values, ${n} rows × ${width} columns need ${n * width}`, { issues: [{ path: ['options', 'out'], message: 'too short' }] });
    }
    out = opts.out.subarray(0, n * width);
    out.fill(0);
  }
  const s: Scratch = { out, touched: new Int32Array(width), mark: new Uint8Array(width), nt: 0 };
  const touched = s.touched, mark = s.mark;
  const l2 = opts.normalize === 'l2';
  const nw = writers.length;
  for (let i = 0; i < n; i++) {
    const raw: unknown = rows[i];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) checkRow(raw, i, WHERE);
    const row = raw as FeatureRow;
    const base = i * width;
    s.nt = 0;
    for (let k = 0; k < nw; k++) writers[k]!(row, base, i, s);
    const nt = s.nt;
    if (l2 && nt > 0) {
      // Zeros add nothing to the sum, so summing the non-zero columns in ascending order gives
      // the same bits as a scan of the whole row.
      sortTouched(touched, 0, nt);
      let ss = 0;
      for (let a = 0; a < nt; a++) { const v = out[base + touched[a]!]!; ss += v * v; }
      if (ss > 0) {
        const inv = 1 / Math.sqrt(ss);
        for (let a = 0; a < nt; a++) { const c = base + touched[a]!; out[c] = out[c]! * inv; }
      }
    }
    for (let a = 0; a < nt; a++) mark[touched[a]!] = 0;
  }
  return { rows: n, cols: width, data: out };
}

/**
 * An upper bound of the values a call stores: per row, 1 per numeric feature (2 with a missing
 * indicator), categorical and bucketized feature, and the list length of each tags / hashed field
 * (a single value counts 1). Sizes the CSR buffer exactly once — no grow-and-copy, and fresh memory
 * is slow to first-touch on VMs — at the cost of one cheap read of the list fields per row.
 */
function maxStored(model: VectorizerModel, rows: readonly unknown[]): number {
  let fixed = 0;
  const lists: string[] = [];
  for (const f of model.features) {
    if (f.kind === 'tags' || f.kind === 'hashed') lists.push(f.field);
    else fixed += f.kind === 'numeric' && f.missing.indicator ? 2 : 1;
  }
  const L = lists.length;
  let total = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    if (typeof row !== 'object' || row === null) continue; // reported by the main loop
    total += fixed;
    for (let k = 0; k < L; k++) {
      const v = (row as FeatureRow)[lists[k]!];
      total += Array.isArray(v) ? v.length : v === undefined || v === null ? 0 : 1;
    }
  }
  return total;
}

/**
 * The CSR form of {@link vectorize}: each row is written by the same column writers into one
 * reused dense row (so every value is bit for bit the dense output's), then its non-zero columns,
 * ascending, are copied out and the row is cleared through the list of columns it touched.
 */
function vectorizeCsr(model: VectorizerModel, writers: readonly ColumnWriter[], width: number, rows: readonly unknown[], l2: boolean): CsrEmbeddings {
  const n = rows.length;
  const cap = maxStored(model, rows);
  // One allocation: indptr (Float64, first so it is aligned), then indices and data.
  const buffer = new ArrayBuffer((n + 1) * 8 + cap * 8);
  const indptr = new Float64Array(buffer, 0, n + 1);
  const indices = new Int32Array(buffer, (n + 1) * 8, cap);
  const data = new Float32Array(buffer, (n + 1) * 8 + cap * 4, cap);
  const row1 = new Float32Array(width);
  const s: Scratch = { out: row1, touched: new Int32Array(width), mark: new Uint8Array(width), nt: 0 };
  const touched = s.touched, mark = s.mark;
  const nw = writers.length;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const raw: unknown = rows[i];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) checkRow(raw, i, WHERE);
    const row = raw as FeatureRow;
    s.nt = 0;
    for (let w = 0; w < nw; w++) writers[w]!(row, 0, i, s);
    const nt = s.nt;
    sortTouched(touched, 0, nt);
    let inv = 1;
    if (l2 && nt > 0) {
      // As the dense form: the touched columns in ascending order give the same sum, bit for bit.
      let ss = 0;
      for (let a = 0; a < nt; a++) { const v = row1[touched[a]!]!; ss += v * v; }
      if (ss > 0) inv = 1 / Math.sqrt(ss);
    }
    for (let a = 0; a < nt; a++) {
      const c = touched[a]!;
      // Rounded to Float32 exactly as the dense form's in-place scaling stores it.
      const v = inv === 1 ? row1[c]! : Math.fround(row1[c]! * inv);
      if (v !== 0) {
        if (k === cap) throw new AudienceKitError('INTERNAL', `${WHERE}: more stored values than the bound ${cap} (rows changed during the call?)`);
        indices[k] = c; data[k] = v; k++;
      }
      row1[c] = 0; mark[c] = 0;
    }
    indptr[i + 1] = k;
  }
  return {
    kind: 'csr', rows: n, cols: width, indptr,
    indices: new Int32Array(buffer, (n + 1) * 8, k), data: new Float32Array(buffer, (n + 1) * 8 + cap * 4, k),
  };
}
