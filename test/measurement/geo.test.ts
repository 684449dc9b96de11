import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { AudienceKitError, createRng } from '../../src/core/index.js';
import { buildPanel, diffInDiff, regressionImpact, summarizeMeasurement, syntheticControl, syntheticDiD, timeBasedRegression } from '../../src/measurement/index.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/measurement/${name}`, import.meta.url), 'utf8').trim().split('\n').slice(1);
const geoLift = fixture('GeoLift_Test.csv').map((l) => { const [location, Y, date] = l.split(','); return { location: location!, Y: Number(Y), date: date! }; });
const prop99 = fixture('california_prop99.csv').map((l) => { const [unit, time, outcome] = l.split(';'); return { unit: unit!, time: Number(time), outcome: Number(outcome) }; });
const geoColumns = { unit: 'location', time: 'date', outcome: 'Y' };

describe('syntheticControl reproduces the GeoLift walkthrough', () => {
  let r: ReturnType<typeof syntheticControl>;
  beforeAll(() => { r = syntheticControl(geoLift, { treatedUnits: ['chicago', 'portland'], treatmentStart: '2021-04-01', treatmentEnd: '2021-04-15', columns: geoColumns }); });
  it('weights to 1e-4 (GetWeights: cincinnati 0.22717797, miami 0.20276981, baton rouge 0.13353743, …)', () => {
    const published: [string, number][] = [['cincinnati', 0.22717797], ['miami', 0.20276981], ['baton rouge', 0.13353743], ['minneapolis', 0.09], ['dallas', 0.0739],
      ['nashville', 0.0685], ['honolulu', 0.0673], ['austin', 0.0465], ['san diego', 0.0451], ['reno', 0.0306], ['san antonio', 0.0054], ['new york', 0.0046], ['houston', 0.0046]];
    const w = new Map(r.weights.map((x) => [x.unit, x.weight]));
    for (const [unit, weight] of published) expect(Math.abs(w.get(unit)! - weight)).toBeLessThan(unit === 'cincinnati' || unit === 'miami' || unit === 'baton rouge' ? 1e-4 : 1e-4 + 5e-5);
    expect(r.weights.length).toBe(13); // all others 0
    expect(r.weights.reduce((s, x) => s + x.weight, 0)).toBeCloseTo(1, 12);
  });
  it('ATT 155.556, lift 5.4%, incremental 4667, L2 909.489, scaled L2 0.1636, p < 0.05', () => {
    expect(r.estimate).toBeCloseTo(155.556, 3);
    expect(Math.round(1000 * r.relativeLift.estimate) / 10).toBe(5.4);
    expect(Math.round(r.incremental.estimate)).toBe(4667);
    expect(r.l2Imbalance).toBeCloseTo(909.489, 3);
    expect(r.scaledL2Imbalance).toBeCloseTo(0.1636, 4);
    expect(r.pValue).toBeLessThan(0.05);
    expect(r.att).toHaveLength(15);
    expect(r.series).toHaveLength(105);
    // counterfactual + effect = treated in every post period
    for (const [k, a] of r.att.entries()) { const s = r.series[90 + k]!; expect(s.treated - s.counterfactual).toBeCloseTo(a.estimate, 8); }
    expect(r.lower).toBeLessThanOrEqual(r.estimate);
    expect(r.upper).toBeGreaterThanOrEqual(r.estimate);
    expect(summarizeMeasurement(r)).toMatch(/^The campaign caused 4,667 incremental units/);
  });
  it('is deterministic for a seed', () => {
    const a = syntheticControl(geoLift, { treatedUnits: ['chicago', 'portland'], treatmentStart: '2021-04-01', columns: geoColumns, seed: 7, interval: false });
    const b = syntheticControl(geoLift, { treatedUnits: ['chicago', 'portland'], treatmentStart: '2021-04-01', columns: geoColumns, seed: 7, interval: false });
    expect(a.pValue).toBe(b.pValue);
  });
});

describe('Proposition 99', () => {
  it('diffInDiff = −27.349 (synthdid vignette −27.34911) with a unit-clustered SE equal to a dummy-variable regression', () => {
    // numpy, independent: lstsq on unit + year dummies, CR1 sandwich clustered by state, c = G/(G−1)·(n−1)/(n−k), k = 70:
    // tau = −27.349111083614936, se = 2.848741542765332.
    const r = diffInDiff(prop99, { treatedUnits: ['California'], treatmentStart: 1989 });
    expect(r.estimate).toBeCloseTo(-27.349, 3);
    expect(r.estimate).toBeCloseTo(-27.349111083614936, 9);
    expect(r.standardError).toBeCloseTo(2.848741542765332, 9);
    expect(r.periods).toEqual({ pre: 19, post: 12 });
    expect(summarizeMeasurement(r)).toMatch(/prefer synthetic DiD/);
  });
  it('syntheticDiD = −15.604 (synthdid vignette −15.60383), time weights on 1986–1988', () => {
    const r = syntheticDiD(prop99, { treatedUnits: ['California'], treatmentStart: 1989, placebos: 20, seed: 1 });
    expect(r.estimate).toBeCloseTo(-15.604, 2);
    expect(Math.abs(r.estimate - -15.60383)).toBeLessThan(1e-4);
    expect(r.timeWeights.map((w) => w.time)).toEqual([1986, 1987, 1988]);
    expect(r.unitWeights.reduce((s, w) => s + w.weight, 0)).toBeCloseTo(1, 10);
    expect(r.standardError).toBeGreaterThan(0);
  });
});

describe('timeBasedRegression (numpy reference)', () => {
  // numpy lstsq on the 8 pre periods: a = −0.2235970139479852, b = 0.5093968960775319, σ = 0.19235718817881944;
  // cumulative effect over 3 test periods 11.86849256761181, 90% half-width 1.003027962847484 (t, 6 df),
  // one-sided p = 2.2173433006244433e-07, counterfactual total 45.53150743238819.
  const treatment = [10.2, 12.1, 10.8, 13.4, 11.9, 14.3, 12.7, 15.2, 17.9, 19.4, 20.1];
  const control = [20.1, 24.3, 22.0, 26.2, 23.8, 28.5, 25.9, 30.2, 29.0, 31.3, 30.4];
  it('matches', () => {
    const r = timeBasedRegression({ treatment, control, cost: [0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2] }, { preEnd: 8, testEnd: 11 });
    expect(r.model.intercept).toBeCloseTo(-0.2235970139479852, 10);
    expect(r.model.slope).toBeCloseTo(0.5093968960775319, 12);
    expect(r.model.sigma).toBeCloseTo(0.19235718817881944, 12);
    expect(r.incrementalResponse.estimate).toBeCloseTo(11.86849256761181, 10);
    expect(r.incrementalResponse.precision).toBeCloseTo(1.003027962847484, 10);
    expect(r.pValue).toBeCloseTo(2.2173433006244433e-7, 15);
    expect(r.relativeLift!.estimate).toBeCloseTo(11.86849256761181 / 45.53150743238819, 12);
    expect(r.iROAS!.estimate).toBeCloseTo(11.86849256761181 / 6, 10);
    expect(r.cumulative).toHaveLength(3);
    expect(summarizeMeasurement(r)).toMatch(/iROAS 1\.98/);
  });
  it('refuses bad ranges and mismatched series', () => {
    expect(() => timeBasedRegression({ treatment, control }, { preEnd: 8, testEnd: 12 })).toThrow(/testEnd <= 11/);
    expect(() => timeBasedRegression({ treatment, control: control.slice(1) }, { preEnd: 8, testEnd: 11 })).toThrow(expect.objectContaining({ code: 'DIMENSION_MISMATCH' }) as Error);
  });
});

describe('regressionImpact (numpy reference)', () => {
  // Data drawn once with numpy (seed 0) and rounded; the numbers below are numpy lstsq + scipy t on them.
  const X1 = [101.26, 98.68, 106.4, 101.05, 94.64, 103.62, 113.04, 109.47, 92.96, 87.35, 93.77, 100.41, 76.75, 97.81, 87.54, 92.68, 94.56, 96.84, 104.12, 110.43, 98.71, 113.66, 93.35, 103.52, 109.03, 100.94, 92.57, 90.78, 95.42, 102.2];
  const X2 = [44.95, 48.95, 49.2, 52.7, 51.07, 51.78, 46.73, 49.35, 53.92, 57.47, 43.7, 57.57, 56.73, 53.91, 51.32, 48.43, 57.29, 59.8, 59.01, 56.58, 51.79, 43.96, 49.98, 53.28, 43.56, 51.98, 52.15, 53.48, 44.08, 46.69];
  const Y = [105.61, 104.08, 116.2, 109.2, 104.9, 111.27, 119.96, 117.89, 105.59, 97.21, 99.97, 113.48, 94.77, 106.97, 102.34, 98.72, 105.97, 112.24, 115.9, 123.64, 113.24, 119.64, 106.91, 115.27, 114.45, 116.0, 109.29, 109.95, 104.87, 116.48];
  it('matches coefficients, cumulative effect, interval and p-value', () => {
    const r = regressionImpact({ y: Y, x: [X1, X2] }, { preEnd: 20 });
    expect(r.coefficients[0]).toBeCloseTo(-7.069055100894354, 8);
    expect(r.coefficients[1]).toBeCloseTo(0.8889192317397543, 10);
    expect(r.coefficients[2]).toBeCloseTo(0.5350083399698131, 10);
    expect(r.cumulative.estimate).toBeCloseTo(45.048969299296445, 8);
    expect(r.cumulative.lower).toBeCloseTo(24.46860696425177, 8);
    expect(r.pValue).toBeCloseTo(0.00024534205332772126, 12);
    expect(r.pointwise[0]!.predicted.estimate).toBeCloseTo(108.3842441911734, 9);
    expect(r.pointwise[0]!.predicted.upper - r.pointwise[0]!.predicted.estimate).toBeCloseTo(5.008446432193286, 9);
    expect(summarizeMeasurement(r)).toMatch(/not CausalImpact's Bayesian model/);
  });
});

describe('panels are validated', () => {
  it('names the unit and time of a missing cell or duplicate, and unknown treated units', () => {
    const rows = [{ unit: 'a', time: 1, outcome: 1 }, { unit: 'a', time: 2, outcome: 2 }, { unit: 'b', time: 1, outcome: 1 }];
    expect(() => buildPanel(rows)).toThrow(/unit 'b' has no row at time 2/);
    expect(() => buildPanel([...rows, { unit: 'b', time: 2, outcome: 3 }, { unit: 'b', time: 2, outcome: 4 }])).toThrow(/duplicate row for unit 'b' at time 2/);
    expect(() => diffInDiff(prop99, { treatedUnits: ['Atlantis'], treatmentStart: 1989 })).toThrow(/treated unit 'Atlantis' is not in the panel/);
    expect(() => diffInDiff(prop99, { treatedUnits: ['California'], treatmentStart: 1960 })).toThrow(AudienceKitError);
    expect(() => buildPanel([{ unit: 'a', time: 1, outcome: Number.NaN }])).toThrow(/unit 'a', time 1/);
  });
});

describe('coverage of syntheticControl is tested, not assumed', () => {
  // 200 seeded panels: 16 donors, 1 treated unit that is a convex mix of 3 donors + noise, 30 pre and 8 post periods,
  // outcomes from a 2-factor model. With effect 3 the 90% conformal intervals should cover 3 in 85–95% of runs;
  // with no effect the p-value should fall below 0.1 in about 10% of runs.
  function panel(seed: number, effect: number) {
    const rng = createRng(seed);
    const J = 16, T = 38, T0 = 30;
    const f1 = Array.from({ length: T }, () => rng.normal()), f2 = Array.from({ length: T }, () => rng.normal());
    const donors = Array.from({ length: J }, () => { const mu = rng.normal(50, 5), l1 = rng.normal(2, 1), l2 = rng.normal(1, 1); return Array.from({ length: T }, (_, t) => mu + l1 * f1[t]! + l2 * f2[t]! + rng.normal(0, 1)); });
    const mix = [0.5, 0.3, 0.2];
    const treated = Array.from({ length: T }, (_, t) => mix.reduce((s, w, j) => s + w * donors[j]![t]!, 0) + 3 + rng.normal(0, 1) + (t >= T0 ? effect : 0));
    const rows = [...donors.map((d, j) => ({ name: `d${j}`, d })), { name: 'treated', d: treated }].flatMap(({ name, d }) => d.map((outcome, time) => ({ unit: name, time, outcome })));
    return { rows, T0 };
  }
  it('90% intervals cover the true effect 85–95% of the time; null p-values < 0.1 about 10% of the time', () => {
    let cover = 0, small = 0;
    const runs = 200;
    for (let k = 0; k < runs; k++) {
      const { rows, T0 } = panel(1000 + k, 3);
      const r = syntheticControl(rows, { treatedUnits: ['treated'], treatmentStart: T0, permutations: 100, seed: k });
      if (r.lower <= 3 && 3 <= r.upper) cover++;
      const n = panel(5000 + k, 0);
      if (syntheticControl(n.rows, { treatedUnits: ['treated'], treatmentStart: n.T0, permutations: 100, seed: k, interval: false }).pValue < 0.1) small++;
    }
    expect(cover / runs).toBeGreaterThanOrEqual(0.85);
    expect(cover / runs).toBeLessThanOrEqual(0.95);
    expect(small).toBeGreaterThanOrEqual(8);
    expect(small).toBeLessThanOrEqual(32);
  });
});
