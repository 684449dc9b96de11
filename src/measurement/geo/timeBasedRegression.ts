import { z } from 'zod';
import { AudienceKitError, parseWith } from '../../core/index.js';
import { tCdf, tQuantile } from '../internal/distributions.js';
import { isConstantSpread } from '../internal/series.js';
import type { Interval } from '../interval.js';

const series = z.array(z.number().refine(Number.isFinite, 'must be finite')).min(3);
export const TbrInputSchema = z.strictObject({
  /** Per-period response summed over the treatment markets. */
  treatment: series,
  /** Per-period response summed over the control markets. */
  control: series,
  /** Per-period incremental spend in the treatment markets (only the test periods are summed). */
  cost: z.array(z.number().min(0).refine(Number.isFinite, 'must be finite')).optional(),
});
export const TbrOptionsSchema = z.strictObject({
  /** Pre-period = periods [0, preEnd). */
  preEnd: z.number().int().min(3),
  /** Test = periods [testStart, testEnd); periods between preEnd and testStart (a cool-down) are ignored. Default testStart = preEnd. */
  testStart: z.number().int().optional(),
  testEnd: z.number().int(),
  level: z.number().gt(0).lt(1).default(0.9),
  alternative: z.enum(['two-sided', 'greater', 'less']).default('greater'),
});

export interface TbrResult {
  readonly kind: 'timeBasedRegression';
  readonly level: number;
  readonly alternative: 'two-sided' | 'greater' | 'less';
  /** Cumulative incremental response over the test, with a central interval at `level` and its half-width. */
  readonly incrementalResponse: Interval & { readonly precision: number };
  readonly incrementalCost: number | undefined;
  /** Incremental response / incremental cost. */
  readonly iROAS: (Interval & { readonly precision: number }) | undefined;
  /** Incremental response / counterfactual response over the test (fraction); undefined when the counterfactual total is not positive. */
  readonly relativeLift: Interval | undefined;
  /** p-value of "no effect" under `alternative` (Student t, df = pre periods − 2). */
  readonly pValue: number;
  /** Pre-period fit: treatment = intercept + slope × control. */
  readonly model: { readonly intercept: number; readonly slope: number; readonly sigma: number; readonly df: number };
  /** Cumulative effect by test period, with its interval (for "during the campaign" tracking). */
  readonly cumulative: readonly Interval[];
}

/**
 * Time-based regression (Kerman, Wang & Vaver 2017, Google's TBR in `matched_markets`): regress
 * the treatment markets' response on the control markets' in the pre-period, predict the
 * treatment's counterfactual over the test, and report the cumulative incremental response with
 * its predictive variance σ²·(m + m²/n + (Σx_test − m·x̄_pre)²/Sxx) for m test periods and n
 * pre periods, a Student t interval (n − 2 df), and iROAS = incremental response / incremental
 * cost with `precision` = half-width. Intervals are central at `level`; `alternative` sets the
 * p-value (one-sided "greater" by default, as TBR studies test for a positive effect).
 *
 * Complexity: O(periods).
 * @throws AudienceKitError `INVALID_INPUT` for series of different lengths, ranges out of order or
 *   out of bounds, a constant control series in the pre-period, or zero incremental cost.
 */
export function timeBasedRegression(input: z.input<typeof TbrInputSchema>, options: z.input<typeof TbrOptionsSchema>): TbrResult {
  const { treatment: y, control: x, cost } = parseWith(TbrInputSchema, input, 'timeBasedRegression input');
  const o = parseWith(TbrOptionsSchema, options, 'timeBasedRegression options');
  const T = y.length;
  if (x.length !== T) throw new AudienceKitError('DIMENSION_MISMATCH', `control has ${x.length} periods, treatment has ${T}`);
  if (cost && cost.length !== T) throw new AudienceKitError('DIMENSION_MISMATCH', `cost has ${cost.length} periods, treatment has ${T}`);
  const n = o.preEnd, s = o.testStart ?? o.preEnd, e = o.testEnd;
  if (!(n <= s && s < e && e <= T)) throw new AudienceKitError('INVALID_INPUT', `periods must satisfy preEnd <= testStart < testEnd <= ${T}, got ${n}, ${s}, ${e}`);
  let mx = 0, my = 0;
  for (let t = 0; t < n; t++) { mx += x[t]! / n; my += y[t]! / n; }
  let sxx = 0, sxy = 0, sx2 = 0;
  for (let t = 0; t < n; t++) { sxx += (x[t]! - mx) ** 2; sxy += (x[t]! - mx) * (y[t]! - my); sx2 += x[t]! * x[t]!; }
  if (isConstantSpread(sxx, sx2)) throw new AudienceKitError('INVALID_INPUT', 'control series is constant over the pre-period: no regression');
  const slope = sxy / sxx, intercept = my - slope * mx;
  let sse = 0;
  for (let t = 0; t < n; t++) sse += (y[t]! - intercept - slope * x[t]!) ** 2;
  const df = n - 2;
  const sigma = Math.sqrt(sse / df);
  const q = tQuantile(1 - (1 - o.level) / 2, df);
  const cumulative: Interval[] = [];
  let effect = 0, sumX = 0, cf = 0, m = 0, half = 0;
  for (let t = s; t < e; t++) {
    const pred = intercept + slope * x[t]!;
    effect += y[t]! - pred; cf += pred; sumX += x[t]!; m++;
    const v = sigma * sigma * (m + (m * m) / n + (sumX - m * mx) ** 2 / sxx);
    half = q * Math.sqrt(v);
    cumulative.push({ estimate: effect, lower: effect - half, upper: effect + half });
  }
  const sd = half / q;
  const tStat = sd > 0 ? effect / sd : 0;
  const pValue = sd === 0 ? (effect === 0 ? 1 : 0) : o.alternative === 'greater' ? tCdf(-tStat, df) : o.alternative === 'less' ? tCdf(tStat, df) : 2 * tCdf(-Math.abs(tStat), df);
  let incrementalCost: number | undefined;
  let iROAS: (Interval & { precision: number }) | undefined;
  if (cost) {
    incrementalCost = 0;
    for (let t = s; t < e; t++) incrementalCost += cost[t]!;
    if (incrementalCost === 0) throw new AudienceKitError('INVALID_INPUT', 'incremental cost over the test is 0: iROAS is undefined');
    iROAS = { estimate: effect / incrementalCost, lower: (effect - half) / incrementalCost, upper: (effect + half) / incrementalCost, precision: half / incrementalCost };
  }
  return {
    kind: 'timeBasedRegression', level: o.level, alternative: o.alternative,
    incrementalResponse: { estimate: effect, lower: effect - half, upper: effect + half, precision: half },
    incrementalCost, iROAS,
    relativeLift: cf > 0 ? { estimate: effect / cf, lower: (effect - half) / cf, upper: (effect + half) / cf } : undefined,
    pValue, model: { intercept, slope, sigma, df }, cumulative,
  };
}
