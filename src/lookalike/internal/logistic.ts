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
    accumulateHessian(X, n, d, wts, H);
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

/**
 * Upper triangle of Σᵢ wᵢ x̃ᵢ x̃ᵢᵀ (x̃ = [x, 1]) into H (D × D, row-major), 4 rows at a time so
 * each load/store of H serves 4 rows.
 */
function accumulateHessian(X: Float32Array, n: number, d: number, w: Float64Array, H: Float64Array): void {
  const D = d + 1;
  H.fill(0);
  const t0 = new Float64Array(D), t1 = new Float64Array(D), t2 = new Float64Array(D), t3 = new Float64Array(D);
  const x0 = new Float64Array(D), x1 = new Float64Array(D), x2 = new Float64Array(D), x3 = new Float64Array(D);
  x0[d] = 1; x1[d] = 1; x2[d] = 1; x3[d] = 1;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o0 = i * d, o1 = o0 + d, o2 = o1 + d, o3 = o2 + d;
    const w0 = w[i]!, w1 = w[i + 1]!, w2 = w[i + 2]!, w3 = w[i + 3]!;
    for (let j = 0; j < d; j++) {
      const a = X[o0 + j]!, b = X[o1 + j]!, c = X[o2 + j]!, e = X[o3 + j]!;
      x0[j] = a; x1[j] = b; x2[j] = c; x3[j] = e;
      t0[j] = w0 * a; t1[j] = w1 * b; t2[j] = w2 * c; t3[j] = w3 * e;
    }
    t0[d] = w0; t1[d] = w1; t2[d] = w2; t3[d] = w3;
    for (let a = 0; a < D; a++) {
      const u0 = t0[a]!, u1 = t1[a]!, u2 = t2[a]!, u3 = t3[a]!;
      const row = a * D;
      for (let b = a; b < D; b++) H[row + b]! += u0 * x0[b]! + u1 * x1[b]! + u2 * x2[b]! + u3 * x3[b]!;
    }
  }
  for (; i < n; i++) {
    const o = i * d;
    const wi = w[i]!;
    for (let j = 0; j < d; j++) { const a = X[o + j]!; x0[j] = a; t0[j] = wi * a; }
    t0[d] = wi;
    for (let a = 0; a < D; a++) {
      const u = t0[a]!;
      const row = a * D;
      for (let b = a; b < D; b++) H[row + b]! += u * x0[b]!;
    }
  }
}
