import { Matrix } from 'ml-matrix';
import { AudienceKitError } from './errors.js';

/**
 * The dense matrix that flows from `features` to `lookalike`: `rows` × `cols`, row-major,
 * Float32. Row `i` is `data.subarray(i * cols, (i + 1) * cols)`.
 */
export interface Embeddings {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

function checkShape(rows: number, cols: number): void {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
    throw new AudienceKitError('INVALID_INPUT', `Embeddings shape must be non-negative integers, got ${String(rows)} × ${String(cols)}`);
  }
}

/**
 * Creates {@link Embeddings} of the given shape: zero-filled, or wrapping `data` (not copied)
 * after checking its length and that every value is finite.
 *
 * @throws AudienceKitError `DIMENSION_MISMATCH` when `data.length !== rows * cols`; `INVALID_INPUT` on a non-finite value.
 * @example
 * createEmbeddings(2, 3).data.length; // => 6
 */
export function createEmbeddings(rows: number, cols: number, data?: Float32Array): Embeddings {
  checkShape(rows, cols);
  if (!data) return { rows, cols, data: new Float32Array(rows * cols) };
  if (data.length !== rows * cols) {
    throw new AudienceKitError('DIMENSION_MISMATCH', `Embeddings data has length ${data.length}, expected rows × cols = ${rows * cols}`);
  }
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new AudienceKitError('INVALID_INPUT', `Embeddings data[${i}] (row ${Math.floor(i / Math.max(cols, 1))}, col ${i % Math.max(cols, 1)}) is not finite`);
    }
  }
  return { rows, cols, data };
}

/**
 * Builds {@link Embeddings} from an array of equal-length numeric rows (copied to Float32).
 *
 * @throws AudienceKitError `DIMENSION_MISMATCH` for ragged rows; `INVALID_INPUT` for a non-finite value.
 * @example
 * embeddingsFromRows([[1, 2], [3, 4]]); // => { rows: 2, cols: 2, data: Float32Array [1, 2, 3, 4] }
 */
export function embeddingsFromRows(rows: readonly (readonly number[] | ArrayLike<number>)[], cols?: number): Embeddings {
  const n = rows.length;
  const d = cols ?? (n > 0 ? rows[0]!.length : 0);
  const data = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    if (r.length !== d) throw new AudienceKitError('DIMENSION_MISMATCH', `rows[${i}] has ${r.length} values, expected ${d}`);
    for (let j = 0; j < d; j++) {
      data[i * d + j] = r[j]!;
      // Checked after the Float32 store: a finite double beyond ±3.4e38 becomes Infinity there.
      if (!Number.isFinite(data[i * d + j]!)) throw new AudienceKitError('INVALID_INPUT', `rows[${i}][${j}] is not finite in Float32`);
    }
  }
  return { rows: n, cols: d, data };
}

/** A view (no copy) of row `i`. @throws AudienceKitError `INVALID_INPUT` when `i` is out of range. */
export function rowView(e: Embeddings, i: number): Float32Array {
  if (!Number.isInteger(i) || i < 0 || i >= e.rows) throw new AudienceKitError('INVALID_INPUT', `row index ${String(i)} out of range [0, ${e.rows})`);
  return e.data.subarray(i * e.cols, (i + 1) * e.cols);
}

/** Rows `[start, end)` as Embeddings sharing memory with `e` (for chunked scoring). */
export function sliceRows(e: Embeddings, start: number, end: number): Embeddings {
  if (!Number.isInteger(start) || !Number.isInteger(end)) throw new AudienceKitError('INVALID_INPUT', `sliceRows needs integer bounds, got ${String(start)}, ${String(end)}`);
  const s = Math.max(0, Math.min(e.rows, start));
  const t = Math.max(s, Math.min(e.rows, end));
  return { rows: t - s, cols: e.cols, data: e.data.subarray(s * e.cols, t * e.cols) };
}

/** Copies the rows at `indices` into new Embeddings, in that order. */
export function selectRows(e: Embeddings, indices: ArrayLike<number>): Embeddings {
  const out = new Float32Array(indices.length * e.cols);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= e.rows) throw new AudienceKitError('INVALID_INPUT', `indices[${k}] = ${String(i)} out of range [0, ${e.rows})`);
    out.set(e.data.subarray(i * e.cols, (i + 1) * e.cols), k * e.cols);
  }
  return { rows: indices.length, cols: e.cols, data: out };
}

/**
 * L2-normalizes every row into new Embeddings (the input is not mutated). An all-zero row stays
 * all-zero (its norm is undefined; documented, never NaN). Norms accumulate in Float64.
 *
 * @example
 * l2NormalizeRows(embeddingsFromRows([[3, 4]])).data; // => Float32Array [0.6, 0.8]
 */
export function l2NormalizeRows(e: Embeddings): Embeddings {
  const { rows, cols, data } = e;
  const out = new Float32Array(data.length);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) { const v = data[o + j]!; s += v * v; }
    if (s === 0) continue;
    const inv = 1 / Math.sqrt(s);
    for (let j = 0; j < cols; j++) out[o + j] = data[o + j]! * inv;
  }
  return { rows, cols, data: out };
}

/** To an ml-matrix `Matrix` (Float64), for decompositions and solves. */
export function toMatrix(e: Embeddings): Matrix {
  const m = new Matrix(e.rows, e.cols);
  for (let i = 0; i < e.rows; i++) for (let j = 0; j < e.cols; j++) m.set(i, j, e.data[i * e.cols + j]!);
  return m;
}

/** From an ml-matrix `Matrix` to Float32 {@link Embeddings}. */
export function fromMatrix(m: Matrix): Embeddings {
  const rows = m.rows, cols = m.columns;
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const r = m.getRow(i);
    for (let j = 0; j < cols; j++) data[i * cols + j] = r[j]!;
  }
  return createEmbeddings(rows, cols, data);
}
