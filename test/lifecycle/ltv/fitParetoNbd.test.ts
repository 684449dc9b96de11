import { describe, expect, it } from 'vitest';
import { fitParetoNbd, loadParetoNbdModel } from '../../../src/lifecycle/ltv/index.js';
import { cdnowCustomers, relErr } from './cdnow.js';

const customers = cdnowCustomers();

describe('fitParetoNbd on CDNOW (2,357 customers, weeks)', () => {
  const m = fitParetoNbd(customers);
  it('matches the published r=0.553, α=10.578, s=0.606, β=11.669 within 0.5% (Fader, Hardie & Lee 2005 §5; BTYD walkthrough)', () => {
    expect(relErr(m.params.r, 0.553)).toBeLessThan(0.005);
    expect(relErr(m.params.alpha, 10.578)).toBeLessThan(0.005);
    expect(relErr(m.params.s, 0.606)).toBeLessThan(0.005);
    expect(relErr(m.params.beta, 11.669)).toBeLessThan(0.005);
  });
  it('reaches LL −9595.0 (BTYD walkthrough −9594.976; lifetimes 0.11.3 −9594.9739 at 0.553293, 10.577884, 0.606185, 11.666928)', () => {
    expect(m.fit.logLikelihood).toBeCloseTo(-9594.9739, 3);
    expect(relErr(m.params.beta, 11.666928)).toBeLessThan(1e-3);
  });
  it('reports finite positive standard errors and round-trips through JSON', () => {
    const se = m.standardErrors!;
    for (const v of Object.values(se)) expect(v).toBeGreaterThan(0);
    // β is weakly identified on CDNOW (its SE is about half the estimate); r is tight.
    expect(se.r / m.params.r).toBeLessThan(0.15);
    expect(loadParetoNbdModel(JSON.parse(JSON.stringify(m)))).toEqual(m);
  });
  it('refuses bad input with the field path', () => {
    expect(() => fitParetoNbd([{ frequency: 2, recency: 10, T: 9 }])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: [0, 'recency'] })] }));
    expect(() => fitParetoNbd([])).toThrow(expect.objectContaining({ code: 'EMPTY_INPUT' }));
  });
});
