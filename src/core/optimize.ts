/**
 * Small unconstrained minimizers for maximum-likelihood fits of a handful of parameters:
 * Nelder–Mead (derivative free), L-BFGS (analytic gradient, or a central-difference gradient
 * when none is given), and a numeric Hessian with the covariance (inverse Hessian) for standard
 * errors. Bounded parameters are fitted on a log / logit scale by the caller.
 *
 * Why our own: DESIGN.md "Dependencies" — `fmin`'s published build is broken and
 * `optimization-js` diverges to NaN on BG/NBD. References: Nocedal & Wright, Numerical
 * Optimization (2nd ed., 2006) Alg. 7.4 (L-BFGS two-loop recursion), Alg. 3.5/3.6 (strong-Wolfe
 * line search with zoom), §8.1 (finite differences); Lagarias et al. (1998) "Convergence
 * properties of the Nelder–Mead simplex method in low dimensions" (SIAM J. Optim. 9(1)).
 * @module
 */
import { CholeskyDecomposition, Matrix } from 'ml-matrix';

/** An objective to minimize. It must not keep or mutate `x`. */
export type Objective = (x: Float64Array) => number;
/** An objective that also writes its gradient at `x` into `gradient` (length n) and returns f(x). */
export type ObjectiveWithGradient = (x: Float64Array, gradient: Float64Array) => number;

/** The outcome of a minimization. `converged` false means a budget ran out or the search stalled. */
export interface OptimizeResult {
  /** The best point found. */
  readonly x: Float64Array;
  /** f(x). */
  readonly value: number;
  readonly iterations: number;
  /** Objective evaluations (each numeric-gradient evaluation counts its 2n calls). */
  readonly evaluations: number;
  readonly converged: boolean;
  /** Max-norm of the gradient at `x` (L-BFGS), or the simplex's spread in f (Nelder–Mead). */
  readonly gradientNorm: number;
  /** Why the run stopped, in words. */
  readonly message: string;
}

export interface LbfgsOptions {
  /** Analytic objective+gradient; without it a central-difference gradient of `f` is used. */
  readonly gradient?: ObjectiveWithGradient;
  /** History length m (default 10). */
  readonly memory?: number;
  /** Stop when the max-norm of the gradient is at most this (default 1e-8). */
  readonly gradientTolerance?: number;
  /** Stop when a step lowers f by at most this times max(1, |f|) (default 1e-14). */
  readonly functionTolerance?: number;
  /** Default 500. */
  readonly maxIterations?: number;
}

export interface NelderMeadOptions {
  /** Stop when all simplex values are within this of the best (default 1e-10) … */
  readonly functionTolerance?: number;
  /** … and all vertices within this (max-norm) of the best (default 1e-8). */
  readonly pointTolerance?: number;
  /** Default 200·n. */
  readonly maxIterations?: number;
  /** Relative size of the initial simplex (default 0.05; 0.00025 for a zero coordinate, as SciPy). */
  readonly initialStep?: number;
}

const EPS = 2.220446049250313e-16;
const CBRT_EPS = Math.cbrt(EPS);

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) {
    const a = Math.abs(v[i]!);
    if (a > m || Number.isNaN(a)) m = a;
  }
  return m;
}

/**
 * Central-difference gradient of `f` at `x` (Nocedal & Wright §8.1), step h_i = ε^(1/3)·max(1, |x_i|):
 * error O(h²), 2n evaluations.
 *
 * @param f - the objective
 * @param x - the point (not modified)
 * @param out - optional output buffer of length n
 * @returns the gradient (in `out` when given)
 * @example
 * numericGradient((x) => x[0]! * x[0]!, Float64Array.of(3)); // => Float64Array [≈6]
 */
export function numericGradient(f: Objective, x: Float64Array, out: Float64Array = new Float64Array(x.length)): Float64Array {
  const xx = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    const h = CBRT_EPS * Math.max(1, Math.abs(xi));
    xx[i] = xi + h;
    const fp = f(xx);
    xx[i] = xi - h;
    const fm = f(xx);
    xx[i] = xi;
    out[i] = (fp - fm) / (2 * h);
  }
  return out;
}

/**
 * Numeric Hessian of `f` at `x`, row-major n×n, symmetric. With an analytic gradient it is the
 * central (or, with `forward`, forward: n + 1 gradients, ~1e-8 relative error) difference of the
 * gradient, symmetrized; otherwise the
 * second-order central difference of f with step ε^(1/4)·max(1, |x_i|) (Nocedal & Wright §8.1).
 * Steps are relative to |x_i| when `relativeStep` is set (natural-scale positive parameters).
 * Cost: 2n (forward: n + 1) gradient or 2n² + 1 function evaluations.
 *
 * @param f - the objective
 * @param x - the point (not modified)
 * @param options - `gradient` (analytic), `forward` (forward differences of it), `relativeStep` (scale steps by |x_i| instead of max(1, |x_i|))
 * @returns Float64Array of length n², H[i·n + j]
 * @example
 * numericHessian((x) => x[0]! * x[0]! * x[1]!, Float64Array.of(1, 2)); // => ≈ [4, 2, 2, 0]
 */
export function numericHessian(
  f: Objective,
  x: Float64Array,
  options: { readonly gradient?: ObjectiveWithGradient; readonly relativeStep?: boolean; readonly forward?: boolean } = {},
): Float64Array {
  const n = x.length;
  const H = new Float64Array(n * n);
  const xx = Float64Array.from(x);
  const scale = (v: number): number => (options.relativeStep === true && v !== 0 ? Math.abs(v) : Math.max(1, Math.abs(v)));
  const g = options.gradient;
  if (g !== undefined) {
    const gp = new Float64Array(n);
    const gm = new Float64Array(n);
    const forward = options.forward === true;
    if (forward) g(xx, gm);
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      // Forward: h = √ε·scale, error O(h) ≈ 1e-8 relative, n + 1 gradients; central: ε^(1/3), O(h²), 2n.
      const h = (forward ? Math.sqrt(EPS) : CBRT_EPS) * scale(xi);
      xx[i] = xi + h;
      g(xx, gp);
      if (!forward) { xx[i] = xi - h; g(xx, gm); }
      xx[i] = xi;
      if (forward) { for (let j = 0; j < n; j++) H[i * n + j] = (gp[j]! - gm[j]!) / h; continue; }
      for (let j = 0; j < n; j++) H[i * n + j] = (gp[j]! - gm[j]!) / (2 * h);
    }
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const s = 0.5 * (H[i * n + j]! + H[j * n + i]!);
        H[i * n + j] = s;
        H[j * n + i] = s;
      }
    }
    return H;
  }
  const h = new Float64Array(n);
  for (let i = 0; i < n; i++) h[i] = Math.pow(EPS, 0.25) * scale(x[i]!);
  const f0 = f(xx);
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const hi = h[i]!;
    xx[i] = xi + hi;
    const fp = f(xx);
    xx[i] = xi - hi;
    const fm = f(xx);
    xx[i] = xi;
    H[i * n + i] = (fp - 2 * f0 + fm) / (hi * hi);
    for (let j = i + 1; j < n; j++) {
      const xj = x[j]!;
      const hj = h[j]!;
      xx[i] = xi + hi; xx[j] = xj + hj; const fpp = f(xx);
      xx[j] = xj - hj; const fpm = f(xx);
      xx[i] = xi - hi; const fmm = f(xx);
      xx[j] = xj + hj; const fmp = f(xx);
      xx[i] = xi; xx[j] = xj;
      const v = (fpp - fpm - fmp + fmm) / (4 * hi * hj);
      H[i * n + j] = v;
      H[j * n + i] = v;
    }
  }
  return H;
}

/**
 * Inverse of a symmetric positive-definite matrix (row-major n×n) by Cholesky (ml-matrix), e.g. the
 * covariance of maximum-likelihood estimates from the Hessian of the negative log-likelihood.
 * O(n³).
 *
 * @param H - row-major n×n symmetric matrix
 * @param n - its order
 * @returns the inverse (row-major), or `null` when H is not positive definite or not finite
 * @example
 * invertPositiveDefinite(Float64Array.of(4, 0, 0, 1), 2); // => Float64Array [0.25, 0, 0, 1]
 */
export function invertPositiveDefinite(H: Float64Array, n: number): Float64Array | null {
  for (let i = 0; i < n * n; i++) if (!Number.isFinite(H[i]!)) return null;
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from(H.subarray(i * n, i * n + n)));
  const chol = new CholeskyDecomposition(new Matrix(rows));
  if (!chol.isPositiveDefinite()) return null;
  const inv = chol.solve(Matrix.eye(n, n));
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i * n + j] = inv.get(i, j);
  for (let i = 0; i < n * n; i++) if (!Number.isFinite(out[i]!)) return null;
  return out;
}

/**
 * Minimizes f with L-BFGS (Nocedal & Wright Alg. 7.4, two-loop recursion, m = 10) and a
 * strong-Wolfe line search (Alg. 3.5/3.6, c1 = 1e-4, c2 = 0.9, cubic interpolation in zoom).
 * A non-finite f(x + α·d) counts as "too far" and shrinks the step. Without `gradient`, a
 * central-difference gradient is used (2n evaluations per gradient).
 * Cost per iteration O(m·n) plus the objective calls.
 *
 * @param f - the objective
 * @param x0 - the starting point (not modified); f(x0) must be finite
 * @param options - see {@link LbfgsOptions}
 * @returns the best point found; `converged` false when the budget ran out or the search stalled
 * @example
 * const rosen = (x: Float64Array) => (1 - x[0]!) ** 2 + 100 * (x[1]! - x[0]! ** 2) ** 2;
 * minimizeLbfgs(rosen, [-1.2, 1]).x; // => ≈ Float64Array [1, 1]
 */
export function minimizeLbfgs(f: Objective, x0: ArrayLike<number>, options: LbfgsOptions = {}): OptimizeResult {
  const n = x0.length;
  const m = options.memory ?? 10;
  const gtol = options.gradientTolerance ?? 1e-8;
  const ftol = options.functionTolerance ?? 1e-14;
  const maxIter = options.maxIterations ?? 500;
  let evaluations = 0;
  const fg: ObjectiveWithGradient = options.gradient
    ? (x, g) => { evaluations++; return options.gradient!(x, g); }
    : (x, g) => { evaluations += 2 * n + 1; numericGradient(f, x, g); return f(x); };

  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let fx = fg(x, g);
  if (!Number.isFinite(fx)) {
    return { x, value: fx, iterations: 0, evaluations, converged: false, gradientNorm: Number.NaN, message: 'objective is not finite at the starting point' };
  }
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const RHO: number[] = [];
  const d = new Float64Array(n);
  const alphaBuf = new Float64Array(m);
  let xNew = new Float64Array(n);
  let gNew = new Float64Array(n);
  let iter = 0;
  let message = 'iteration limit reached';
  let converged = false;
  let gnorm = maxAbs(g);
  if (gnorm <= gtol) return { x, value: fx, iterations: 0, evaluations, converged: true, gradientNorm: gnorm, message: 'gradient tolerance met' };

  while (iter < maxIter) {
    iter++;
    // Two-loop recursion: d = -H·g.
    for (let i = 0; i < n; i++) d[i] = -g[i]!;
    const k = S.length;
    for (let j = k - 1; j >= 0; j--) {
      const s = S[j]!, y = Y[j]!;
      let a = 0;
      for (let i = 0; i < n; i++) a += s[i]! * d[i]!;
      a *= RHO[j]!;
      alphaBuf[j] = a;
      for (let i = 0; i < n; i++) d[i] = d[i]! - a * y[i]!;
    }
    if (k > 0) {
      const s = S[k - 1]!, y = Y[k - 1]!;
      let sy = 0, yy = 0;
      for (let i = 0; i < n; i++) { sy += s[i]! * y[i]!; yy += y[i]! * y[i]!; }
      const gamma = sy / yy;
      for (let i = 0; i < n; i++) d[i] = d[i]! * gamma;
    }
    for (let j = 0; j < k; j++) {
      const s = S[j]!, y = Y[j]!;
      let b = 0;
      for (let i = 0; i < n; i++) b += y[i]! * d[i]!;
      b *= RHO[j]!;
      const c = alphaBuf[j]! - b;
      for (let i = 0; i < n; i++) d[i] = d[i]! + c * s[i]!;
    }
    let dg = 0;
    for (let i = 0; i < n; i++) dg += d[i]! * g[i]!;
    if (!(dg < 0)) {
      // Not a descent direction (numeric noise): restart from steepest descent.
      S.length = 0; Y.length = 0; RHO.length = 0;
      dg = 0;
      for (let i = 0; i < n; i++) { d[i] = -g[i]!; dg -= g[i]! * g[i]!; }
    }
    const step0 = k === 0 ? Math.min(1, 1 / Math.max(maxAbs(g), 1e-300)) : 1;
    const ls = wolfeLineSearch(fg, x, fx, dg, d, step0, xNew, gNew);
    if (!ls.ok) {
      if (S.length > 0) { S.length = 0; Y.length = 0; RHO.length = 0; iter--; if (iter >= maxIter) break; continue; }
      message = 'line search failed to lower the objective';
      break;
    }
    const fNew = ls.f;
    // Update history.
    const s = new Float64Array(n), y = new Float64Array(n);
    let sy = 0;
    for (let i = 0; i < n; i++) { s[i] = xNew[i]! - x[i]!; y[i] = gNew[i]! - g[i]!; sy += s[i]! * y[i]!; }
    if (sy > 1e-16 * Math.sqrt(dotSelf(s) * dotSelf(y))) {
      if (S.length === m) { S.shift(); Y.shift(); RHO.shift(); }
      S.push(s); Y.push(y); RHO.push(1 / sy);
    }
    const fOld = fx;
    const tx = x; x = xNew; xNew = tx;
    const tg = g; g = gNew; gNew = tg;
    fx = fNew;
    gnorm = maxAbs(g);
    if (gnorm <= gtol) { converged = true; message = 'gradient tolerance met'; break; }
    if (fOld - fx <= ftol * Math.max(1, Math.abs(fx))) { converged = true; message = 'function tolerance met'; break; }
  }
  return { x, value: fx, iterations: iter, evaluations, converged, gradientNorm: gnorm, message };
}

function dotSelf(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return s;
}

/** Strong-Wolfe line search along d from x (Nocedal & Wright Alg. 3.5 with zoom Alg. 3.6). */
function wolfeLineSearch(
  fg: ObjectiveWithGradient, x: Float64Array, f0: number, dg0: number, d: Float64Array, step0: number,
  xOut: Float64Array, gOut: Float64Array,
): { ok: boolean; f: number } {
  const c1 = 1e-4, c2 = 0.9;
  const n = x.length;
  const evalAt = (a: number): { f: number; dg: number } => {
    for (let i = 0; i < n; i++) xOut[i] = x[i]! + a * d[i]!;
    const fv = fg(xOut, gOut);
    let dg = 0;
    for (let i = 0; i < n; i++) dg += gOut[i]! * d[i]!;
    return { f: fv, dg };
  };
  let aPrev = 0, fPrev = f0, dgPrev = dg0;
  let a = step0;
  let best = { a: 0, f: f0 };
  for (let i = 0; i < 40; i++) {
    let e = evalAt(a);
    let shrink = 0;
    while (!Number.isFinite(e.f) || !Number.isFinite(e.dg)) {
      if (++shrink > 60) return { ok: false, f: f0 };
      a = aPrev + 0.25 * (a - aPrev);
      e = evalAt(a);
    }
    if (e.f < best.f) best = { a, f: e.f };
    if (e.f > f0 + c1 * a * dg0 || (i > 0 && e.f >= fPrev)) {
      return finish(zoom(aPrev, fPrev, dgPrev, a, e.f, e.dg));
    }
    if (Math.abs(e.dg) <= -c2 * dg0) return { ok: true, f: e.f };
    if (e.dg >= 0) return finish(zoom(a, e.f, e.dg, aPrev, fPrev, dgPrev));
    aPrev = a; fPrev = e.f; dgPrev = e.dg;
    a *= 2;
  }
  return finish(best.a);

  function zoom(lo: number, flo: number, dglo: number, hi: number, fhi: number, dghi: number): number {
    for (let j = 0; j < 40; j++) {
      let aj = cubicMin(lo, flo, dglo, hi, fhi, dghi);
      const lo2 = Math.min(lo, hi), hi2 = Math.max(lo, hi), w = hi2 - lo2;
      if (!Number.isFinite(aj) || aj < lo2 + 0.1 * w || aj > hi2 - 0.1 * w) aj = 0.5 * (lo + hi);
      const e = evalAt(aj);
      if (!Number.isFinite(e.f)) { hi = aj; fhi = Number.MAX_VALUE; dghi = 0; continue; }
      if (e.f < best.f) best = { a: aj, f: e.f };
      if (e.f > f0 + c1 * aj * dg0 || e.f >= flo) {
        hi = aj; fhi = e.f; dghi = e.dg;
      } else {
        if (Math.abs(e.dg) <= -c2 * dg0) return aj;
        if (e.dg * (hi - lo) >= 0) { hi = lo; fhi = flo; dghi = dglo; }
        lo = aj; flo = e.f; dglo = e.dg;
      }
      if (Math.abs(hi - lo) < 1e-16 * Math.max(1, Math.abs(lo))) break;
    }
    return best.a;
  }

  function finish(aFinal: number): { ok: boolean; f: number } {
    if (aFinal === 0 || !(best.f < f0)) return { ok: false, f: f0 };
    const e = evalAt(aFinal);
    return { ok: e.f < f0, f: e.f };
  }
}

/** Minimizer of the cubic interpolating f and f' at two points (Nocedal & Wright eq. 3.59). */
function cubicMin(a: number, fa: number, ga: number, b: number, fb: number, gb: number): number {
  const d1 = ga + gb - 3 * (fa - fb) / (a - b);
  const disc = d1 * d1 - ga * gb;
  if (!(disc >= 0)) return Number.NaN;
  const d2 = Math.sign(b - a) * Math.sqrt(disc);
  return b - (b - a) * (gb + d2 - d1) / (gb - ga + 2 * d2);
}

/**
 * Minimizes f with the Nelder–Mead simplex method (Lagarias et al. 1998: reflection 1, expansion 2,
 * contraction ½, shrink ½; initial simplex as SciPy's `fmin`). Derivative free; O(n) evaluations
 * per iteration, O(n²) work to sort.
 *
 * @param f - the objective (non-finite values count as +Infinity)
 * @param x0 - the starting point (not modified)
 * @param options - see {@link NelderMeadOptions}
 * @returns the best vertex; `converged` false when the iteration budget ran out
 * @example
 * minimizeNelderMead((x) => (x[0]! - 3) ** 2 + (x[1]! + 1) ** 2, [0, 0]).x; // => ≈ Float64Array [3, -1]
 */
export function minimizeNelderMead(f: Objective, x0: ArrayLike<number>, options: NelderMeadOptions = {}): OptimizeResult {
  const n = x0.length;
  const ftol = options.functionTolerance ?? 1e-10;
  const xtol = options.pointTolerance ?? 1e-8;
  const maxIter = options.maxIterations ?? 200 * n;
  const step = options.initialStep ?? 0.05;
  let evaluations = 0;
  const F = (x: Float64Array): number => { evaluations++; const v = f(x); return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY; };
  const simplex: Float64Array[] = [];
  const values: number[] = [];
  const start = Float64Array.from(x0);
  simplex.push(start); values.push(F(start));
  for (let i = 0; i < n; i++) {
    const v = Float64Array.from(x0);
    v[i] = v[i]! !== 0 ? v[i]! * (1 + step) : 0.00025;
    simplex.push(v); values.push(F(v));
  }
  const order = Array.from({ length: n + 1 }, (_, i) => i);
  const centroid = new Float64Array(n);
  const xr = new Float64Array(n), xe = new Float64Array(n), xc = new Float64Array(n);
  let iter = 0;
  let converged = false;
  let spread = Number.POSITIVE_INFINITY;
  const sortSimplex = (): void => {
    order.sort((i, j) => values[i]! - values[j]! || i - j);
    const s2 = order.map((i) => simplex[i]!), v2 = order.map((i) => values[i]!);
    for (let i = 0; i <= n; i++) { simplex[i] = s2[i]!; values[i] = v2[i]!; order[i] = i; }
  };
  sortSimplex();
  while (iter < maxIter) {
    const best = simplex[0]!;
    let dx = 0;
    spread = 0;
    for (let i = 1; i <= n; i++) {
      spread = Math.max(spread, Math.abs(values[i]! - values[0]!));
      const v = simplex[i]!;
      for (let j = 0; j < n; j++) dx = Math.max(dx, Math.abs(v[j]! - best[j]!));
    }
    if (spread <= ftol && dx <= xtol) { converged = true; break; }
    iter++;
    centroid.fill(0);
    for (let i = 0; i < n; i++) { const v = simplex[i]!; for (let j = 0; j < n; j++) centroid[j] = centroid[j]! + v[j]! / n; }
    const worst = simplex[n]!;
    for (let j = 0; j < n; j++) xr[j] = 2 * centroid[j]! - worst[j]!;
    const fr = F(xr);
    if (fr < values[0]!) {
      for (let j = 0; j < n; j++) xe[j] = 3 * centroid[j]! - 2 * worst[j]!;
      const fe = F(xe);
      if (fe < fr) { worst.set(xe); values[n] = fe; } else { worst.set(xr); values[n] = fr; }
    } else if (fr < values[n - 1]!) {
      worst.set(xr); values[n] = fr;
    } else {
      const outside = fr < values[n]!;
      if (outside) for (let j = 0; j < n; j++) xc[j] = 1.5 * centroid[j]! - 0.5 * worst[j]!;
      else for (let j = 0; j < n; j++) xc[j] = 0.5 * centroid[j]! + 0.5 * worst[j]!;
      const fc = F(xc);
      if (outside ? fc <= fr : fc < values[n]!) {
        worst.set(xc); values[n] = fc;
      } else {
        for (let i = 1; i <= n; i++) {
          const v = simplex[i]!;
          for (let j = 0; j < n; j++) v[j] = best[j]! + 0.5 * (v[j]! - best[j]!);
          values[i] = F(v);
        }
      }
    }
    sortSimplex();
  }
  return {
    x: Float64Array.from(simplex[0]!), value: values[0]!, iterations: iter, evaluations, converged, gradientNorm: spread,
    message: converged ? 'simplex tolerance met' : 'iteration limit reached',
  };
}
