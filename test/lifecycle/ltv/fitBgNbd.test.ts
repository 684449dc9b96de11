import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fitBgNbd, loadBgNbdModel } from '../../../src/lifecycle/ltv/index.js';
import { AudienceKitError } from '../../../src/core/index.js';
import { cdnowCustomers, relErr } from './cdnow.js';

const customers = cdnowCustomers();

describe('fitBgNbd on CDNOW (2,357 customers, weeks, 39-week calibration)', () => {
  const m = fitBgNbd(customers);
  it('matches Fader, Hardie & Lee (2005) Table/§5: r=0.243, α=4.414, a=0.793, b=2.426 within 0.5%', () => {
    expect(relErr(m.params.r, 0.243)).toBeLessThan(0.005);
    expect(relErr(m.params.alpha, 4.414)).toBeLessThan(0.005);
    expect(relErr(m.params.a, 0.793)).toBeLessThan(0.005);
    expect(relErr(m.params.b, 2.426)).toBeLessThan(0.005);
  });
  it('reaches the published log-likelihood −9582.4 (lifetimes 0.11.3 full precision: −9582.4256)', () => {
    expect(m.fit.logLikelihood).toBeCloseTo(-9582.4256, 3);
    expect(m.fit.converged).toBe(true);
    expect(m.fit.customers).toBe(2357);
  });
  it('matches the lifetimes full-precision MLE (0.242593, 4.413532, 0.792886, 2.425752; shared/data/cdnow/README) to 1e-4 relative', () => {
    expect(relErr(m.params.r, 0.242593)).toBeLessThan(1e-4);
    expect(relErr(m.params.alpha, 4.413532)).toBeLessThan(1e-4);
    expect(relErr(m.params.a, 0.792886)).toBeLessThan(1e-4);
    expect(relErr(m.params.b, 2.425752)).toBeLessThan(1e-4);
  });
  it('reports standard errors from the Hessian that agree with CLVTools', () => {
    // CLVTools' vignette output of bgnbd() on these data (LL −9582.43) gives standard errors of the
    // LOG parameters: 0.05176, 0.08570, 0.23424, 0.29078. By the delta method SE(θ) = θ·SE(log θ):
    // 0.24259·0.05176 = 0.012556, 4.41360·0.08570 = 0.37825, 0.79292·0.23424 = 0.18573, 2.42589·0.29078 = 0.70540.
    const se = m.standardErrors!;
    expect(relErr(se.r, 0.012556)).toBeLessThan(0.01);
    expect(relErr(se.alpha, 0.37825)).toBeLessThan(0.01);
    expect(relErr(se.a, 0.18573)).toBeLessThan(0.01);
    expect(relErr(se.b, 0.70540)).toBeLessThan(0.01);
  });
  it('round-trips through JSON and validates on load', () => {
    expect(loadBgNbdModel(JSON.parse(JSON.stringify(m)))).toEqual(m);
    expect(() => loadBgNbdModel({ ...m, params: { ...m.params, r: -1 } })).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
    expect(() => loadBgNbdModel({ ...m, kind: 'pareto-nbd' })).toThrow(AudienceKitError);
  });
  it('does not depend on the order of the customers (rows are collapsed and sorted)', () => {
    const reversed = fitBgNbd([...customers].reverse());
    expect(reversed.params).toEqual(m.params);
  });
  it('a penalizer shrinks the parameters (lifetimes penalizer_coef = 0.1)', () => {
    const p = fitBgNbd(customers, { penalizer: 0.1 });
    const norm = (q: typeof m.params) => q.r ** 2 + q.alpha ** 2 + q.a ** 2 + q.b ** 2;
    expect(norm(p.params)).toBeLessThan(norm(m.params));
    expect(p.fit.logLikelihood).toBeLessThan(m.fit.logLikelihood);
  });
});

describe('fitBgNbd input errors', () => {
  it('refuses recency > T, naming the row and field', () => {
    const bad = [{ frequency: 1, recency: 5, T: 4 }];
    expect(() => fitBgNbd(bad)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: [0, 'recency'] })] }));
  });
  it('refuses non-integer, negative or non-finite frequency and NaN times', () => {
    for (const c of [{ frequency: 1.5, recency: 1, T: 2 }, { frequency: -1, recency: 0, T: 2 }, { frequency: 1, recency: Number.NaN, T: 2 }, { frequency: 1, recency: 1, T: Number.POSITIVE_INFINITY }]) {
      expect(() => fitBgNbd([c])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    }
  });
  it('refuses an empty list and a negative penalizer', () => {
    expect(() => fitBgNbd([])).toThrow(expect.objectContaining({ code: 'EMPTY_INPUT' }));
    expect(() => fitBgNbd(customers.slice(0, 10), { penalizer: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
  it('throws NOT_CONVERGED with diagnostics when there is no maximum (no customer ever repeats: a/b → 0)', () => {
    // With every frequency 0 the likelihood increases without bound as α → ∞ with r/α fixed (rate → 0): no finite MLE.
    const none = Array.from({ length: 50 }, (_, i) => ({ frequency: 0, recency: 0, T: 10 + i }));
    try {
      fitBgNbd(none);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AudienceKitError);
      expect((e as AudienceKitError).code).toBe('NOT_CONVERGED');
      expect((e as AudienceKitError).details).toHaveProperty('gradientNorm');
      expect((e as AudienceKitError).details).toHaveProperty('params');
    }
  });
  it('never mutates its input (property)', () => {
    fc.assert(fc.property(fc.array(fc.record({ frequency: fc.integer({ min: 0, max: 20 }), recency: fc.double({ min: 0, max: 20, noNaN: true }), T: fc.constant(20) }), { minLength: 1, maxLength: 20 }), (rows) => {
      const copy = structuredClone(rows);
      try { fitBgNbd(rows); } catch { /* may not converge on tiny random data */ }
      expect(rows).toEqual(copy);
    }), { numRuns: 5 });
  });
});
