import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { conditionalExpectedPurchases, conditionalExpectedPurchasesMany, expectedPurchases } from '../../../src/lifecycle/ltv/index.js';
import { bgCdnow, bgWith, paretoCdnow, paretoWith } from './models.js';
import { relErr } from './cdnow.js';

// Expected values: mpmath (30 digits) on the papers' closed forms, our shell, not committed.
// BG/NBD: FHL 2005 eq. (10) with mpmath's hyp2f1 in its ORIGINAL form 2F1(r+x, b+x; a+b+x−1; z)
// (we evaluate the Euler-transformed form, so this is an independent check).
// Pareto/NBD: FHL note 009 eq. (23) with P(alive) from quadrature.
const cases = [
  { c: { frequency: 2, recency: 30.43, T: 38.86 }, bg: 1.22591038569389, pareto: 1.45512815739628 },
  { c: { frequency: 0, recency: 0, T: 38.86 }, bg: 0.194780912293561, pareto: 0.107062335698026 },
  { c: { frequency: 1, recency: 1.71, T: 38.86 }, bg: 0.203250570662942, pareto: 0.170982401243388 },
  { c: { frequency: 10, recency: 35, T: 38.86 }, bg: 6.16380159528998, pareto: 6.41699168978708 },
];

describe('conditionalExpectedPurchases over the next 39 weeks (CDNOW parameters)', () => {
  it('BG/NBD: customer 1 (x=2, t_x=30.43, T=38.86) expects 1.226 purchases (lifetimes test_estimation.py asserts 1.226 ± 0.001)', () => {
    expect(conditionalExpectedPurchases(bgCdnow, cases[0]!.c, 39)).toBeCloseTo(1.226, 3);
  });
  it('BG/NBD matches mpmath to 1e-10 relative', () => {
    for (const { c, bg } of cases) expect(relErr(conditionalExpectedPurchases(bgCdnow, c, 39), bg)).toBeLessThan(1e-10);
  });
  it('Pareto/NBD matches mpmath to 1e-9 relative', () => {
    for (const { c, pareto } of cases) expect(relErr(conditionalExpectedPurchases(paretoCdnow, c, 39), pareto)).toBeLessThan(1e-9);
  });
  it('BG/NBD stays exact at the edge: x=1000, t_x=9990, T=10,000, t=10,000 → 744.026114813112 (mpmath), P(alive) 0.997851757158267', () => {
    expect(relErr(conditionalExpectedPurchases(bgCdnow, { frequency: 1000, recency: 9990, T: 10_000 }, 10_000), 744.026114813112)).toBeLessThan(1e-9);
    // x=1000, t_x=5000: dead for sure; mpmath gives 1.15e-295 — we must return a finite tiny number, not NaN.
    const v = conditionalExpectedPurchases(bgCdnow, { frequency: 1000, recency: 5000, T: 10_000 }, 10_000);
    expect(v).toBeGreaterThanOrEqual(0);
    expect(v).toBeLessThan(1e-290);
  });
  it('vectorized form equals the single form', () => {
    const cols = { frequency: cases.map((k) => k.c.frequency), recency: cases.map((k) => k.c.recency), T: cases.map((k) => k.c.T) };
    for (const model of [bgCdnow, paretoCdnow]) {
      const many = conditionalExpectedPurchasesMany(model, cols, 39);
      cases.forEach((k, i) => { expect(many[i]).toBe(conditionalExpectedPurchases(model, k.c, 39)); });
    }
  });
  it('is finite, non-negative and increases with t for frequency <= 1000 and T <= 10,000 (property, both models)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 10_000, noNaN: true }),
      fc.double({ min: 0, max: 10_000, noNaN: true }), fc.double({ min: 0.01, max: 10_000, noNaN: true }),
      fc.record({ r: fc.double({ min: 0.05, max: 5, noNaN: true }), alpha: fc.double({ min: 0.1, max: 100, noNaN: true }), a: fc.double({ min: 0.05, max: 5, noNaN: true }), b: fc.double({ min: 0.05, max: 10, noNaN: true }) }),
      (x, frac, T, t, dt, params) => {
        const c = { frequency: x, recency: x === 0 ? 0 : frac * T, T };
        for (const model of [bgCdnow, paretoCdnow, bgWith(params), paretoWith({ r: params.r, alpha: params.alpha, s: params.a, beta: params.b * 10 })]) {
          const v1 = conditionalExpectedPurchases(model, c, t), v2 = conditionalExpectedPurchases(model, c, t + dt);
          expect(Number.isFinite(v1) && Number.isFinite(v2)).toBe(true);
          expect(v1).toBeGreaterThanOrEqual(0);
          expect(v2).toBeGreaterThanOrEqual(v1 * (1 - 1e-9));
        }
      }), { numRuns: 200 });
  });
});

describe('expectedPurchases (a new customer)', () => {
  it('matches the closed forms: BG/NBD E[X(39)] = 1.19501652449555, E[X(78)] = 1.85797210520413; Pareto/NBD E[X(39)] = 1.21341146874998 (mpmath)', () => {
    expect(relErr(expectedPurchases(bgCdnow, 39), 1.19501652449555)).toBeLessThan(1e-10);
    expect(relErr(expectedPurchases(bgCdnow, 78), 1.85797210520413)).toBeLessThan(1e-10);
    expect(relErr(expectedPurchases(paretoCdnow, 39), 1.21341146874998)).toBeLessThan(1e-10);
    expect(expectedPurchases(bgCdnow, 0)).toBe(0);
  });
  it('increases with t (property) and handles a = 1 and s = 1 (removable singularities)', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 10_000, noNaN: true }), fc.double({ min: 0.01, max: 1000, noNaN: true }), (t, dt) => {
      for (const model of [bgCdnow, paretoCdnow, bgWith({ r: 0.3, alpha: 5, a: 1, b: 2 }), paretoWith({ r: 0.5, alpha: 10, s: 1, beta: 12 })]) {
        const v1 = expectedPurchases(model, t), v2 = expectedPurchases(model, t + dt);
        expect(Number.isFinite(v1)).toBe(true);
        expect(v2).toBeGreaterThanOrEqual(v1 * (1 - 1e-9));
      }
    }), { numRuns: 100 });
    // Limits by hand: at a → 1 the BG/NBD value is continuous; compare a = 1 with a = 1 ± 1e-3 (mean of both, error O(1e-6)).
    const mid = expectedPurchases(bgWith({ r: 0.3, alpha: 5, a: 1, b: 2 }), 39);
    const around = (expectedPurchases(bgWith({ r: 0.3, alpha: 5, a: 1.001, b: 2 }), 39) + expectedPurchases(bgWith({ r: 0.3, alpha: 5, a: 0.999, b: 2 }), 39)) / 2;
    expect(relErr(mid, around)).toBeLessThan(1e-5);
    // Pareto/NBD at s = 1: E[X(t)] = (rβ/α)·ln((β+t)/β) = 0.5·12/10·ln(51/12) (hand limit of eq. 17).
    expect(relErr(expectedPurchases(paretoWith({ r: 0.5, alpha: 10, s: 1, beta: 12 }), 39), 0.6 * Math.log(51 / 12))).toBeLessThan(1e-12);
  });
  it('refuses a negative or non-finite horizon', () => {
    expect(() => expectedPurchases(bgCdnow, -1)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => expectedPurchases(bgCdnow, Number.POSITIVE_INFINITY)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
