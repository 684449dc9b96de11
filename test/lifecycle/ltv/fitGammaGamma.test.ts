import { describe, expect, it } from 'vitest';
import { fitGammaGamma, loadGammaGammaModel } from '../../../src/lifecycle/ltv/index.js';
import { cdnowCustomersWithSpend, relErr } from './cdnow.js';

// Input: `zbar` of cdnow_customers_summary_with_transactions.csv = mean US$ of each customer's REPEAT
// purchases in the calibration period, ROUNDED TO CENTS (what lifetimes' load_cdnow_summary_data_with_monetary_value gives).
const customers = cdnowCustomersWithSpend();

describe('fitGammaGamma on the CDNOW repeat customers (946 with frequency > 0)', () => {
  const m = fitGammaGamma(customers);
  it('matches p=6.25, q=3.74, γ=15.44 within 0.5% (Fader, Hardie & Lee 2005 JMR; Fader & Hardie 2013 note 025)', () => {
    expect(relErr(m.params.p, 6.25)).toBeLessThan(0.005);
    expect(relErr(m.params.q, 3.74)).toBeLessThan(0.005);
    expect(relErr(m.params.gamma, 15.44)).toBeLessThan(0.005);
  });
  it('reaches LL −4055.9232 on the rounded zbar (shared/data/cdnow README; −4055.9177 would need unrounded means)', () => {
    expect(m.fit.logLikelihood).toBeCloseTo(-4055.9232, 3);
    expect(m.fit.customers).toBe(946);
    expect(m.fit.excludedNoRepeat).toBe(2357 - 946);
  });
  it('reports the frequency–monetary correlation (FHL 2005 JMR report 0.11 for CDNOW)', () => {
    expect(m.fit.frequencyMonetaryCorrelation).toBeCloseTo(0.11, 2);
  });
  it('round-trips through JSON and refuses a broken model', () => {
    expect(loadGammaGammaModel(JSON.parse(JSON.stringify(m)))).toEqual(m);
    expect(() => loadGammaGammaModel({ ...m, version: 2 })).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
  });
  it('refuses a repeat customer without positive spend, naming the row', () => {
    expect(() => fitGammaGamma([{ frequency: 2, monetary: 10 }, { frequency: 1, monetary: 0 }])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: [1, 'monetary'] })] }));
    expect(() => fitGammaGamma([{ frequency: 0, monetary: 0 }])).toThrow(expect.objectContaining({ code: 'EMPTY_INPUT' }));
    expect(() => fitGammaGamma([{ frequency: 1, monetary: Number.NaN }])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
  it('stays finite for spend values over 1e9 (the fit is scale-equivariant: γ scales with the values, p and q do not)', () => {
    const scaled = fitGammaGamma(customers.map((c) => ({ frequency: c.frequency, monetary: c.monetary * 1e9 })));
    expect(relErr(scaled.params.p, m.params.p)).toBeLessThan(1e-4);
    expect(relErr(scaled.params.q, m.params.q)).toBeLessThan(1e-4);
    expect(relErr(scaled.params.gamma, m.params.gamma * 1e9)).toBeLessThan(1e-4);
  });
});
