import { Matrix, QrDecomposition, SingularValueDecomposition, inverse } from 'ml-matrix';
import { z } from 'zod';
import { AudienceKitError, parseWith } from '../../core/index.js';
import { tCdf, tQuantile } from '../internal/distributions.js';
import { isConstantSpread } from '../internal/series.js';
import type { Interval } from '../interval.js';

const series = z.array(z.number().refine(Number.isFinite, 'must be finite'));
export const RegressionImpactInputSchema = z.strictObject({
  /** The outcome series (e.g. a treated market's daily conversions). */
  y: series.min(3),
  /** Covariate series (untreated markets, search volume, …), each as long as `y`. */
  x: z.array(series).min(1),
});
export const RegressionImpactOptionsSchema = z.strictObject({
  /** Pre-period = [0, preEnd); the rest is the post-period. */
  preEnd: z.number().int().min(2),
  level: z.number().gt(0).lt(1).default(0.95),
});

export interface RegressionImpactResult {
  readonly kind: 'regressionImpact';
  readonly level: number;
  /** Per post period: observed, counterfactual prediction with its prediction interval, and the effect. */
  readonly pointwise: readonly { readonly index: number; readonly observed: number; readonly predicted: Interval; readonly effect: Interval }[];
  readonly cumulative: Interval;
  readonly average: Interval;
  /** cumulative / Σ predicted (fraction). */
  readonly relative: Interval;
  /** Two-sided p-value of "no cumulative effect" (Student t). */
  readonly pValue: number;
  readonly coefficients: readonly number[];
  readonly sigma: number;
  readonly df: number;
}

/**
 * A counterfactual for one series from covariate series fitted on the pre-period by least squares
 * (with intercept), with t prediction intervals: the pointwise, average, cumulative and relative
 * effect and a p-value — the deterministic counterpart of a CausalImpact report. It is NOT
 * CausalImpact's Bayesian structural time-series model (no local trend, no spike-and-slab), and
 * its intervals assume independent, homoscedastic errors.
 *
 * Cumulative variance: σ²·(m + sᵀ(XᵀX)⁻¹s), s = Σ of the post-period design rows.
 *
 * Complexity: O(T·k² + k³) for T periods and k covariates.
 * @throws AudienceKitError `DIMENSION_MISMATCH` (a covariate of another length), `INVALID_INPUT`
 *   (pre-period too short for the covariates, no post-period, collinear covariates).
 */
export function regressionImpact(input: z.input<typeof RegressionImpactInputSchema>, options: z.input<typeof RegressionImpactOptionsSchema>): RegressionImpactResult {
  const { y, x } = parseWith(RegressionImpactInputSchema, input, 'regressionImpact input');
  const { preEnd, level } = parseWith(RegressionImpactOptionsSchema, options, 'regressionImpact options');
  const T = y.length, k = x.length + 1;
  x.forEach((s, j) => { if (s.length !== T) throw new AudienceKitError('DIMENSION_MISMATCH', `x[${j}] has ${s.length} periods, y has ${T}`); });
  if (preEnd >= T) throw new AudienceKitError('INVALID_INPUT', `preEnd ${preEnd} leaves no post-period (series has ${T} periods)`);
  const df = preEnd - k;
  if (df < 1) throw new AudienceKitError('INVALID_INPUT', `pre-period of ${preEnd} periods is too short for ${k - 1} covariates + intercept`);
  // Covariates are centred on their pre-period means (the intercept absorbs the shift; the reported
  // intercept is moved back below): a covariate at a level of 1e6 varying by 1 is otherwise nearly
  // collinear with the intercept, and the normal equations square that.
  const means = x.map((s) => { let m = 0; for (let t = 0; t < preEnd; t++) m += s[t]!; return m / preEnd; });
  // Length of each column of the centred design (the intercept's is √preEnd), for the rank check.
  const norms = [Math.sqrt(preEnd)];
  x.forEach((s, j) => {
    let dev = 0, raw = 0;
    for (let t = 0; t < preEnd; t++) { dev += (s[t]! - means[j]!) ** 2; raw += s[t]! ** 2; }
    if (isConstantSpread(dev, raw)) throw new AudienceKitError('INVALID_INPUT', `covariates are collinear over the pre-period (x[${j}] is constant there, like the intercept)`);
    norms.push(Math.sqrt(dev));
  });
  const row = (t: number) => [1, ...x.map((s, j) => s[t]! - means[j]!)];
  const X = new Matrix(Array.from({ length: preEnd }, (_, t) => row(t)));
  const Y = Matrix.columnVector(y.slice(0, preEnd));
  // Rank check on the centred design with each column scaled to unit length: a covariate that is a
  // linear function of the others makes XᵀX singular, but ml-matrix's inverse of a singular matrix
  // in floating point can return huge finite entries (x and x − 9 gave intervals of ±3.7e8).
  const scaled = new Matrix(Array.from({ length: preEnd }, (_, t) => row(t).map((v, j) => v / norms[j]!)));
  const sv = new SingularValueDecomposition(scaled, { computeLeftSingularVectors: false, computeRightSingularVectors: false, autoTranspose: true }).diagonal;
  if (!(sv[k - 1]! > 1e-8 * sv[0]!)) throw new AudienceKitError('INVALID_INPUT', 'covariates are collinear over the pre-period (condition number of the centred, scaled design above 1e8)');
  // Least squares by QR (X = QR): β = R⁻¹Qᵀy and (XᵀX)⁻¹ = R⁻¹R⁻ᵀ, which keep cond(X) where the
  // normal equations would square it (near the 1e8 limit they were 2% off a QR reference).
  const qr = new QrDecomposition(X);
  const beta = qr.solve(Y).to1DArray();
  const Rinv = inverse(qr.upperTriangularMatrix);
  const XtXinv = Rinv.mmul(Rinv.transpose());
  if (!beta.every(Number.isFinite) || !XtXinv.to1DArray().every(Number.isFinite)) throw new AudienceKitError('INVALID_INPUT', 'covariates are collinear over the pre-period');
  let sse = 0;
  for (let t = 0; t < preEnd; t++) { const r = row(t); let p = 0; for (let j = 0; j < k; j++) p += r[j]! * beta[j]!; sse += (y[t]! - p) ** 2; }
  const sigma = Math.sqrt(sse / df);
  const q = tQuantile(1 - (1 - level) / 2, df);
  const quad = (v: number[]) => { let s = 0; for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) s += v[i]! * XtXinv.get(i, j) * v[j]!; return s; };
  const pointwise: { index: number; observed: number; predicted: Interval; effect: Interval }[] = [];
  const sum = new Array<number>(k).fill(0);
  let cum = 0, predSum = 0;
  for (let t = preEnd; t < T; t++) {
    const r = row(t);
    let p = 0;
    for (let j = 0; j < k; j++) { p += r[j]! * beta[j]!; sum[j]! += r[j]!; }
    const half = q * sigma * Math.sqrt(1 + quad(r));
    pointwise.push({ index: t, observed: y[t]!, predicted: { estimate: p, lower: p - half, upper: p + half }, effect: { estimate: y[t]! - p, lower: y[t]! - p - half, upper: y[t]! - p + half } });
    cum += y[t]! - p; predSum += p;
  }
  const m = T - preEnd;
  const sd = sigma * Math.sqrt(m + quad(sum));
  const half = q * sd;
  const cumulative = { estimate: cum, lower: cum - half, upper: cum + half };
  return {
    kind: 'regressionImpact', level, pointwise, cumulative,
    average: { estimate: cum / m, lower: (cum - half) / m, upper: (cum + half) / m },
    relative: { estimate: cum / predSum, lower: (cum - half) / predSum, upper: (cum + half) / predSum },
    pValue: sd > 0 ? 2 * tCdf(-Math.abs(cum / sd), df) : cum === 0 ? 1 : 0,
    // The intercept of the uncentred covariates: β₀ − Σ βⱼ·x̄ⱼ.
    coefficients: [beta[0]! - means.reduce((a, m, j) => a + beta[j + 1]! * m, 0), ...beta.slice(1)], sigma, df,
  };
}
