/**
 * Special functions for the buy-till-you-die likelihoods, in log space where the literature's
 * closed forms overflow: log-gamma and digamma (stdlib, ~2e-16 relative), the Gauss hypergeometric
 * function 2F1 by its power series when that converges quickly (large c, the case stdlib's Cephes
 * port overflows in: its z > 0.9 branch evaluates Γ(c) directly) and by stdlib otherwise.
 * @module
 */
import gammalnStdlib from '@stdlib/math-base-special-gammaln';
import digammaStdlib from '@stdlib/math-base-special-digamma';
import hyp2f1Stdlib from '@stdlib/math-base-special-hyp2f1';

export const gammaln: (x: number) => number = gammalnStdlib;
export const digamma: (x: number) => number = digammaStdlib;

/** log(e^a + e^b) without overflow; -Infinity stays -Infinity. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** log(e^a − e^b) for a ≥ b (−Infinity when a = b). */
export function logSubExp(a: number, b: number): number {
  if (b === Number.NEGATIVE_INFINITY) return a;
  const d = b - a;
  if (d >= 0) return Number.NEGATIVE_INFINITY;
  // log1p(-e^d): use log(-expm1(d)) near 0 (Mächler 2012, "Accurately computing log(1 − exp(−|a|))").
  return a + (d > -Math.LN2 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}

/**
 * 2F1(a, b; c; z) for 0 ≤ z < 1 and c > 0. Power series (Abramowitz & Stegun 15.1.1) when its
 * terms fall below 1e-16 of the sum within 4000 terms; stdlib's Cephes port otherwise. When both
 * fail to give a finite value the partial sum of the series is returned (a lower bound for
 * positive-term series), so callers never see NaN.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (z === 0) return 1;
  // Fast path: the series converges geometrically with ratio ≈ z·(a+n)(b+n)/((c+n)(n+1)).
  let term = 1;
  let sum = 1;
  const maxTerms = z < 0.9 || c > 50 ? 4000 : 300;
  for (let n = 0; n < maxTerms; n++) {
    term *= ((a + n) * (b + n)) / ((c + n) * (n + 1)) * z;
    sum += term;
    if (Math.abs(term) <= 1e-16 * Math.abs(sum)) return sum;
    if (term === 0) return sum;
  }
  const v = hyp2f1Stdlib(a, b, c, z);
  return Number.isFinite(v) ? v : sum;
}

/**
 * F = 2F1(1, b; c; z) for 0 ≤ z < 1 with its partial derivatives in b, c and z, written to
 * `out` = [F, ∂F/∂b, ∂F/∂c, ∂F/∂z]. Term n of the series is t_n = z^n·Π_{k<n}(b+k)/(c+k), so
 * ∂t_n/∂b = t_n·Σ_{k<n} 1/(b+k), ∂t_n/∂c = −t_n·Σ_{k<n} 1/(c+k), ∂t_n/∂z = n·t_n/z (forward-mode
 * differentiation of the series). When the series is slow (z near 1, small c) the value comes
 * from {@link hyp2f1} and the derivatives from central differences of it.
 */
export function hyp2f1OneWithDerivatives(b: number, c: number, z: number, out: Float64Array): void {
  if (z === 0) { out[0] = 1; out[1] = 0; out[2] = 0; out[3] = b / c; return; }
  let term = 1, sum = 1, db = 0, dc = 0, dz = 0, sb = 0, sc = 0;
  const maxTerms = z < 0.9 || c > 50 ? 4000 : 300;
  for (let n = 0; n < maxTerms; n++) {
    const bn = b + n, cn = c + n;
    term *= (bn / cn) * z;
    sb += 1 / bn;
    sc += 1 / cn;
    sum += term;
    db += term * sb;
    dc -= term * sc;
    dz += (n + 1) * term;
    if ((n + 1) * term <= 1e-17 * sum) {
      out[0] = sum; out[1] = db; out[2] = dc; out[3] = dz / z;
      return;
    }
  }
  const f = (bb: number, cc: number, zz: number): number => hyp2f1(1, bb, cc, zz);
  const hb = 1e-6 * Math.max(1, b), hc = 1e-6 * Math.max(1, c), hz = 1e-7 * Math.min(z, 1 - z);
  out[0] = f(b, c, z);
  out[1] = (f(b + hb, c, z) - f(b - hb, c, z)) / (2 * hb);
  out[2] = (f(b, c + hc, z) - f(b, c - hc, z)) / (2 * hc);
  out[3] = (f(b, c, z + hz) - f(b, c, z - hz)) / (2 * hz);
}

/** 2F1(1, b; c; z) for 0 ≤ z < 1: the series with term ratio z·(b+n)/(c+n) (one division a term), else {@link hyp2f1}. */
export function hyp2f1One(b: number, c: number, z: number): number {
  if (z === 0) return 1;
  let term = 1, sum = 1;
  const maxTerms = z < 0.9 || c > 50 ? 4000 : 300;
  for (let n = 0; n < maxTerms; n++) {
    term *= (z * (b + n)) / (c + n);
    sum += term;
    if (term <= 1e-16 * sum) return sum;
  }
  return hyp2f1(1, b, c, z);
}
