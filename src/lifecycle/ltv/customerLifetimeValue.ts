/**
 * Customer lifetime value: discounted expected spend over a horizon, from a purchase model and a
 * Gamma-Gamma spend model.
 * @module
 */
import { z } from 'zod';
import { AudienceKitError, parseWith } from '../../core/index.js';
import { CustomerSchema, SpendCustomerSchema } from './schemas.js';
import type { GammaGammaModel } from './fitGammaGamma.js';
import { spendKernel } from './expectedSpend.js';
import { purchaseKernels, type PurchaseModel } from './internal/purchaseModel.js';
import { assertCustomerColumns, bad } from './internal/rows.js';
import type { CustomerColumns } from './probabilityAlive.js';

/** Model time units per month, as `lifetimes`' `customer_lifetime_value` (`freq` D/W/M/H factors). */
const PER_MONTH = { hour: 720, day: 30, week: 4.345, month: 1 } as const;

/**
 * Options of {@link customerLifetimeValue}, as `lifetimes`: `horizon` in months, `discountRate`
 * per month, `unit` = the time unit the purchase model was fitted in (`'week'` for CDNOW), or a
 * number: model time units per discounting period.
 */
export const ClvOptionsSchema = z.object({
  horizon: z.number().int().positive().max(10_000),
  discountRate: z.number().nonnegative().refine(Number.isFinite, { message: 'must be finite' }),
  unit: z.union([z.enum(['hour', 'day', 'week', 'month']), z.number().positive().refine(Number.isFinite, { message: 'must be finite' })]),
}).strict();
export type ClvOptions = z.input<typeof ClvOptionsSchema>;

/** Columns of {@link customerLifetimeValueMany}: the purchase summary plus mean repeat spend. */
export interface SpendCustomerColumns extends CustomerColumns {
  readonly monetary: ArrayLike<number>;
}

function clvKernel(model: unknown, gg: unknown, options: unknown, where: string) {
  const k = purchaseKernels(model, `${where} model`);
  const spend = spendKernel(gg, `${where} spend model`);
  const o = parseWith(ClvOptionsSchema, options, `${where} options`, 'INVALID_OPTION');
  const step = typeof o.unit === 'number' ? o.unit : PER_MONTH[o.unit];
  const H = o.horizon;
  const discount = new Float64Array(H + 1);
  for (let j = 1; j <= H; j++) discount[j] = Math.pow(1 + o.discountRate, -j);
  return (x: number, tx: number, T: number, m: number): number => {
    const pAlive = k.probabilityAlive(x, tx, T);
    if (pAlive === 0) return 0;
    const value = spend(x, x === 0 ? 0 : m);
    let prev = 0, clv = 0;
    for (let j = 1; j <= H; j++) {
      const cum = k.conditional(x, tx, T, j * step, pAlive);
      clv += (cum - prev) * discount[j]!;
      prev = cum;
    }
    return value * clv;
  };
}

/**
 * CLV_i = Σ_{j=1..horizon} E[spend_i] · (E[Y(j·u)] − E[Y((j−1)·u)]) / (1 + d)^j: the expected
 * purchases of each month (u model units) from the purchase model, valued at the Gamma-Gamma
 * expected spend and discounted monthly, exactly as `lifetimes`' `GammaGammaFitter.customer_lifetime_value`
 * (FHL 2005 JMR use the continuous-time DERT instead). Decreases as the discount rate rises.
 * O(n · horizon).
 *
 * @param model - a fitted BG/NBD or Pareto/NBD model
 * @param spendModel - a fitted Gamma-Gamma model
 * @param customers - rows `{ frequency, recency, T, monetary }` (monetary = mean repeat-purchase value)
 * @param options - `{ horizon (months), discountRate (monthly), unit }`, see {@link ClvOptionsSchema}
 * @returns CLV per customer, in the input order
 * @throws AudienceKitError `INVALID_MODEL`, `INVALID_INPUT` (row and field), `INVALID_OPTION`
 * @example
 * customerLifetimeValue(cdnowBgNbd, cdnowGammaGamma, [{ frequency: 2, recency: 30.43, T: 38.86, monetary: 22.35 }], { horizon: 12, discountRate: 0.01, unit: 'week' });
 * // => Float64Array [36.286]  (BG/NBD CDNOW MLE + Gamma-Gamma 6.25, 3.74, 15.44)
 */
export function customerLifetimeValue(
  model: PurchaseModel,
  spendModel: GammaGammaModel,
  customers: readonly { frequency: number; recency: number; T: number; monetary: number }[],
  options: ClvOptions,
): Float64Array {
  const clv = clvKernel(model, spendModel, options, 'customerLifetimeValue');
  const rows = parseWith(z.array(CustomerSchema.and(SpendCustomerSchema)), customers, 'customerLifetimeValue customers');
  const out = new Float64Array(rows.length);
  rows.forEach((c, i) => { out[i] = clv(c.frequency, c.recency, c.T, c.monetary); });
  return out;
}

/**
 * {@link customerLifetimeValue} over columns (typed arrays in, Float64Array out); the models and
 * options are validated once. O(n · horizon).
 *
 * @param model - a fitted BG/NBD or Pareto/NBD model
 * @param spendModel - a fitted Gamma-Gamma model
 * @param customers - `frequency`, `recency`, `T`, `monetary` columns
 * @param options - see {@link ClvOptionsSchema}
 * @param out - optional output buffer
 * @returns CLV per customer
 * @throws AudienceKitError `INVALID_MODEL`, `INVALID_INPUT` (column and index), `DIMENSION_MISMATCH`, `INVALID_OPTION`
 * @example
 * customerLifetimeValueMany(bg, gg, { frequency: [2], recency: [30.43], T: [38.86], monetary: [22.35] }, { horizon: 12, discountRate: 0.01, unit: 'week' });
 * // => Float64Array [36.286]  (BG/NBD CDNOW MLE + Gamma-Gamma 6.25, 3.74, 15.44)
 */
export function customerLifetimeValueMany(
  model: PurchaseModel,
  spendModel: GammaGammaModel,
  customers: SpendCustomerColumns,
  options: ClvOptions,
  out?: Float64Array,
): Float64Array {
  const clv = clvKernel(model, spendModel, options, 'customerLifetimeValueMany');
  const { frequency, recency, T, monetary } = customers;
  assertCustomerColumns(frequency, recency, T);
  const n = frequency.length;
  if (monetary.length !== n) throw new AudienceKitError('DIMENSION_MISMATCH', `monetary must have the length of frequency (got ${monetary.length}, ${n})`);
  const res = out ?? new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = monetary[i]!;
    if (!(Number.isFinite(m) && m >= 0)) bad('monetary', i, 'must be finite and >= 0');
    res[i] = clv(frequency[i]!, recency[i]!, T[i]!, m);
  }
  return res;
}
