import { z } from 'zod';
import { parseWith } from '../core/index.js';
import { betaln, normalCdf, zCritical, zPValue, type Alternative } from './internal/distributions.js';
import type { Interval } from './interval.js';

const count = z.number().int().min(0);
const nonNegative = z.number().min(0).refine(Number.isFinite, 'must be finite');

/** One arm of a person-level experiment: people, how many converted, and optionally their total value. */
export const ArmSchema = z
  .strictObject({
    users: count.min(1, 'an arm needs at least one user'),
    conversions: count,
    /** Total conversion value of the arm (e.g. revenue). */
    value: nonNegative.optional(),
    /** Sum over users of the squared per-user value (from `experimentCounts`): enables a per-user value variance. */
    valueSumSquares: nonNegative.optional(),
  })
  .refine((a) => a.conversions <= a.users, { message: 'conversions cannot exceed users', path: ['conversions'] });
export type Arm = z.input<typeof ArmSchema>;

export const HoldoutLiftInputSchema = z.strictObject({ treatment: ArmSchema, control: ArmSchema });
export const HoldoutLiftOptionsSchema = z.strictObject({
  /** Interval level (two-sided). Default 0.9, as lift studies report. */
  level: z.number().gt(0).lt(1).default(0.9),
  /** Campaign spend on the treatment group, for iROAS and cost per incremental conversion. */
  spend: z.number().positive().refine(Number.isFinite, 'must be finite').optional(),
  /** Alternative of the z-test (the intervals stay two-sided at `level`). */
  alternative: z.enum(['two-sided', 'greater', 'less']).default('two-sided'),
});

export interface HoldoutLiftResult {
  readonly kind: 'holdoutLift';
  readonly level: number;
  readonly alternative: Alternative;
  readonly users: { readonly treatment: number; readonly control: number };
  /** Conversion rates with Wilson score intervals. */
  readonly rates: { readonly treatment: Interval; readonly control: Interval };
  /** pT − pC, Wald interval (unpooled variance). */
  readonly absoluteLift: Interval;
  /** pT / pC − 1 as a fraction (0.054, not 5.4), interval from the log risk ratio (Katz); NaN-free: undefined when pC = 0. */
  readonly relativeLift: Interval | undefined;
  /** Treatment users × absolute lift: conversions the campaign caused in the treatment group. */
  readonly incrementalConversions: Interval;
  /** Treatment value − treatment users × control value per user, when both values are given. */
  readonly incrementalValue: Interval | undefined;
  /** Pooled two-proportion z statistic (statsmodels `proportions_ztest`; z² is R's `prop.test(correct = FALSE)` X²). */
  readonly zStatistic: number;
  readonly pValue: number;
  /** P(θT > θC) with θ ~ Beta(1 + conversions, 1 + users − conversions): computed exactly, not sampled. */
  readonly probabilityOfLift: number;
  /** Incremental value / spend. */
  readonly iROAS: Interval | undefined;
  /** Spend / incremental conversions; `upper` (and the estimate) is +Infinity when the interval (or the estimate) of incremental conversions is <= 0. */
  readonly costPerIncrementalConversion: Interval | undefined;
}

function wilson(c: number, n: number, zc: number): Interval {
  const p = c / n;
  const denom = 1 + (zc * zc) / n;
  const centre = (p + (zc * zc) / (2 * n)) / denom;
  const half = (zc * Math.sqrt((p * (1 - p)) / n + (zc * zc) / (4 * n * n))) / denom;
  // At c = 0 (c = n) the lower (upper) bound is exactly 0 (1); centre − half leaves ~1e-18 there.
  return { estimate: p, lower: c === 0 ? 0 : Math.max(0, centre - half), upper: c === n ? 1 : Math.min(1, centre + half) };
}

/**
 * P(X > Y) for X ~ Beta(a1, b1), Y ~ Beta(a2, b2) with integer a1: the closed form
 * Σ_{i=0}^{a1−1} B(a2 + i, b1 + b2) / ((b1 + i) · B(1 + i, b1) · B(a2, b2)) (Miller 2015, after
 * Cook 2005), summed in log space. Uses the identity P(X > Y) = 1 − P(Y > X) to sum over the
 * smaller shape. Beyond 2·10⁵ terms the Beta laws are normal to far below 1e-6 and the normal
 * approximation of X − Y is used (documented).
 */
export function probabilityBetaGreater(a1: number, b1: number, a2: number, b2: number): number {
  if (a2 < a1) return 1 - probabilityBetaGreater(a2, b2, a1, b1);
  if (a1 > 200_000) {
    const m1 = a1 / (a1 + b1), m2 = a2 / (a2 + b2);
    const v1 = (a1 * b1) / ((a1 + b1) ** 2 * (a1 + b1 + 1)), v2 = (a2 * b2) / ((a2 + b2) ** 2 * (a2 + b2 + 1));
    return normalCdf((m1 - m2) / Math.sqrt(v1 + v2));
  }
  const base = betaln(a2, b2);
  let total = 0;
  for (let i = 0; i < a1; i++) {
    total += Math.exp(betaln(a2 + i, b1 + b2) - Math.log(b1 + i) - betaln(1 + i, b1) - base);
  }
  return Math.min(1, Math.max(0, total));
}

/**
 * Lift of a person-level holdout test (conversion-lift study): conversion rates, absolute and
 * relative lift with intervals, incremental conversions (and value) in the treatment group, the
 * pooled two-proportion z-test (same numbers as statsmodels `proportions_ztest` and R
 * `prop.test(correct = FALSE)`), the posterior probability that treatment beats control, and with
 * `spend`: iROAS and cost per incremental conversion.
 *
 * Incremental value interval: from the per-user value variance when both arms give
 * `valueSumSquares` (what `experimentCounts` returns); otherwise the conversion interval scaled by
 * the control value per conversion (assumes a fixed value per conversion; stated in `summarizeMeasurement`).
 *
 * Complexity: O(min(conversions)) for the exact probability of lift, O(1) otherwise.
 * @throws AudienceKitError `INVALID_INPUT` (negative or non-integer counts, conversions > users, non-finite value).
 * @example
 * holdoutLift({ treatment: { users: 1000, conversions: 60 }, control: { users: 1000, conversions: 40 } }).pValue; // => 0.0401 (R prop.test X² = 4.2105)
 */
export function holdoutLift(input: z.input<typeof HoldoutLiftInputSchema>, options: z.input<typeof HoldoutLiftOptionsSchema> = {}): HoldoutLiftResult {
  const { treatment: T, control: C } = parseWith(HoldoutLiftInputSchema, input, 'holdoutLift input');
  const { level, spend, alternative } = parseWith(HoldoutLiftOptionsSchema, options, 'holdoutLift options');
  const zc = zCritical(level);
  const nT = T.users, nC = C.users, cT = T.conversions, cC = C.conversions;
  const pT = cT / nT, pC = cC / nC;
  const diff = pT - pC;
  const se = Math.sqrt((pT * (1 - pT)) / nT + (pC * (1 - pC)) / nC);
  const absoluteLift: Interval = { estimate: diff, lower: diff - zc * se, upper: diff + zc * se };

  let relativeLift: Interval | undefined;
  if (cC > 0 && cT > 0) {
    const logRr = Math.log(pT / pC);
    const seLog = Math.sqrt((1 - pT) / cT + (1 - pC) / cC);
    relativeLift = { estimate: pT / pC - 1, lower: Math.exp(logRr - zc * seLog) - 1, upper: Math.exp(logRr + zc * seLog) - 1 };
  } else if (cC > 0) {
    relativeLift = { estimate: -1, lower: -1, upper: -1 + (zc * se) / pC };
  }

  const pooled = (cT + cC) / (nT + nC);
  const se0 = Math.sqrt(pooled * (1 - pooled) * (1 / nT + 1 / nC));
  const zStatistic = se0 === 0 ? 0 : diff / se0;
  const pValue = se0 === 0 ? 1 : zPValue(zStatistic, alternative);

  const incrementalConversions: Interval = { estimate: nT * diff, lower: nT * absoluteLift.lower, upper: nT * absoluteLift.upper };

  let incrementalValue: Interval | undefined;
  if (T.value !== undefined && C.value !== undefined) {
    const vT = T.value / nT, vC = C.value / nC;
    const est = T.value - nT * vC;
    let half: number;
    if (T.valueSumSquares !== undefined && C.valueSumSquares !== undefined) {
      const varT = Math.max(0, T.valueSumSquares / nT - vT * vT) * (nT / Math.max(1, nT - 1));
      const varC = Math.max(0, C.valueSumSquares / nC - vC * vC) * (nC / Math.max(1, nC - 1));
      half = zc * nT * Math.sqrt(varT / nT + varC / nC);
    } else {
      const perConversion = cC > 0 ? C.value / cC : cT > 0 ? T.value / cT : 0;
      half = zc * nT * se * perConversion;
    }
    incrementalValue = { estimate: est, lower: est - half, upper: est + half };
  }

  let iROAS: Interval | undefined;
  let costPerIncrementalConversion: Interval | undefined;
  if (spend !== undefined) {
    if (incrementalValue) iROAS = { estimate: incrementalValue.estimate / spend, lower: incrementalValue.lower / spend, upper: incrementalValue.upper / spend };
    const inv = (x: number) => (x > 0 ? spend / x : Number.POSITIVE_INFINITY);
    costPerIncrementalConversion = { estimate: inv(incrementalConversions.estimate), lower: inv(incrementalConversions.upper), upper: inv(incrementalConversions.lower) };
  }

  return {
    kind: 'holdoutLift', level, alternative,
    users: { treatment: nT, control: nC },
    rates: { treatment: wilson(cT, nT, zc), control: wilson(cC, nC, zc) },
    absoluteLift, relativeLift, incrementalConversions, incrementalValue,
    zStatistic, pValue,
    probabilityOfLift: probabilityBetaGreater(1 + cT, 1 + nT - cT, 1 + cC, 1 + nC - cC),
    iROAS, costPerIncrementalConversion,
  };
}
