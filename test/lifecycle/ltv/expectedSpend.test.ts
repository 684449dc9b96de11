import { describe, expect, it } from 'vitest';
import { expectedSpend, expectedSpendMany } from '../../../src/lifecycle/ltv/index.js';
import { ggCdnow } from './models.js';

describe('expectedSpend (Gamma-Gamma, p=6.25, q=3.74, γ=15.44)', () => {
  it('CDNOW customer 1 (x=2, m̄=22.35): p(γ+x·m̄)/(px+q−1) = 6.25·(15.44+44.70)/(12.50+2.74) = 375.875/15.24 = 24.6637', () => {
    expect(expectedSpend(ggCdnow, { frequency: 2, monetary: 22.35 })).toBeCloseTo(24.66371391, 7);
  });
  it('no repeat purchase → the population mean pγ/(q−1) = 96.5/2.74 = 35.2190 (monetary ignored)', () => {
    expect(expectedSpend(ggCdnow, { frequency: 0, monetary: 0 })).toBeCloseTo(35.21897810, 7);
    expect(expectedSpendMany(ggCdnow, { frequency: [0, 2], monetary: [123, 22.35] })).toEqual(Float64Array.of(expectedSpend(ggCdnow, { frequency: 0, monetary: 0 }), expectedSpend(ggCdnow, { frequency: 2, monetary: 22.35 })));
  });
  it('stays finite for values over 1e9 and frequency 1000', () => {
    const v = expectedSpend(ggCdnow, { frequency: 1000, monetary: 5e9 });
    expect(Number.isFinite(v)).toBe(true);
    expect(v / 5e9).toBeCloseTo((6.25 * 1000) / (6.25 * 1000 + 2.74), 6);
  });
  it('refuses q <= 1 where the mean is infinite, and bad input', () => {
    const heavy = { ...ggCdnow, params: { p: 1, q: 0.5, gamma: 10 } };
    expect(() => expectedSpend(heavy, { frequency: 0, monetary: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
    expect(() => expectedSpend(ggCdnow, { frequency: 1, monetary: -3 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: ['monetary'] })] }));
    expect(() => expectedSpendMany(ggCdnow, { frequency: [1], monetary: [Number.NaN] })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
