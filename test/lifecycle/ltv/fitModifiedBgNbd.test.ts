import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  conditionalExpectedPurchases, expectedPurchases, fitModifiedBgNbd, loadModifiedBgNbdModel, probabilityAlive, type ModifiedBgNbdModel,
} from '../../../src/lifecycle/ltv/index.js';
import { cdnowCustomers, relErr } from './cdnow.js';

const customers = cdnowCustomers();

describe('fitModifiedBgNbd (MBG/NBD) on CDNOW', () => {
  const m = fitModifiedBgNbd(customers);
  it('matches an independent maximum-likelihood fit: r 0.524838, α 6.182992, a 0.891356, b 1.613999, LL −9582.1327', () => {
    // Oracle: Batislam et al. (2007) likelihood written in Python (scipy gammaln, our shell, not committed),
    // maximized with scipy Nelder–Mead then BFGS (gtol 1e-9). lifetimes' test_estimation.py asserts
    // 0.525, 6.183, 0.891, 1.614 to 3 decimals (test_params_out_is_close_to_BTYDplus) on these data.
    for (const [k, v] of [['r', 0.525], ['alpha', 6.183], ['a', 0.891], ['b', 1.614]] as const) expect(Math.abs(m.params[k] - v)).toBeLessThan(1.5e-3);
    expect(relErr(m.params.r, 0.524838)).toBeLessThan(1e-4);
    expect(relErr(m.params.alpha, 6.182992)).toBeLessThan(1e-4);
    expect(relErr(m.params.a, 0.891356)).toBeLessThan(1e-4);
    expect(relErr(m.params.b, 1.613999)).toBeLessThan(1e-4);
    expect(m.fit.logLikelihood).toBeCloseTo(-9582.1327, 3);
    expect(loadModifiedBgNbdModel(JSON.parse(JSON.stringify(m)))).toEqual(m);
  });
  it('predictions match mpmath on the untransformed closed forms (lifetimes ModifiedBetaGeoFitter formulas)', () => {
    const fixed: ModifiedBgNbdModel = { ...m, params: { r: 0.524838, alpha: 6.182992, a: 0.891356, b: 1.613999 } };
    const cases = [
      { c: { frequency: 2, recency: 30.43, T: 38.86 }, p: 0.706126262853641, e: 1.26267084865234 },
      { c: { frequency: 0, recency: 0, T: 38.86 }, p: 0.389716297577385, e: 0.153953652944392 },
      { c: { frequency: 10, recency: 35, T: 38.86 }, p: 0.835384643086429, e: 5.87912942310769 },
    ];
    for (const { c, p, e } of cases) {
      expect(relErr(probabilityAlive(fixed, c), p)).toBeLessThan(1e-10);
      expect(relErr(conditionalExpectedPurchases(fixed, c, 39), e)).toBeLessThan(1e-10);
    }
    // E[X(39)] = b/(a−1)·[1 − (α/(α+t))^r·2F1(r, b+1; a+b; t/(α+t))] = 1.18228375893069 (mpmath).
    expect(relErr(expectedPurchases(fixed, 39), 1.18228375893069)).toBeLessThan(1e-10);
  });
  it('P(alive) < 1 without repeat purchases, in [0, 1] and finite for frequency <= 1000, T <= 10,000 (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 10_000, noNaN: true }), fc.double({ min: 0, max: 10_000, noNaN: true }), (x, frac, T, t) => {
      const c = { frequency: x, recency: frac * T, T };
      const p = probabilityAlive(m, c), e = conditionalExpectedPurchases(m, c, t);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      expect(Number.isFinite(e) && e >= 0).toBe(true);
    }), { numRuns: 200 });
    expect(probabilityAlive(m, { frequency: 0, recency: 0, T: 10 })).toBeLessThan(1);
  });
});
