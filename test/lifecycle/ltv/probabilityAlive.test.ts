import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { probabilityAlive, probabilityAliveMany } from '../../../src/lifecycle/ltv/index.js';
import { bgCdnow, bgWith, paretoCdnow, paretoWith } from './models.js';
import { relErr } from './cdnow.js';

// Expected values: the closed forms evaluated independently with mpmath at 30 digits (our shell,
// not committed): BG/NBD P(alive) = 1/(1 + a/(b+x−1)·((α+T)/(α+t_x))^(r+x)) (FHL 2005 technical note);
// Pareto/NBD P(alive) = A/(A + D), A = (α+T)^−(r+x)(β+T)^−s, D = s∫_{t_x}^{T}(α+u)^−(r+x)(β+u)^−(s+1)du
// by numerical quadrature (no hypergeometric function involved).
const cases = [
  { c: { frequency: 2, recency: 30.43, T: 38.86 }, bg: 0.726609102456251, pareto: 0.869121781919615 },
  { c: { frequency: 0, recency: 0, T: 38.86 }, bg: 1, pareto: 0.295094817490391 },
  { c: { frequency: 1, recency: 1.71, T: 38.86 }, bg: 0.212227323452095, pareto: 0.167871925253074 },
  { c: { frequency: 10, recency: 35, T: 38.86 }, bg: 0.846960752875623, pareto: 0.927306972340548 },
];

describe('probabilityAlive', () => {
  it('BG/NBD matches the closed form (CDNOW customer 1: 0.7266, shared/data/cdnow README)', () => {
    for (const { c, bg } of cases) expect(relErr(probabilityAlive(bgCdnow, c), bg)).toBeLessThan(1e-12);
  });
  it('Pareto/NBD matches the quadrature of the likelihood terms', () => {
    for (const { c, pareto } of cases) expect(relErr(probabilityAlive(paretoCdnow, c), pareto)).toBeLessThan(1e-9);
  });
  it('vectorized form equals the single form', () => {
    const cols = { frequency: Float64Array.from(cases, (k) => k.c.frequency), recency: Float64Array.from(cases, (k) => k.c.recency), T: Float64Array.from(cases, (k) => k.c.T) };
    for (const model of [bgCdnow, paretoCdnow]) {
      const many = probabilityAliveMany(model, cols);
      cases.forEach((k, i) => { expect(many[i]).toBe(probabilityAlive(model, k.c)); });
    }
  });
  it('is in [0, 1], and 1 for customers without repeat purchases under BG/NBD (property)', () => {
    fc.assert(fc.property(
      fc.record({ r: fc.double({ min: 0.01, max: 50, noNaN: true }), alpha: fc.double({ min: 0.01, max: 1000, noNaN: true }), a: fc.double({ min: 0.01, max: 50, noNaN: true }), b: fc.double({ min: 0.01, max: 50, noNaN: true }) }),
      fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 10_000, noNaN: true }),
      (params, x, frac, T) => {
        const p = probabilityAlive(bgWith(params), { frequency: x, recency: x === 0 ? 0 : frac * T, T });
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
        if (x === 0) expect(p).toBe(1);
      }), { numRuns: 300 });
  });
  it('Pareto/NBD is in [0, 1] and finite over frequency <= 1000, T <= 10,000 (property)', () => {
    fc.assert(fc.property(
      fc.record({ r: fc.double({ min: 0.05, max: 20, noNaN: true }), alpha: fc.double({ min: 0.05, max: 500, noNaN: true }), s: fc.double({ min: 0.05, max: 20, noNaN: true }), beta: fc.double({ min: 0.05, max: 500, noNaN: true }) }),
      fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 10_000, noNaN: true }),
      (params, x, frac, T) => {
        const p = probabilityAlive(paretoWith(params), { frequency: x, recency: frac * T, T });
        expect(Number.isFinite(p)).toBe(true);
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }), { numRuns: 300 });
  });
  it('refuses bad customers and models with codes and paths', () => {
    expect(() => probabilityAlive(bgCdnow, { frequency: 1, recency: 3, T: 2 })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: ['recency'] })] }));
    expect(() => probabilityAlive({ ...bgCdnow, kind: 'nope' } as never, { frequency: 0, recency: 0, T: 1 })).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
    expect(() => probabilityAliveMany(bgCdnow, { frequency: [0, 1.5], recency: [0, 1], T: [1, 2] })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: ['frequency', 1] })] }));
    expect(() => probabilityAliveMany(bgCdnow, { frequency: [0], recency: [0, 1], T: [1] })).toThrow(expect.objectContaining({ code: 'DIMENSION_MISMATCH' }));
  });
});
