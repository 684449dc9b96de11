/**
 * BG/NBD closed forms (Fader, Hardie & Lee 2005, "Counting your customers the easy way",
 * Marketing Science 24(2); equations (6), (10), (11) and the technical note "Computing
 * P(alive) using the BG/NBD model"), in log space where powers of (α+T)/(α+t_x) overflow.
 * @module
 */
import { hyp2f1 } from './special.js';

export interface BgNbdParams { readonly r: number; readonly alpha: number; readonly a: number; readonly b: number }

/** log of the odds of being dead: log[(a/(b+x−1))·((α+T)/(α+t_x))^(r+x)]; −Infinity when x = 0. */
export function bgNbdLogDeadOdds(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return Number.NEGATIVE_INFINITY;
  return Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
}

/** P(alive | x, t_x, T) = 1 / (1 + δ_{x>0}·(a/(b+x−1))·((α+T)/(α+t_x))^(r+x)). */
export function bgNbdProbabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const l = bgNbdLogDeadOdds(p, x, tx, T);
  return l > 0 ? Math.exp(-l) / (1 + Math.exp(-l)) : 1 / (1 + Math.exp(l));
}

/**
 * (a+b+x−1)/(a−1)·[1 − ((α+T)/(α+T+t))^(r+x)·2F1(r+x, b+x; a+b+x−1; z)], z = t/(α+T+t): the
 * expected purchases in (T, T+t] of a customer known to be alive. Evaluated with Euler's
 * transformation 2F1(A,B;C;z) = (1−z)^(C−A−B)·2F1(C−A, C−B; C; z), which turns the product into
 * (1−z)^(a−1)·2F1(a+b−1−r, a−1; a+b+x−1; z): no overflow for large x or t (A&S 15.3.3).
 * At a = 1 (a removable 0/0) the value is interpolated from a = 1 ± 1e-5.
 */
export function bgNbdAliveExpected(p: BgNbdParams, x: number, T: number, t: number): number {
  if (t === 0) return 0;
  if (Math.abs(p.a - 1) < 1e-5) {
    const lo = aliveExpected(p.r, p.alpha, 1 - 1e-5, p.b, x, T, t);
    const hi = aliveExpected(p.r, p.alpha, 1 + 1e-5, p.b, x, T, t);
    return lo + (hi - lo) * ((p.a - (1 - 1e-5)) / 2e-5);
  }
  return aliveExpected(p.r, p.alpha, p.a, p.b, x, T, t);
}

function aliveExpected(r: number, alpha: number, a: number, b: number, x: number, T: number, t: number): number {
  const logOneMinusZ = Math.log(alpha + T) - Math.log(alpha + T + t);
  const z = t / (alpha + T + t);
  const term = Math.exp((a - 1) * logOneMinusZ) * hyp2f1(a + b - 1 - r, a - 1, a + b + x - 1, z);
  const v = ((a + b + x - 1) / (a - 1)) * (1 - term);
  return v > 0 ? v : 0;
}

/** E[Y(t) | x, t_x, T] (FHL 2005 eq. 10). */
export function bgNbdConditionalExpected(p: BgNbdParams, x: number, tx: number, T: number, t: number): number {
  return bgNbdAliveExpected(p, x, T, t) * bgNbdProbabilityAlive(p, x, tx, T);
}

/** E[X(t)] for a new customer (FHL 2005 eq. 7) = the conditional form at x = t_x = T = 0. */
export function bgNbdExpected(p: BgNbdParams, t: number): number {
  return bgNbdAliveExpected(p, 0, 0, t);
}

/**
 * MBG/NBD (Batislam, Denizel & Filiztekin 2007, "Empirical validation and comparison of models
 * for customer base analysis", IJRM 24(3)): the BG/NBD with a possible dropout right after the
 * first purchase too. P(alive) = 1 / (1 + (a/(b+x))·((α+T)/(α+t_x))^(r+x)) for every x.
 */
export function modifiedBgNbdProbabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  const l = Math.log(p.a) - Math.log(p.b + x) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
  return l > 0 ? Math.exp(-l) / (1 + Math.exp(-l)) : 1 / (1 + Math.exp(l));
}

/**
 * MBG/NBD expected purchases in (T, T+t] if alive at T: (a+b+x)/(a−1)·[1 − ((α+T)/(α+T+t))^(r+x)·
 * 2F1(r+x, b+x+1; a+b+x; z)], z = t/(α+T+t) (as `lifetimes`' ModifiedBetaGeoFitter), through Euler's
 * transformation: (1−z)^(a−1)·2F1(a+b−r, a−1; a+b+x; z). a = 1 is interpolated as in BG/NBD.
 */
export function modifiedBgNbdAliveExpected(p: BgNbdParams, x: number, T: number, t: number): number {
  if (t === 0) return 0;
  const f = (a: number): number => {
    const logOneMinusZ = Math.log(p.alpha + T) - Math.log(p.alpha + T + t);
    const z = t / (p.alpha + T + t);
    const term = Math.exp((a - 1) * logOneMinusZ) * hyp2f1(a + p.b - p.r, a - 1, a + p.b + x, z);
    const v = ((a + p.b + x) / (a - 1)) * (1 - term);
    return v > 0 ? v : 0;
  };
  if (Math.abs(p.a - 1) < 1e-5) {
    const lo = f(1 - 1e-5), hi = f(1 + 1e-5);
    return lo + (hi - lo) * ((p.a - (1 - 1e-5)) / 2e-5);
  }
  return f(p.a);
}
