import { z } from 'zod';
import { AudienceKitError, parseWith, Seed, type Embeddings } from '../core/index.js';
import { fitPca } from './fitPca.js';

/** Options of {@link fitDenoiser}. */
export const DenoiserOptionsSchema = z.strictObject({
  /**
   * The noise variance σ²: `'median'` (default) = the median non-zero eigenvalue of the population
   * covariance (the upper median when their count is even; eigenvalues ≤ 1e-9 × the largest count
   * as zero), or a fixed σ² ≥ 0.
   */
  noise: z.union([z.literal('median'), z.number().min(0).refine(Number.isFinite, { message: 'must be finite' })]).default('median'),
  /** `true` (default): outputs stay centered, x ↦ V·diag(g)·Vᵀ(x − mean); `false`: the mean is added back. */
  center: z.boolean().default(true),
  /** `'sqrt'` (default): g = √((λ − σ²)/λ); `'wiener'`: g = (λ − σ²)/λ (the Wiener filter itself). */
  gain: z.enum(['sqrt', 'wiener']).default('sqrt'),
  /** Fit on a uniform sample of at most this many rows (drawn with `seed`), as {@link fitPca}. */
  maxRows: z.number().int().min(2).default(50_000),
  seed: Seed.default(0),
});
export type DenoiserOptions = z.input<typeof DenoiserOptionsSchema>;

const Finite = z.number().refine(Number.isFinite, { message: 'must be a finite number' });

/** The schema of a {@link DenoiserModel} (validated when loaded back and when applied). */
export const DenoiserModelSchema = z.strictObject({
  kind: z.literal('audience-kit/denoiser'),
  version: z.literal(1),
  /** Input (and output) width d. */
  cols: z.number().int().positive(),
  /** Population column means (length d). */
  mean: z.array(Finite),
  /** The kept principal axes (unit vectors of length d, eigenvalue > σ²), by decreasing variance; may be empty. */
  axes: z.array(z.array(Finite)),
  /** The gain of each kept axis, in (0, 1]. */
  gains: z.array(Finite),
  /** The eigenvalue λ of each kept axis (sample covariance, divisor n − 1). */
  eigenvalues: z.array(Finite),
  /** The noise variance σ² used (median eigenvalue or the fixed value). */
  noiseVariance: Finite,
  noise: z.union([z.literal('median'), Finite]),
  center: z.boolean(),
  gain: z.enum(['sqrt', 'wiener']),
  rowsSeen: z.number().int().positive(),
  rowsUsed: z.number().int().positive(),
}).superRefine((m, ctx) => {
  if (m.mean.length !== m.cols) ctx.addIssue({ code: 'custom', message: 'mean length != cols', path: ['mean'] });
  m.axes.forEach((a, i) => { if (a.length !== m.cols) ctx.addIssue({ code: 'custom', message: 'axis length != cols', path: ['axes', i] }); });
  if (m.gains.length !== m.axes.length || m.eigenvalues.length !== m.axes.length) ctx.addIssue({ code: 'custom', message: 'one gain and one eigenvalue per axis', path: ['gains'] });
  if (m.axes.length > m.cols) ctx.addIssue({ code: 'custom', message: 'more axes than columns', path: ['axes'] });
});
export type DenoiserModel = z.output<typeof DenoiserModelSchema>;

/** Shape check and a finite check that names the row and the column. */
function checkEmbeddings(e: Embeddings, what: string): void {
  if (!Number.isInteger(e.rows) || !Number.isInteger(e.cols) || e.rows < 0 || e.cols < 0 || !(e.data instanceof Float32Array) || e.data.length !== e.rows * e.cols) {
    throw new AudienceKitError('DIMENSION_MISMATCH', `${what}: embeddings must be { rows, cols, data: Float32Array(rows × cols) }`);
  }
  const { data, cols } = e;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      const row = Math.floor(i / cols), col = i - row * cols;
      throw new AudienceKitError('INVALID_INPUT', `${what}: row ${row}, column ${col} must be finite, got ${String(data[i])}`, {
        issues: [{ path: ['rows', row, col], message: 'must be finite' }],
      });
    }
  }
}

/**
 * Fits a population denoiser for embeddings: principal-axis shrinkage under a signal-plus-isotropic-
 * noise model. If rows are x = s + ε with ε of variance σ² in every direction, the population
 * covariance is Σ = Σ_signal + σ²I, so along each principal axis (eigenvalue λ) the signal variance
 * is λ − σ², and the Wiener filter (the linear MMSE estimate of s) shrinks the centered row by
 * (λ − σ²)/λ along that axis; axes with λ ≤ σ² carry no signal and are dropped. With `gain: 'sqrt'`
 * (default) the gain is g = √((λ − σ²)/λ), the square root of the Wiener factor: then for two
 * denoised rows ⟨φ(x), φ(y)⟩ = ⟨x − mean, W(y) − mean⟩, W the Wiener estimate — a candidate is
 * compared with a denoised seed (the lookalike feature spec of docs/lookalike.md). Columns keep their
 * names (same space, rank ≤ kept axes). This is the classical eigenvalue-shrinkage estimator (see
 * Gavish & Donoho, "Optimal Shrinkage of Singular Values", IEEE Trans. Inf. Theory 63(4), 2017, for
 * shrinkage rules and for estimating the noise level from the median singular value); taking σ² as
 * the median eigenvalue (`noise: 'median'`) is a heuristic that assumes at least half the axes are
 * noise — pass a number when you know σ². The axes come from {@link fitPca} (sample covariance,
 * divisor n − 1; fitted on a seeded sample of `maxRows` rows when there are more).
 * O(rowsUsed × nnz² + d³) time, O(d²) memory.
 *
 * @param embeddings - n × d population rows (n ≥ 2), e.g. standardized columns from `vectorize`.
 * @param options - `{ noise?: 'median' | σ², center?: true, gain?: 'sqrt' | 'wiener', maxRows?: 50000, seed?: 0 }`.
 * @returns a {@link DenoiserModel} (plain JSON), applied with {@link denoise}.
 * @throws AudienceKitError `EMPTY_INPUT` for fewer than 2 rows or no columns; `INVALID_OPTION` for bad options;
 *   `INVALID_INPUT` for a non-finite value (with row and column); `DIMENSION_MISMATCH` for malformed embeddings.
 * @example
 * // covariance diag(4, 1), σ² = 1: gains √(3/4) on the first axis, the second axis dropped
 * const m = fitDenoiser(embeddingsFromRows([[2, 1], [2, -1], [-2, 1], [-2, -1], [0, 0]]), { noise: 1 });
 * m.gains; // => [0.8660254037844386]
 */
export function fitDenoiser(embeddings: Embeddings, options: DenoiserOptions = {}): DenoiserModel {
  const o = parseWith(DenoiserOptionsSchema, options, 'fitDenoiser options', 'INVALID_OPTION');
  checkEmbeddings(embeddings, 'fitDenoiser');
  const { rows: n, cols: d } = embeddings;
  if (n < 2) throw new AudienceKitError('EMPTY_INPUT', `fitDenoiser needs at least 2 rows, got ${n}`);
  if (d < 1) throw new AudienceKitError('EMPTY_INPUT', 'fitDenoiser needs at least 1 column, got 0');
  const pca = fitPca(embeddings, d, { maxRows: o.maxRows, seed: o.seed });
  const lam = pca.explainedVariance;
  let noiseVariance: number;
  if (o.noise === 'median') {
    const nonZero = lam.filter((l) => l > 1e-9 * lam[0]!).sort((a, b) => a - b);
    noiseVariance = nonZero.length > 0 ? nonZero[Math.floor(nonZero.length / 2)]! : 0;
  } else noiseVariance = o.noise;
  const axes: number[][] = [], gains: number[] = [], eigenvalues: number[] = [];
  pca.components.forEach((v, c) => {
    const l = lam[c]!;
    if (!(l > noiseVariance)) return;
    const w = (l - noiseVariance) / l;
    axes.push(v);
    gains.push(o.gain === 'sqrt' ? Math.sqrt(w) : w);
    eigenvalues.push(l);
  });
  return {
    kind: 'audience-kit/denoiser', version: 1, cols: d, mean: pca.mean, axes, gains, eigenvalues, noiseVariance,
    noise: o.noise, center: o.center, gain: o.gain, rowsSeen: pca.rowsSeen, rowsUsed: pca.rowsUsed,
  };
}

/**
 * Applies a fitted denoiser: y = Σ_c g_c ((x − mean)·v_c) v_c over the kept axes v_c (plus `mean`
 * when the model was fitted with `center: false`). Float64 accumulation, Float32 output of the same
 * width; zero entries of x are skipped; rows are independent (chunked == whole); the input is not
 * modified. A row whose centered part lies in the dropped (noise) axes maps to 0 (or to `mean`).
 * O(n × k × d) for k kept axes.
 *
 * @param model - a {@link DenoiserModel} (validated).
 * @param embeddings - n × d rows with d = model.cols.
 * @returns n × d {@link Embeddings}, same columns.
 * @throws AudienceKitError `INVALID_MODEL` for an invalid model; `DIMENSION_MISMATCH` when d differs;
 *   `INVALID_INPUT` for a non-finite value (with row and column).
 * @example
 * denoise(m, embeddingsFromRows([[2, 1]])).data; // => Float32Array [1.7320508, 0] (2·√(3/4) on axis 1)
 */
export function denoise(model: DenoiserModel, embeddings: Embeddings): Embeddings {
  const m = parseWith(DenoiserModelSchema, model, 'denoiser model', 'INVALID_MODEL');
  checkEmbeddings(embeddings, 'denoise');
  const { rows: n, cols: d, data } = embeddings;
  if (d !== m.cols) throw new AudienceKitError('DIMENSION_MISMATCH', `denoise: embeddings have ${d} columns, the model expects ${m.cols}`);
  const k = m.axes.length;
  const V = new Float64Array(k * d); // axis-major
  const shift = new Float64Array(k); // mean · v_c
  for (let c = 0; c < k; c++) {
    const v = m.axes[c]!;
    let s = 0;
    for (let j = 0; j < d; j++) { V[c * d + j] = v[j]!; s += m.mean[j]! * v[j]!; }
    shift[c] = s;
  }
  const g = Float64Array.from(m.gains);
  const out = new Float32Array(n * d);
  const y = new Float64Array(d);
  const nz = new Int32Array(d);
  for (let i = 0; i < n; i++) {
    const o0 = i * d;
    let cnt = 0;
    for (let j = 0; j < d; j++) if (data[o0 + j] !== 0) nz[cnt++] = j;
    if (m.center) y.fill(0);
    else for (let j = 0; j < d; j++) y[j] = m.mean[j]!;
    for (let c = 0; c < k; c++) {
      const b = c * d;
      let t = -shift[c]!;
      for (let a = 0; a < cnt; a++) { const j = nz[a]!; t += data[o0 + j]! * V[b + j]!; }
      t *= g[c]!;
      for (let j = 0; j < d; j++) y[j]! += t * V[b + j]!;
    }
    for (let j = 0; j < d; j++) out[o0 + j] = y[j]!;
  }
  return { rows: n, cols: d, data: out };
}
