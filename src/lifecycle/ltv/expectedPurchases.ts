/**
 * Expected purchases of a new customer.
 * @module
 */
import { z } from 'zod';
import { parseWith } from '../../core/index.js';
import { purchaseKernels, type PurchaseModel } from './internal/purchaseModel.js';

/** A non-negative finite horizon in the model's time unit. */
export const HorizonSchema = z.number().nonnegative().refine(Number.isFinite, { message: 'must be finite' });

/**
 * E[X(t)]: expected purchases in (0, t] of a customer who has just made a first purchase (trial
 * at time 0 not counted). BG/NBD: (a+b−1)/(a−1)·[1 − (α/(α+t))^r·2F1(r, b; a+b−1; t/(α+t))]
 * (FHL 2005 eq. 7); Pareto/NBD: rβ/(α(s−1))·[1 − (β/(β+t))^(s−1)] (FHL note 009 eq. 17).
 * Increasing in t. O(1).
 *
 * @param model - a fitted BG/NBD or Pareto/NBD model
 * @param t - the horizon (model time unit), >= 0
 * @returns the expected number of purchases
 * @throws AudienceKitError `INVALID_MODEL`, `INVALID_INPUT`
 * @example
 * expectedPurchases(cdnowBgNbd, 39); // => 1.1950  (39 weeks, CDNOW BG/NBD)
 */
export function expectedPurchases(model: PurchaseModel, t: number): number {
  const k = purchaseKernels(model, 'expectedPurchases model');
  return k.expected(parseWith(HorizonSchema, t, 'expectedPurchases t'));
}
