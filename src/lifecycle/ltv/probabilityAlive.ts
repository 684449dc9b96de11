/**
 * Probability that a customer is still alive (has not dropped out) at the end of observation.
 * @module
 */
import { parseWith } from '../../core/index.js';
import { CustomerSchema } from './schemas.js';
import { purchaseKernels, type PurchaseModel } from './internal/purchaseModel.js';
import { assertCustomerColumns } from './internal/rows.js';

/** Typed-array (or plain array) columns of many customers, one index per customer. */
export interface CustomerColumns {
  readonly frequency: ArrayLike<number>;
  readonly recency: ArrayLike<number>;
  readonly T: ArrayLike<number>;
}

/**
 * P(alive | frequency, recency, T) under a BG/NBD model (FHL 2005 eq. (A10) / technical note
 * "Computing P(alive) using the BG/NBD model": 1 for a customer without repeat purchases) or a
 * Pareto/NBD model (FHL note 009 eq. (22)), computed in log space (no overflow for large
 * frequency or T). O(1) (Pareto/NBD: two short hypergeometric series).
 *
 * @param model - a fitted {@link BgNbdModel} or {@link ParetoNbdModel}
 * @param customer - `{ frequency, recency, T }` in the model's time unit
 * @returns a probability in [0, 1]
 * @throws AudienceKitError `INVALID_MODEL`, `INVALID_INPUT` (field path)
 * @example
 * probabilityAlive(cdnowBgNbd, { frequency: 2, recency: 30.43, T: 38.86 }); // => 0.7266
 */
export function probabilityAlive(model: PurchaseModel, customer: { frequency: number; recency: number; T: number }): number {
  const k = purchaseKernels(model, 'probabilityAlive model');
  const c = parseWith(CustomerSchema, customer, 'probabilityAlive customer');
  return k.probabilityAlive(c.frequency, c.recency, c.T);
}

/**
 * {@link probabilityAlive} for many customers: columns in, a Float64Array out. The model is
 * validated once and the columns checked in one pass; O(n).
 *
 * @param model - a fitted BG/NBD or Pareto/NBD model
 * @param customers - `frequency`, `recency`, `T` columns of equal length
 * @param out - optional output buffer (length n)
 * @returns P(alive) per customer
 * @throws AudienceKitError `INVALID_MODEL`, `INVALID_INPUT` (column and index), `DIMENSION_MISMATCH`
 * @example
 * probabilityAliveMany(model, { frequency: Float64Array.of(0, 2), recency: Float64Array.of(0, 30.43), T: Float64Array.of(38.86, 38.86) });
 * // => Float64Array [1, 0.7266]  (BG/NBD on CDNOW)
 */
export function probabilityAliveMany(model: PurchaseModel, customers: CustomerColumns, out?: Float64Array): Float64Array {
  const k = purchaseKernels(model, 'probabilityAliveMany model');
  const { frequency, recency, T } = customers;
  assertCustomerColumns(frequency, recency, T);
  const n = frequency.length;
  const res = out ?? new Float64Array(n);
  for (let i = 0; i < n; i++) res[i] = k.probabilityAlive(frequency[i]!, recency[i]!, T[i]!);
  return res;
}
