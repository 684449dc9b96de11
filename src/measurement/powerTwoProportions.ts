import { z } from 'zod';
import { AudienceKitError, parseWith } from '../core/index.js';
import { normalCdf, normalQuantile } from './internal/distributions.js';

const prob = z.number().gt(0).lt(1);

export const PowerOptionsSchema = z
  .strictObject({
    /** Conversion rate of the first group (the control / holdout, usually). */
    p1: prob,
    /** Conversion rate of the second group (treatment). Solved for when absent. */
    p2: prob.optional(),
    /** Size of the first group. The second group has `ratio × n`. Solved for when absent. */
    n: z.number().positive().refine(Number.isFinite, 'must be finite').optional(),
    /** Power 1 − β. Solved for when absent. */
    power: prob.optional(),
    alpha: prob.default(0.05),
    /** Size of the second group over the first (9 for a 90/10 treatment/holdout split with n the holdout). */
    ratio: z.number().positive().refine(Number.isFinite, 'must be finite').default(1),
    alternative: z.enum(['two-sided', 'one-sided']).default('two-sided'),
  })
  .refine((o) => [o.p2, o.n, o.power].filter((x) => x === undefined).length === 1, {
    message: 'exactly one of p2, n and power must be missing (it is the one solved for)',
  });

export interface PowerResult {
  readonly kind: 'powerTwoProportions';
  readonly p1: number;
  readonly p2: number;
  /** Size of the first group; the second has ratio × n. */
  readonly n: number;
  readonly ratio: number;
  readonly power: number;
  readonly alpha: number;
  readonly alternative: 'two-sided' | 'one-sided';
  /** Which quantity was solved for. */
  readonly solvedFor: 'p2' | 'n' | 'power';
}

function powerOf(p1: number, p2: number, n: number, ratio: number, alpha: number, tails: number): number {
  const n1 = n, n2 = ratio * n;
  const pBar = (n1 * p1 + n2 * p2) / (n1 + n2);
  const null0 = Math.sqrt(pBar * (1 - pBar) * (1 / n1 + 1 / n2));
  const alt = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  const zc = normalQuantile(1 - alpha / tails);
  return normalCdf((Math.abs(p1 - p2) - zc * null0) / alt);
}

function bisect(f: (x: number) => number, lo: number, hi: number): number {
  let flo = f(lo);
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (lo + hi);
    const fm = f(mid);
    if (fm === 0 || hi - lo < 1e-12 * Math.max(1, Math.abs(mid))) return mid;
    if (Math.sign(fm) === Math.sign(flo)) { lo = mid; flo = fm; } else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Power of the two-proportion z-test, solving for whichever of `n`, `power` and `p2` is missing.
 * With `ratio = 1` this is R's `power.prop.test` (n per group, `strict = FALSE`):
 * power = Φ((√n |p1 − p2| − z₁₋α/t √(2 p̄ q̄)) / √(p1 q1 + p2 q2)), p̄ = (p1 + p2)/2. With unequal
 * groups (n and ratio × n) the null variance uses the size-weighted pooled rate and the
 * alternative variance p1q1/n1 + p2q2/n2 — the same formula, which reduces to R's at ratio 1.
 * `p2` is solved above `p1` (a lift).
 *
 * Complexity: O(1); a bisection of ~60 steps when solving for n or p2.
 * @throws AudienceKitError `INVALID_INPUT` when not exactly one of p2, n, power is missing, when
 *   the requested power cannot be reached by any p2 < 1, or when it is at or below the power that
 *   any n > 0 already gives (the formula's power does not go to 0 as n → 0).
 * @example
 * powerTwoProportions({ p1: 0.5, p2: 0.75, power: 0.9 }).n; // => 76.707 (R's power.prop.test prints 76.7)
 */
export function powerTwoProportions(options: z.input<typeof PowerOptionsSchema>): PowerResult {
  const o = parseWith(PowerOptionsSchema, options, 'powerTwoProportions options');
  const tails = o.alternative === 'two-sided' ? 2 : 1;
  const base = { kind: 'powerTwoProportions' as const, p1: o.p1, ratio: o.ratio, alpha: o.alpha, alternative: o.alternative };
  if (o.power === undefined) {
    return { ...base, p2: o.p2!, n: o.n!, power: powerOf(o.p1, o.p2!, o.n!, o.ratio, o.alpha, tails), solvedFor: 'power' };
  }
  const target = o.power;
  if (o.n === undefined) {
    const p2 = o.p2!;
    if (p2 === o.p1) throw new AudienceKitError('INVALID_INPUT', 'p1 and p2 are equal: no sample size detects a zero difference');
    let hi = 2;
    while (powerOf(o.p1, p2, hi, o.ratio, o.alpha, tails) < target) { hi *= 2; if (hi > 1e13) throw new AudienceKitError('INVALID_INPUT', 'the requested power needs more than 1e13 people'); }
    // As n → 0 the formula's power does not go to 0: it tends to Φ(−z·√(2p̄q̄)/√(p1q1 + p2q2)) (one
    // tail, as R's strict = FALSE; z for α/2 when two-sided). A target at or below the power of a
    // vanishing n has no solution, and the bisection would return its upper end.
    if (powerOf(o.p1, p2, 1e-9, o.ratio, o.alpha, tails) >= target) {
      throw new AudienceKitError('INVALID_INPUT', `power ${target} is at or below what any n > 0 already gives for p1 = ${o.p1}, p2 = ${p2}: no n to solve for`);
    }
    const n = bisect((x) => powerOf(o.p1, p2, x, o.ratio, o.alpha, tails) - target, 1e-9, hi);
    return { ...base, p2, n, power: target, solvedFor: 'n' };
  }
  const n = o.n;
  const top = 1 - 1e-10;
  if (powerOf(o.p1, top, n, o.ratio, o.alpha, tails) < target) {
    throw new AudienceKitError('INVALID_INPUT', `no p2 < 1 reaches power ${target} with n = ${n}`);
  }
  if (powerOf(o.p1, o.p1, n, o.ratio, o.alpha, tails) >= target) {
    throw new AudienceKitError('INVALID_INPUT', `power ${target} is at or below what a zero difference already gives (α/${tails}): no p2 to solve for`);
  }
  const p2 = bisect((x) => powerOf(o.p1, x, n, o.ratio, o.alpha, tails) - target, o.p1, top);
  return { ...base, p2, n, power: target, solvedFor: 'p2' };
}
