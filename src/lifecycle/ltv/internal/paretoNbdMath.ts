/**
 * Pareto/NBD closed forms (Schmittlein, Morrison & Colombo 1987; Fader, Hardie & Lee 2005,
 * "A note on deriving the Pareto/NBD model and related expressions", eq. (19)–(22)), with the
 * hypergeometric term in log space.
 *
 * The likelihood's A₀ term is s·∫_{t_x}^{T} (α+τ)^−(r+x)·(β+τ)^−(s+1) dτ = s·[I(t_x) − I(T)] with
 * I(t) = (m+t)^−(r+s+x)/(r+s+x) · 2F1(r+s+x, b₁; r+s+x+1; |α−β|/(m+t)), m = max(α, β),
 * b₁ = s+1 when α ≥ β, r+x otherwise. Euler's transformation turns that 2F1 into
 * (1−z)^(…)·2F1(1, b₂; r+s+x+1; z), a positive-term series; log I(t) is then a sum of logs, and
 * log[I(t_x) − I(T)] is taken with log1p(−exp(·)), so nothing overflows for large x or T.
 * @module
 */
import { hyp2f1One, hyp2f1OneWithDerivatives, logAddExp, logSubExp } from './special.js';

export interface ParetoNbdParams { readonly r: number; readonly alpha: number; readonly s: number; readonly beta: number }

/**
 * `dead` = log s + log[I(t_x) − I(T)] (died in (t_x, T]) given laT = log(α+T), lbT = log(β+T),
 * which the "alive at T" term −(r+x)·laT − s·lbT shares. log(r+s+x) cancels inside the difference.
 * Returns a number (no object per customer: this runs a million times in the vectorized forms).
 */
function paretoLogDead(p: ParetoNbdParams, x: number, tx: number, T: number, laT: number, lbT: number): number {
  if (tx >= T) return Number.NEGATIVE_INFINITY;
  const { r, alpha, s, beta } = p;
  const rsx = r + s + x;
  const laX = Math.log(alpha + tx), lbX = Math.log(beta + tx);
  let jX: number, jT: number;
  if (alpha >= beta) {
    jX = -s * lbX - (r + x) * laX + Math.log(hyp2f1One(r + x, rsx + 1, (alpha - beta) / (alpha + tx)));
    jT = -s * lbT - (r + x) * laT + Math.log(hyp2f1One(r + x, rsx + 1, (alpha - beta) / (alpha + T)));
  } else {
    jX = (1 - r - x) * laX - (s + 1) * lbX + Math.log(hyp2f1One(s + 1, rsx + 1, (beta - alpha) / (beta + tx)));
    jT = (1 - r - x) * laT - (s + 1) * lbT + Math.log(hyp2f1One(s + 1, rsx + 1, (beta - alpha) / (beta + T)));
  }
  return Math.log(s / rsx) + logSubExp(jX, jT);
}

/** log-likelihood of one customer without the Γ(r+x)/Γ(r) factor: r·log α + s·log β + logaddexp(alive, dead). */
export function paretoLogLikRest(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const laT = Math.log(p.alpha + T), lbT = Math.log(p.beta + T);
  const alive = -(p.r + x) * laT - p.s * lbT;
  return p.r * Math.log(p.alpha) + p.s * Math.log(p.beta) + logAddExp(alive, paretoLogDead(p, x, tx, T, laT, lbT));
}

/** P(alive | x, t_x, T) = 1 / (1 + exp(dead − alive)) (FHL note 009 eq. (22) rewritten with A₀). */
export function paretoProbabilityAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const laT = Math.log(p.alpha + T), lbT = Math.log(p.beta + T);
  const l = paretoLogDead(p, x, tx, T, laT, lbT) + (p.r + x) * laT + p.s * lbT;
  return l > 0 ? Math.exp(-l) / (1 + Math.exp(-l)) : 1 / (1 + Math.exp(l));
}

/** (1 − q^(s−1))/(s−1), with its limit −log q at s = 1. */
function powerDiff(s: number, logQ: number): number {
  const e = s - 1;
  if (Math.abs(e) < 1e-10) return -logQ;
  return -Math.expm1(e * logQ) / e;
}

/** (r+x)(β+T)/(α+T) · (1 − ((β+T)/(β+T+t))^(s−1))/(s−1): expected purchases in (T, T+t] if alive at T. */
export function paretoAliveExpected(p: ParetoNbdParams, x: number, T: number, t: number): number {
  if (t === 0) return 0;
  const logQ = Math.log(p.beta + T) - Math.log(p.beta + T + t);
  return ((p.r + x) * (p.beta + T)) / (p.alpha + T) * powerDiff(p.s, logQ);
}

/** E[Y(t) | x, t_x, T] = alive-expected · P(alive) (FHL note 009 eq. (23)). */
export function paretoConditionalExpected(p: ParetoNbdParams, x: number, tx: number, T: number, t: number): number {
  return paretoAliveExpected(p, x, T, t) * paretoProbabilityAlive(p, x, tx, T);
}

/** E[X(t)] = rβ/α · (1 − (β/(β+t))^(s−1))/(s−1) (FHL note eq. (17)). */
export function paretoExpected(p: ParetoNbdParams, t: number): number {
  if (t === 0) return 0;
  const logQ = Math.log(p.beta) - Math.log(p.beta + t);
  return ((p.r * p.beta) / p.alpha) * powerDiff(p.s, logQ);
}

/**
 * log I(t) (module comment) and its gradient in (r, α, s, β), written to `g` (length 4),
 * differentiated through the series of 2F1(1, b; c; z).
 */
export function paretoLogIWithGradient(r: number, alpha: number, s: number, beta: number, x: number, t: number, g: Float64Array, buf: Float64Array): number {
  const rsx = r + s + x;
  const at = alpha + t, bt = beta + t;
  const la = Math.log(at), lb = Math.log(bt);
  if (alpha >= beta) {
    const z = (alpha - beta) / at;
    hyp2f1OneWithDerivatives(r + x, rsx + 1, z, buf);
    const F = buf[0]!, FB = buf[1]! / F, FC = buf[2]! / F, Fz = buf[3]! / F;
    g[0] = -la - 1 / rsx + FB + FC;
    g[1] = -(r + x) / at + Fz * (bt / (at * at));
    g[2] = -lb - 1 / rsx + FC;
    g[3] = -s / bt - Fz / at;
    return -s * lb - (r + x) * la - Math.log(rsx) + Math.log(F);
  }
  const z = (beta - alpha) / bt;
  hyp2f1OneWithDerivatives(s + 1, rsx + 1, z, buf);
  const F = buf[0]!, FB = buf[1]! / F, FC = buf[2]! / F, Fz = buf[3]! / F;
  g[0] = -la - 1 / rsx + FC;
  g[1] = (1 - r - x) / at - Fz / bt;
  g[2] = -lb - 1 / rsx + FB + FC;
  g[3] = -(s + 1) / bt + Fz * (at / (bt * bt));
  return (1 - r - x) * la - (s + 1) * lb - Math.log(rsx) + Math.log(F);
}
