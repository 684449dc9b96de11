/**
 * Expected value of a customer's future transactions under the Gamma-Gamma model.
 * @module
 */
import { AudienceKitError, parseWith } from '../../core/index.js';
import { SpendCustomerSchema } from './schemas.js';
import { GammaGammaModelSchema, type GammaGammaModel } from './fitGammaGamma.js';
import { bad } from './internal/rows.js';

export function spendKernel(model: unknown, where: string): (x: number, m: number) => number {
  const { p, q, gamma } = parseWith(GammaGammaModelSchema, model, where, 'INVALID_MODEL').params;
  return (x, m) => {
    const den = p * x + q - 1;
    if (!(den > 0)) {
      throw new AudienceKitError('INVALID_MODEL', `${where}: the expected spend is infinite for frequency ${x} (p·x + q − 1 = ${den} <= 0; q = ${q})`);
    }
    return (p * (gamma + x * m)) / den;
  };
}

/**
 * E[M | frequency, monetary] = p·(γ + x·m̄)/(p·x + q − 1): the expected value of the customer's
 * next transactions, a weighted mean of the population mean pγ/(q−1) and the customer's own
 * mean m̄ (FHL 2005 JMR eq. (4); `lifetimes`' `conditional_expected_average_profit`). A customer
 * without repeat purchases gets the population mean. O(1).
 *
 * @param model - a fitted {@link GammaGammaModel}
 * @param customer - `frequency` and `monetary` (mean repeat-purchase value; ignored when frequency is 0)
 * @returns expected spend per transaction
 * @throws AudienceKitError `INVALID_MODEL` (also when q <= 1 makes the mean infinite), `INVALID_INPUT`
 * @example
 * expectedSpend(cdnowGammaGamma, { frequency: 2, monetary: 22.35 }); // => 24.66  (CDNOW customer 1)
 */
export function expectedSpend(model: GammaGammaModel, customer: { frequency: number; monetary: number }): number {
  const k = spendKernel(model, 'expectedSpend model');
  const c = parseWith(SpendCustomerSchema, customer, 'expectedSpend customer');
  return k(c.frequency, c.frequency === 0 ? 0 : c.monetary);
}

/**
 * {@link expectedSpend} for many customers: columns in, a Float64Array out. O(n).
 *
 * @param model - a fitted Gamma-Gamma model
 * @param customers - `frequency` and `monetary` columns of equal length
 * @param out - optional output buffer
 * @returns expected spend per customer
 * @throws AudienceKitError `INVALID_MODEL`, `INVALID_INPUT` (column and index), `DIMENSION_MISMATCH`
 * @example
 * expectedSpendMany(cdnowGammaGamma, { frequency: [0, 2], monetary: [0, 22.35] }); // => Float64Array [35.22, 24.66]
 */
export function expectedSpendMany(model: GammaGammaModel, customers: { readonly frequency: ArrayLike<number>; readonly monetary: ArrayLike<number> }, out?: Float64Array): Float64Array {
  const k = spendKernel(model, 'expectedSpendMany model');
  const { frequency, monetary } = customers;
  const n = frequency.length;
  if (monetary.length !== n) throw new AudienceKitError('DIMENSION_MISMATCH', `frequency and monetary must have equal lengths (got ${n}, ${monetary.length})`);
  const res = out ?? new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = frequency[i]!, m = monetary[i]!;
    if (!(Number.isInteger(x) && x >= 0)) bad('frequency', i, 'must be a non-negative integer');
    if (!(Number.isFinite(m) && m >= 0)) bad('monetary', i, 'must be finite and >= 0');
    res[i] = k(x, x === 0 ? 0 : m);
  }
  return res;
}
