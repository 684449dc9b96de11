/**
 * Expected purchases of an existing customer over the next t periods, given their history.
 * @module
 */
import { parseWith } from '../../core/index.js';
import { CustomerSchema } from './schemas.js';
import { HorizonSchema } from './expectedPurchases.js';
import { purchaseKernels, type PurchaseModel } from './internal/purchaseModel.js';
import { assertCustomerColumns } from './internal/rows.js';
import type { CustomerColumns } from './probabilityAlive.js';

/**
 * E[Y(t) | frequency, recency, T]: expected purchases in (T, T+t]. BG/NBD: FHL 2005 eq. (10),
 * evaluated through Euler's transformation of its 2F1 (no overflow for large frequency or t);
 * Pareto/NBD: FHL note 009 eq. (23). Equals `lifetimes`' `conditional_expected_number_of_purchases_up_to_time`.
 * O(1) (one short hypergeometric series).
 *
 * @param model - a fitted BG/NBD or Pareto/NBD model
 * @param customer - `{ frequency, recency, T }` in the model's time unit
 * @param t - the horizon, >= 0
 * @returns the expected number of purchases
 * @throws AudienceKitError `INVALID_MODEL`, `INVALID_INPUT` (field path)
 * @example
 * conditionalExpectedPurchases(cdnowBgNbd, { frequency: 2, recency: 30.43, T: 38.86 }, 39); // => 1.2259
 */
export function conditionalExpectedPurchases(model: PurchaseModel, customer: { frequency: number; recency: number; T: number }, t: number): number {
  const k = purchaseKernels(model, 'conditionalExpectedPurchases model');
  const c = parseWith(CustomerSchema, customer, 'conditionalExpectedPurchases customer');
  const h = parseWith(HorizonSchema, t, 'conditionalExpectedPurchases t');
  return k.conditional(c.frequency, c.recency, c.T, h, k.probabilityAlive(c.frequency, c.recency, c.T));
}

/**
 * {@link conditionalExpectedPurchases} for many customers: columns in, a Float64Array out; the
 * model is validated once. O(n).
 *
 * @param model - a fitted BG/NBD or Pareto/NBD model
 * @param customers - `frequency`, `recency`, `T` columns of equal length
 * @param t - the horizon, >= 0
 * @param out - optional output buffer (length n)
 * @returns expected purchases per customer
 * @throws AudienceKitError `INVALID_MODEL`, `INVALID_INPUT` (column and index), `DIMENSION_MISMATCH`
 * @example
 * conditionalExpectedPurchasesMany(cdnowBgNbd, { frequency: [2], recency: [30.43], T: [38.86] }, 39); // => Float64Array [1.2259]
 */
export function conditionalExpectedPurchasesMany(model: PurchaseModel, customers: CustomerColumns, t: number, out?: Float64Array): Float64Array {
  const k = purchaseKernels(model, 'conditionalExpectedPurchasesMany model');
  const h = parseWith(HorizonSchema, t, 'conditionalExpectedPurchasesMany t');
  const { frequency, recency, T } = customers;
  assertCustomerColumns(frequency, recency, T);
  const n = frequency.length;
  const res = out ?? new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = frequency[i]!, tx = recency[i]!, TT = T[i]!;
    res[i] = k.conditional(x, tx, TT, h, k.probabilityAlive(x, tx, TT));
  }
  return res;
}
