import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { z } from 'zod';
import { AudienceKitError, assertFiniteArray, createRng, parseWith, Seed, type Embeddings } from '../core/index.js';

/** Options of {@link fitPca}. */
export const PcaOptionsSchema = z.strictObject({
  /** Fit on a uniform sample of at most this many rows (drawn with `seed`) when there are more. */
  maxRows: z.number().int().min(2).default(50_000),
  seed: Seed.default(0),
});
export type PcaOptions = z.input<typeof PcaOptionsSchema>;

const Finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });

/** The schema of a {@link PcaModel} (validated when loaded back and when applied). */
export const PcaModelSchema = z.strictObject({
  kind: z.literal('audience-kit/pca'),
  version: z.literal(1),
  /** Input width d. */
  cols: z.number().int().positive(),
  /** Column means (length d) subtracted before projecting. */
  mean: z.array(Finite),
  /** k principal axes (unit vectors of length d), by decreasing variance. */
  components: z.array(z.array(Finite)).min(1),
  /** Variance along each axis (eigenvalues of the sample covariance, divisor n − 1). */
  explainedVariance: z.array(Finite),
  /** explainedVariance / total variance. */
  explainedVarianceRatio: z.array(Finite),
  rowsSeen: z.number().int().positive(),
  rowsUsed: z.number().int().positive(),
}).superRefine((m, ctx) => {
  if (m.mean.length !== m.cols) ctx.addIssue({ code: 'custom', message: 'mean length != cols', path: ['mean'] });
  m.components.forEach((c, i) => { if (c.length !== m.cols) ctx.addIssue({ code: 'custom', message: 'component length != cols', path: ['components', i] }); });
  if (m.explainedVariance.length !== m.components.length || m.explainedVarianceRatio.length !== m.components.length) ctx.addIssue({ code: 'custom', message: 'one variance per component', path: ['explainedVariance'] });
});
export type PcaModel = z.output<typeof PcaModelSchema>;

function checkEmbeddings(e: Embeddings, what: string): void {
  if (!Number.isInteger(e.rows) || !Number.isInteger(e.cols) || e.rows < 0 || e.cols < 0 || !(e.data instanceof Float32Array) || e.data.length !== e.rows * e.cols) {
    throw new AudienceKitError('DIMENSION_MISMATCH', `${what}: embeddings must be { rows, cols, data: Float32Array(rows × cols) }`);
  }
  assertFiniteArray(e.data, [what, 'data']);
}

/**
 * Principal component analysis of row vectors: the top-k eigenvectors of the sample covariance
 * (divisor n − 1), as scikit-learn's `PCA` (same axes and variances; each axis' sign is fixed so its
 * largest-magnitude entry is positive). The covariance is accumulated in Float64 from raw second
 * moments, skipping zero entries (one-hot / sparse features make this O(nnz²) per row), then
 * decomposed with ml-matrix's symmetric `EigenvalueDecomposition`. With more than `maxRows` rows, a
 * uniform sample of `maxRows` rows (seeded) is used: the axes are then estimates, the mean too.
 * O(rowsUsed × nnz² + d³) time, O(d²) memory.
 *
 * @param embeddings - n × d rows (e.g. from `vectorize`).
 * @param k - number of components, 1 <= k <= d.
 * @param options - `{ maxRows?: 50000, seed?: 0 }`.
 * @returns a {@link PcaModel} (plain JSON).
 * @throws AudienceKitError `EMPTY_INPUT` for fewer than 2 rows; `INVALID_OPTION` for a bad k or options;
 *   `INVALID_INPUT` for a non-finite value; `DIMENSION_MISMATCH` for malformed embeddings.
 * @example
 * const m = fitPca(embeddingsFromRows([[2, 2], [-2, -2], [0.5, -0.5], [-0.5, 0.5]]), 1);
 * m.components[0]; // => [0.7071067811865476, 0.7071067811865476] (variance 16/3)
 */
export function fitPca(embeddings: Embeddings, k: number, options: PcaOptions = {}): PcaModel {
  const o = parseWith(PcaOptionsSchema, options, 'fitPca options', 'INVALID_OPTION');
  checkEmbeddings(embeddings, 'fitPca');
  const { rows: n, cols: d, data } = embeddings;
  if (n < 2) throw new AudienceKitError('EMPTY_INPUT', `fitPca needs at least 2 rows, got ${n}`);
  if (!Number.isInteger(k) || k < 1 || k > d) throw new AudienceKitError('INVALID_OPTION', `fitPca: k must be an integer in [1, ${d}], got ${String(k)}`);

  let use: Int32Array;
  if (n > o.maxRows) use = createRng(o.seed).sampleIndices(n, o.maxRows).sort();
  else { use = new Int32Array(n); for (let i = 0; i < n; i++) use[i] = i; }
  const m = use.length;

  const sum = new Float64Array(d);
  const S = new Float64Array(d * d); // upper triangle of Σ x xᵀ
  const nz = new Int32Array(d);
  for (let r = 0; r < m; r++) {
    const o0 = use[r]! * d;
    let cnt = 0;
    for (let j = 0; j < d; j++) { const v = data[o0 + j]!; if (v !== 0) { nz[cnt++] = j; sum[j]! += v; } }
    for (let a = 0; a < cnt; a++) {
      const ja = nz[a]!;
      const va = data[o0 + ja]!;
      const rowBase = ja * d;
      for (let b = a; b < cnt; b++) { const jb = nz[b]!; S[rowBase + jb]! += va * data[o0 + jb]!; }
    }
  }
  const mean = new Float64Array(d);
  for (let j = 0; j < d; j++) mean[j] = sum[j]! / m;
  const cov = new Matrix(d, d);
  let trace = 0;
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const c = (S[a * d + b]! - m * mean[a]! * mean[b]!) / (m - 1);
      cov.set(a, b, c);
      cov.set(b, a, c);
    }
    trace += Math.max(0, cov.get(a, a));
  }
  const evd = new EigenvalueDecomposition(cov, { assumeSymmetric: true });
  const values = evd.realEigenvalues;
  const vectors = evd.eigenvectorMatrix;
  const order = values.map((_, i) => i).sort((a, b) => values[b]! - values[a]! || a - b);
  const components: number[][] = [];
  const explainedVariance: number[] = [];
  for (let c = 0; c < k; c++) {
    const col = order[c]!;
    const v = vectors.getColumn(col);
    let big = 0;
    for (let j = 1; j < d; j++) if (Math.abs(v[j]!) > Math.abs(v[big]!)) big = j;
    const sign = v[big]! < 0 ? -1 : 1;
    components.push(v.map((x) => (x === 0 ? 0 : x * sign)));
    explainedVariance.push(Math.max(0, values[col]!));
  }
  return {
    kind: 'audience-kit/pca', version: 1, cols: d, mean: Array.from(mean), components, explainedVariance,
    explainedVarianceRatio: explainedVariance.map((v) => (trace > 0 ? v / trace : 0)),
    rowsSeen: n, rowsUsed: m,
  };
}

/**
 * Projects rows onto a fitted PCA model's axes: `y = (x − mean) · componentsᵀ`, Float32 output,
 * Float64 accumulation, zero entries skipped. Rows are independent (chunked == whole). O(n × nnz × k).
 *
 * @param model - a {@link PcaModel} (validated).
 * @param embeddings - n × d rows with d = model.cols.
 * @returns n × k {@link Embeddings}.
 * @throws AudienceKitError `INVALID_MODEL` for an invalid model; `DIMENSION_MISMATCH` when d differs; `INVALID_INPUT` for a non-finite value.
 * @example
 * projectPca(m, embeddingsFromRows([[2, 2]])).data; // => Float32Array [2.828427]
 */
export function projectPca(model: PcaModel, embeddings: Embeddings): Embeddings {
  const pm = parseWith(PcaModelSchema, model, 'PCA model', 'INVALID_MODEL');
  checkEmbeddings(embeddings, 'projectPca');
  const { rows: n, cols: d, data } = embeddings;
  if (d !== pm.cols) throw new AudienceKitError('DIMENSION_MISMATCH', `projectPca: embeddings have ${d} columns, the model expects ${pm.cols}`);
  const k = pm.components.length;
  const ct = new Float64Array(d * k); // components transposed: ct[j * k + c]
  const shift = new Float64Array(k); // mean · component
  for (let c = 0; c < k; c++) {
    const comp = pm.components[c]!;
    let s = 0;
    for (let j = 0; j < d; j++) { ct[j * k + c] = comp[j]!; s += pm.mean[j]! * comp[j]!; }
    shift[c] = s;
  }
  const out = new Float32Array(n * k);
  const acc = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) acc[c] = -shift[c]!;
    const o0 = i * d;
    for (let j = 0; j < d; j++) {
      const v = data[o0 + j]!;
      if (v === 0) continue;
      const b = j * k;
      for (let c = 0; c < k; c++) acc[c]! += v * ct[b + c]!;
    }
    for (let c = 0; c < k; c++) out[i * k + c] = acc[c]!;
  }
  return { rows: n, cols: k, data: out };
}
