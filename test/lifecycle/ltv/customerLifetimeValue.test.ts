import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { customerLifetimeValue, customerLifetimeValueMany } from '../../../src/lifecycle/ltv/index.js';
import { bgCdnow, ggCdnow, paretoCdnow } from './models.js';
import { relErr } from './cdnow.js';

// Expected: lifetimes' customer_lifetime_value formula evaluated with mpmath (our shell):
// Σ_{i=1..12} E[spend]·(E[Y(4.345·i)] − E[Y(4.345·(i−1))]) / 1.01^i, BG/NBD (lifetimes CDNOW MLE) + Gamma-Gamma (6.25, 3.74, 15.44).
describe('customerLifetimeValue', () => {
  const opts = { horizon: 12, discountRate: 0.01, unit: 'week' as const };
  it('CDNOW customer 1 over 12 months at 1%/month: 36.2859943747747; a non-repeater (0, 0, 38.86): 8.35547739475711', () => {
    const v = customerLifetimeValue(bgCdnow, ggCdnow, [{ frequency: 2, recency: 30.43, T: 38.86, monetary: 22.35 }, { frequency: 0, recency: 0, T: 38.86, monetary: 0 }], opts);
    expect(relErr(v[0]!, 36.2859943747747)).toBeLessThan(1e-9);
    expect(relErr(v[1]!, 8.35547739475711)).toBeLessThan(1e-9);
  });
  it('unit given as a number of model periods per month is the same as the named unit', () => {
    const c = [{ frequency: 2, recency: 30.43, T: 38.86, monetary: 22.35 }];
    expect(customerLifetimeValue(bgCdnow, ggCdnow, c, { ...opts, unit: 4.345 })).toEqual(customerLifetimeValue(bgCdnow, ggCdnow, c, opts));
  });
  it('decreases as the discount rate rises, and the vectorized form agrees (property, both models)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 10_000, noNaN: true }),
      fc.double({ min: 0.01, max: 1e10, noNaN: true }), fc.double({ min: 0, max: 0.5, noNaN: true }), fc.double({ min: 0.001, max: 0.5, noNaN: true }),
      (x, frac, T, m, d, dd) => {
        const c = { frequency: x, recency: x === 0 ? 0 : frac * T, T, monetary: x === 0 ? 0 : m };
        for (const model of [bgCdnow, paretoCdnow]) {
          const lo = customerLifetimeValue(model, ggCdnow, [c], { ...opts, discountRate: d })[0]!;
          const hi = customerLifetimeValue(model, ggCdnow, [c], { ...opts, discountRate: d + dd })[0]!;
          expect(Number.isFinite(lo)).toBe(true);
          expect(hi).toBeLessThanOrEqual(lo);
          const many = customerLifetimeValueMany(model, ggCdnow, { frequency: [c.frequency], recency: [c.recency], T: [c.T], monetary: [c.monetary] }, { ...opts, discountRate: d });
          expect(many[0]).toBe(lo);
        }
      }), { numRuns: 100 });
  });
  it('refuses bad options and rows with codes and paths', () => {
    const c = [{ frequency: 2, recency: 30.43, T: 38.86, monetary: 22.35 }];
    expect(() => customerLifetimeValue(bgCdnow, ggCdnow, c, { ...opts, horizon: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => customerLifetimeValue(bgCdnow, ggCdnow, c, { ...opts, unit: 'fortnight' as never })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => customerLifetimeValue(bgCdnow, ggCdnow, [{ ...c[0]!, recency: 40 }], opts)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => customerLifetimeValue(ggCdnow as never, ggCdnow, c, opts)).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
    expect(() => customerLifetimeValueMany(bgCdnow, ggCdnow, { frequency: [1], recency: [1], T: [2], monetary: [-1] }, opts)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: ['monetary', 0] })] }));
  });
});
