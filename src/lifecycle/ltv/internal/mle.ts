/**
 * Maximum-likelihood driver shared by the BG/NBD, Pareto/NBD and Gamma-Gamma fits: L-BFGS on the
 * log parameters (all parameters are positive), mean negative log-likelihood plus an optional L2
 * penalty on the natural parameters (as `lifetimes`: `penalizer · Σ θ²`), a Nelder–Mead restart
 * when L-BFGS stalls, standard errors from the inverse observed information in the natural
 * parameters, and `NOT_CONVERGED` with diagnostics when the optimum cannot be certified.
 * @module
 */
import { AudienceKitError, invertPositiveDefinite, minimizeLbfgs, minimizeNelderMead, numericGradient, numericHessian } from '../../../core/index.js';

export interface MleProblem {
  readonly model: string;
  readonly names: readonly string[];
  /** Natural-scale starting values (positive). */
  readonly start: readonly number[];
  /** Total weighted log-likelihood at natural θ; writes dLL/dθ into `grad` when it is given and `hasGradient`. */
  readonly logLik: (theta: Float64Array, grad: Float64Array | null) => number;
  readonly hasGradient: boolean;
  readonly totalWeight: number;
  readonly penalizer: number;
}

export interface MleResult {
  readonly theta: Float64Array;
  readonly logLikelihood: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly gradientNorm: number;
  readonly standardErrors: Float64Array | null;
  readonly optimizer: string;
}

/** The information the fits report about the optimization. */
export interface FitInfo {
  /** Log-likelihood at the estimate (natural parameters, without the penalty). */
  readonly logLikelihood: number;
  readonly iterations: number;
  /** Always true on a returned model: a fit that cannot be certified throws `NOT_CONVERGED`. */
  readonly converged: boolean;
  /** Max-norm of the gradient of the objective (mean NLL + penalty) in log parameters at the estimate. */
  readonly gradientNorm: number;
  readonly optimizer: string;
  /** Customers used (sum of weights) and distinct rows the likelihood was evaluated on. */
  readonly customers: number;
  readonly distinctRows: number;
  readonly penalizer: number;
}

export function fitMle(p: MleProblem): MleResult {
  const n = p.names.length;
  const theta = new Float64Array(n);
  const gradNat = new Float64Array(n);
  const W = p.totalWeight;
  const objective = (u: Float64Array): number => {
    let pen = 0;
    for (let i = 0; i < n; i++) { theta[i] = Math.exp(u[i]!); pen += theta[i]! * theta[i]!; }
    const ll = p.logLik(theta, null);
    return -ll / W + p.penalizer * pen;
  };
  const withGradient = (u: Float64Array, g: Float64Array): number => {
    let pen = 0;
    for (let i = 0; i < n; i++) { theta[i] = Math.exp(u[i]!); pen += theta[i]! * theta[i]!; }
    const ll = p.logLik(theta, gradNat);
    for (let i = 0; i < n; i++) g[i] = (-gradNat[i]! * theta[i]!) / W + 2 * p.penalizer * theta[i]! * theta[i]!;
    return -ll / W + p.penalizer * pen;
  };
  const u0 = p.start.map(Math.log);
  const lbfgsOptions = { gradientTolerance: 1e-9, functionTolerance: 1e-15, maxIterations: 1000 };
  let res = minimizeLbfgs(objective, u0, p.hasGradient ? { ...lbfgsOptions, gradient: withGradient } : lbfgsOptions);
  let iterations = res.iterations, evaluations = res.evaluations;
  let optimizer = 'L-BFGS';
  const loose = 1e-5;
  if (!res.converged || res.gradientNorm > loose) {
    const nm = minimizeNelderMead(objective, res.value < Number.POSITIVE_INFINITY ? res.x : u0, { maxIterations: 4000 });
    const again = minimizeLbfgs(objective, nm.x, p.hasGradient ? { ...lbfgsOptions, gradient: withGradient } : lbfgsOptions);
    iterations += nm.iterations + again.iterations;
    evaluations += nm.evaluations + again.evaluations;
    optimizer = 'L-BFGS, Nelder–Mead restart, L-BFGS';
    res = again.value <= nm.value ? again : { ...nm, gradientNorm: Number.NaN };
  }
  const thetaHat = Float64Array.from(res.x, Math.exp);
  const gFinal = new Float64Array(n);
  if (p.hasGradient) withGradient(Float64Array.from(res.x), gFinal);
  else numericGradient(objective, Float64Array.from(res.x), gFinal);
  let gradientNorm = 0;
  for (let i = 0; i < n; i++) gradientNorm = Math.max(gradientNorm, Math.abs(gFinal[i]!));
  const finite = Number.isFinite(res.value) && thetaHat.every((v) => Number.isFinite(v) && v > 0);
  const certified = finite && gradientNorm <= loose;
  if (!certified) {
    const params: Record<string, number> = {};
    p.names.forEach((name, i) => { params[name] = thetaHat[i]!; });
    throw new AudienceKitError('NOT_CONVERGED', `${p.model} fit did not converge: ${res.message}; gradient max-norm ${String(gradientNorm)} after ${iterations} iterations`, {
      details: { model: p.model, iterations, evaluations, gradientNorm, objective: res.value, params, message: res.message },
    });
  }
  // Observed information in the natural parameters (Hessian of −LL), for the standard errors.
  const nll = (t: Float64Array): number => -p.logLik(t, null);
  const H = p.hasGradient
    ? numericHessian(nll, thetaHat, { relativeStep: true, forward: true, gradient: (t, g) => { const v = p.logLik(t, g); for (let i = 0; i < n; i++) g[i] = -g[i]!; return -v; } })
    : numericHessian(nll, thetaHat, { relativeStep: true });
  // A proper maximum has a positive-definite Hessian of the objective in the log parameters u = log θ:
  // ∂²f/∂u_i∂u_j = θ_i θ_j (H_ij / W + 2·penalizer·δ_ij) + δ_ij·∂f/∂u_i. A flat direction (an
  // unidentified parameter, an estimate running off to 0 or ∞) is not a fit.
  const Hu = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) Hu[i * n + j] = thetaHat[i]! * thetaHat[j]! * (H[i * n + j]! / W + (i === j ? 2 * p.penalizer : 0));
    Hu[i * n + i] = Hu[i * n + i]! + gFinal[i]!;
  }
  const pivot = minCholeskyPivot(Hu, n);
  if (!(pivot > 1e-9)) {
    const params: Record<string, number> = {};
    p.names.forEach((name, i) => { params[name] = thetaHat[i]!; });
    throw new AudienceKitError('NOT_CONVERGED', `${p.model} fit has no finite maximum: the likelihood is flat in some direction at the estimate (smallest relative curvature ${String(pivot)}); the data cannot identify every parameter (add data or a penalizer)`, {
      details: { model: p.model, iterations, evaluations, gradientNorm, objective: res.value, params, smallestCurvature: pivot, message: 'flat likelihood' },
    });
  }
  const cov = invertPositiveDefinite(H, n);
  let se: Float64Array | null = null;
  if (cov !== null) {
    se = new Float64Array(n);
    for (let i = 0; i < n; i++) se[i] = Math.sqrt(cov[i * n + i]!);
    if (!se.every((v) => Number.isFinite(v) && v > 0)) se = null;
  }
  return { theta: thetaHat, logLikelihood: p.logLik(thetaHat, null), iterations, evaluations, gradientNorm, standardErrors: se, optimizer };
}

/** Named record from a vector. */
export function named<K extends string>(names: readonly K[], v: Float64Array): Record<K, number> {
  const out = {} as Record<K, number>;
  names.forEach((k, i) => { out[k] = v[i]!; });
  return out;
}

/** Smallest squared Cholesky pivot of H relative to its largest diagonal entry (≤ 0 when H is not positive definite). */
function minCholeskyPivot(H: Float64Array, n: number): number {
  const L = new Float64Array(n * n);
  let maxDiag = 0;
  for (let i = 0; i < n; i++) maxDiag = Math.max(maxDiag, Math.abs(H[i * n + i]!));
  if (!(maxDiag > 0) || !Number.isFinite(maxDiag)) return 0;
  let minPivot = Number.POSITIVE_INFINITY;
  for (let j = 0; j < n; j++) {
    let d = H[j * n + j]!;
    for (let k = 0; k < j; k++) d -= L[j * n + k]! * L[j * n + k]!;
    minPivot = Math.min(minPivot, d / maxDiag);
    if (!(d > 0)) return d / maxDiag;
    const ljj = Math.sqrt(d);
    L[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let v = H[i * n + j]!;
      for (let k = 0; k < j; k++) v -= L[i * n + k]! * L[j * n + k]!;
      L[i * n + j] = v / ljj;
    }
  }
  return minPivot;
}
