import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { AudienceKitError } from '../../core/index.js';

export interface LogisticFit {
  /** Weights on the raw (unstandardized) features. */
  readonly weights: Float64Array;
  readonly intercept: number;
  /** Column means and standard deviations of the training rows. */
  readonly mean: Float64Array;
  readonly sd: Float64Array;
  readonly iterations: number;
  /** Penalized negative log-likelihood at the solution. */
  readonly objective: number;
}

/**
 * L2-regularized logistic regression with an unpenalized intercept, fitted by Newton's method
 * (IRLS; Hastie, Tibshirani & Friedman, ESL §4.4.1) with step halving.
 *
 * Objective (scikit-learn's `LogisticRegression(C = 1/l2)` convention on standardized columns):
 *   Σᵢ [log(1 + e^{zᵢ}) − yᵢ zᵢ] + (l2 / 2) Σⱼ (σⱼ wⱼ)²,   zᵢ = b + Σⱼ wⱼ xᵢⱼ,
 * i.e. the penalty applies to the weights of the standardized features (σⱼ = column standard
 * deviation; 1 for a constant column), but the solve runs on the raw columns: the two are the
 * same problem under a linear reparametrization, and Newton's method is affine-invariant.
 * The (d+1)×(d+1) system is solved by Cholesky (ml-matrix).
 *
 * Complexity: O(n · d²) per iteration (the Hessian), typically 6–10 iterations.
 *
 * @param X - `n` rows × `d` columns, row-major Float32.
 * @param y - 1 for positives, 0 for negatives.
 * @throws AudienceKitError `NOT_CONVERGED` after `maxIterations` Newton steps.
 */
export function fitLogisticNewton(X: Float32Array, n: number, d: number, y: Uint8Array, l2: number, maxIterations: number, tolerance: number): LogisticFit {
  const D = d + 1; // last coordinate = intercept
  // Column statistics (two-pass, Float64).
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (let i = 0; i < n; i++) { const o = i * d; for (let j = 0; j < d; j++) mean[j]! += X[o + j]!; }
  for (let j = 0; j < d; j++) mean[j]! /= n;
  for (let i = 0; i < n; i++) { const o = i * d; for (let j = 0; j < d; j++) { const t = X[o + j]! - mean[j]!; sd[j]! += t * t; } }
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]! / n);
  const pen = new Float64Array(D);
  for (let j = 0; j < d; j++) { const s = sd[j]! > 0 ? sd[j]! : 1; pen[j] = l2 * s * s; }

  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i]!;
  const beta = new Float64Array(D);
  // Start at the intercept-only solution: b = logit(share of positives).
  const share = Math.min(Math.max(positives / n, 1e-12), 1 - 1e-12);
  beta[d] = Math.log(share / (1 - share));

  const z = new Float64Array(n);
  const wts = new Float64Array(n);
  const grad = new Float64Array(D);
  const H = new Float64Array(D * D);
  const { XT, d4 } = transposePadded(X, n, d);

  const evaluate = (b: Float64Array): number => {
    let obj = 0;
    const b0 = b[d]!;
    for (let i = 0; i < n; i++) {
      const o = i * d;
      let s = b0;
      for (let j = 0; j < d; j++) s += b[j]! * X[o + j]!;
      z[i] = s;
      obj += (s > 0 ? s : 0) + Math.log1p(Math.exp(-Math.abs(s))) - y[i]! * s;
    }
    for (let j = 0; j < d; j++) obj += 0.5 * pen[j]! * b[j]! * b[j]!;
    return obj;
  };

  let objective = evaluate(beta);
  let iterations = 0;
  for (;;) {
    if (iterations >= maxIterations) {
      throw new AudienceKitError('NOT_CONVERGED', `lookalike classifier: Newton's method did not converge in ${maxIterations} iterations; raise l2 or maxIterations`);
    }
    iterations++;
    // Gradient and weights at beta (z is current).
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      const p = sigmoid(z[i]!);
      const r = p - y[i]!;
      wts[i] = p * (1 - p);
      const o = i * d;
      for (let j = 0; j < d; j++) grad[j]! += r * X[o + j]!;
      grad[d]! += r;
    }
    for (let j = 0; j < d; j++) grad[j]! += pen[j]! * beta[j]!;
    accumulateHessian(XT, n, d, d4, wts, H);
    for (let j = 0; j < d; j++) H[j * D + j]! += pen[j]!;
    for (let a = 0; a < D; a++) for (let b = 0; b < a; b++) H[a * D + b] = H[b * D + a]!;
    const chol = new CholeskyDecomposition(Matrix.from1DArray(D, D, H));
    if (!chol.isPositiveDefinite()) {
      throw new AudienceKitError('NOT_CONVERGED', 'lookalike classifier: the Newton system is not positive definite (degenerate features); raise l2');
    }
    const step = chol.solve(Matrix.columnVector(grad)).getColumn(0);
    // Step halving until the objective does not increase.
    const next = new Float64Array(D);
    let scale = 1;
    let nextObjective = Infinity;
    for (let h = 0; h < 40; h++) {
      for (let j = 0; j < D; j++) next[j] = beta[j]! - scale * step[j]!;
      nextObjective = evaluate(next);
      if (nextObjective <= objective + 1e-12 * Math.abs(objective)) break;
      scale *= 0.5;
    }
    let maxStep = 0, maxBeta = 0;
    for (let j = 0; j < D; j++) { maxStep = Math.max(maxStep, Math.abs(next[j]! - beta[j]!)); maxBeta = Math.max(maxBeta, Math.abs(next[j]!)); }
    beta.set(next);
    const change = objective - nextObjective;
    objective = nextObjective;
    if (maxStep <= tolerance * (1 + maxBeta) || change <= tolerance * 1e-3 * Math.abs(objective)) break;
  }
  return { weights: beta.slice(0, d), intercept: beta[d], mean, sd, iterations, objective };
}

/** Numerically stable logistic function. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Columns of row-major X (n × d) as a column-major copy padded to a multiple of 4 columns (zero columns). */
function transposePadded(X: Float32Array, n: number, d: number): { XT: Float32Array; d4: number } {
  const d4 = Math.ceil(d / 4) * 4;
  const XT = new Float32Array(d4 * n);
  for (let i = 0; i < n; i++) {
    const o = i * d;
    for (let j = 0; j < d; j++) XT[j * n + i] = X[o + j]!;
  }
  return { XT, d4 };
}

/**
 * Σᵢ wᵢ x̃ᵢ x̃ᵢᵀ (x̃ = [x, 1]) into the upper triangle of H (D × D, row-major), from the
 * column-major copy `XT`: 4 × 4 tiles of H, each one pass over the rows with 16 accumulators
 * (the blocked-GEMM pattern of the scoring kernels), so each loaded value feeds 4 products.
 * Each entry is a plain sequential sum over i (deterministic).
 */
function accumulateHessian(XT: Float32Array, n: number, d: number, d4: number, w: Float64Array, H: Float64Array): void {
  const D = d + 1;
  H.fill(0);
  for (let a = 0; a < d4; a += 4) {
    const pa0 = a * n, pa1 = pa0 + n, pa2 = pa1 + n, pa3 = pa2 + n;
    for (let b = a; b < d4; b += 4) {
      const pb0 = b * n, pb1 = pb0 + n, pb2 = pb1 + n, pb3 = pb2 + n;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
      for (let i = 0; i < n; i++) {
        const u = w[i]!;
        const y0 = XT[pb0 + i]!, y1 = XT[pb1 + i]!, y2 = XT[pb2 + i]!, y3 = XT[pb3 + i]!;
        let x = u * XT[pa0 + i]!;
        s00 += x * y0; s01 += x * y1; s02 += x * y2; s03 += x * y3;
        x = u * XT[pa1 + i]!;
        s10 += x * y0; s11 += x * y1; s12 += x * y2; s13 += x * y3;
        x = u * XT[pa2 + i]!;
        s20 += x * y0; s21 += x * y1; s22 += x * y2; s23 += x * y3;
        x = u * XT[pa3 + i]!;
        s30 += x * y0; s31 += x * y1; s32 += x * y2; s33 += x * y3;
      }
      const tile = [s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33];
      for (let p = 0; p < 4; p++) {
        for (let q = 0; q < 4; q++) {
          const r = a + p, c = b + q;
          if (r < d && c < d && c >= r) H[r * D + c] = tile[p * 4 + q]!;
        }
      }
    }
  }
  // Intercept row/column: Σ wᵢ xᵢⱼ and Σ wᵢ.
  for (let j = 0; j < d; j++) {
    const pj = j * n;
    let s = 0;
    for (let i = 0; i < n; i++) s += w[i]! * XT[pj + i]!;
    H[j * D + d] = s;
  }
  let sw = 0;
  for (let i = 0; i < n; i++) sw += w[i]!;
  H[d * D + d] = sw;
}
