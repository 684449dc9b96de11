import { describe, expect, it } from 'vitest';

// Abramowitz & Stegun 7.1.26 erf (|error| < 1.5e-7): an independent normal CDF for one comparison.
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}
import { fc, test } from '@fast-check/vitest';
import { AudienceKitError, accumulate, createRng, mergeAll, summarize } from '../../src/core/index.js';
import { experimentCounts, holdoutLift, probabilityBetaGreater, summarizeMeasurement, type ExperimentRow } from '../../src/measurement/index.js';

// Reference values computed independently with scipy 1.17 / mpmath 1.3 (not this code):
//   pooled z for 60/1000 vs 40/1000 = 2.051956704170308; two-sided p = 0.04017387028851211,
//   one-sided ('greater') p = 0.020086935144256055; scipy.stats.chi2_contingency(correction=False)
//   X² = 4.2105263157894735 = z² (R prop.test(c(60,40), c(1000,1000), correct = FALSE): X-squared = 4.2105, p = 0.04017).
//   P(Beta(61, 941) > Beta(41, 961)) by mpmath quadrature = 0.979677212053825482.
//   Wilson 90% interval of 60/1000: [0.048794066543496564, 0.07358038750749268] (z = 1.6448536269514729).
//   Katz 90% interval of the relative lift 0.06/0.04 − 1 = 0.5: [0.08097991847776398, 1.0814447720439153].
const input = { treatment: { users: 1000, conversions: 60 }, control: { users: 1000, conversions: 40 } };

describe('holdoutLift', () => {
  it('matches statsmodels/R on the z-test and scipy/mpmath on the rest', () => {
    const r = holdoutLift(input);
    expect(r.zStatistic).toBeCloseTo(2.051956704170308, 12);
    expect(r.pValue).toBeCloseTo(0.04017387028851211, 12);
    expect(r.zStatistic ** 2).toBeCloseTo(4.2105263157894735, 10);
    expect(holdoutLift(input, { alternative: 'greater' }).pValue).toBeCloseTo(0.020086935144256055, 12);
    expect(r.probabilityOfLift).toBeCloseTo(0.979677212053825482, 10);
    expect(r.rates.treatment.lower).toBeCloseTo(0.048794066543496564, 12);
    expect(r.rates.treatment.upper).toBeCloseTo(0.07358038750749268, 12);
    expect(r.relativeLift!.estimate).toBeCloseTo(0.5, 12);
    expect(r.relativeLift!.lower).toBeCloseTo(0.08097991847776398, 10);
    expect(r.relativeLift!.upper).toBeCloseTo(1.0814447720439153, 10);
  });
  it('hand-worked absolute lift, incremental conversions, iROAS', () => {
    // d = 0.02; SE = sqrt(.06·.94/1000 + .04·.96/1000) = sqrt(0.0000948) = 0.009736529;
    // 90%: 0.02 ± 1.6448536·0.009736529 = [0.0039852, 0.0360148]; incremental = 1000 d = 20 [3.985, 36.015].
    const r = holdoutLift({ treatment: { users: 1000, conversions: 60, value: 6000 }, control: { users: 1000, conversions: 40, value: 4000 } }, { spend: 100 });
    expect(r.absoluteLift.estimate).toBeCloseTo(0.02, 14);
    expect(r.absoluteLift.lower).toBeCloseTo(0.02 - 1.6448536269514729 * Math.sqrt(0.0000948), 12);
    expect(r.incrementalConversions.estimate).toBeCloseTo(20, 10);
    expect(r.incrementalConversions.upper).toBeCloseTo(1000 * (0.02 + 1.6448536269514729 * Math.sqrt(0.0000948)), 9);
    // value: 6000 − 1000 × 4 = 2000; iROAS = 2000 / 100 = 20; cost per incremental conversion = 100 / 20 = 5.
    expect(r.incrementalValue!.estimate).toBeCloseTo(2000, 9);
    expect(r.iROAS!.estimate).toBeCloseTo(20, 9);
    expect(r.costPerIncrementalConversion!.estimate).toBeCloseTo(5, 9);
  });
  it('cost per incremental conversion is unbounded when the interval reaches zero', () => {
    const r = holdoutLift({ treatment: { users: 100, conversions: 5 }, control: { users: 100, conversions: 5 } }, { spend: 10 });
    expect(r.costPerIncrementalConversion!.upper).toBe(Number.POSITIVE_INFINITY);
    expect(r.pValue).toBeCloseTo(1, 12);
    expect(r.probabilityOfLift).toBeCloseTo(0.5, 10); // symmetric posteriors
  });
  it('refuses bad counts with the field path', () => {
    expect(() => holdoutLift({ treatment: { users: 10, conversions: 11 }, control: { users: 10, conversions: 1 } })).toThrow(/treatment\.conversions: conversions cannot exceed users/);
    expect(() => holdoutLift({ treatment: { users: 10, conversions: -1 }, control: { users: 10, conversions: 1 } })).toThrow(AudienceKitError);
    expect(() => holdoutLift({ treatment: { users: 10, conversions: 1, value: Number.NaN }, control: { users: 10, conversions: 1 } })).toThrow(/treatment\.value/);
    expect(() => holdoutLift(input, { level: 1.2 })).toThrow(/level/);
  });
  it('summarizes in report sentences', () => {
    const s = summarizeMeasurement(holdoutLift(input));
    expect(s).toMatch(/^The campaign caused 20 incremental conversions \(90% interval 4 to 36\), a 50\.0% lift/);
    expect(s).toContain('arises by chance 4% of the time');
  });
});

describe('probabilityBetaGreater', () => {
  it('is symmetric and matches the normal limit for large counts', () => {
    expect(probabilityBetaGreater(61, 941, 41, 961) + probabilityBetaGreater(41, 961, 61, 941)).toBeCloseTo(1, 12);
    // Just under the hand-over (199,001 terms) the exact sum must agree with the normal law of X − Y,
    // computed here independently from the Beta means and variances.
    const [a1, b1, a2, b2] = [199_001, 3_800_001, 198_201, 3_800_801];
    const m = (a: number, b: number) => a / (a + b), v = (a: number, b: number) => (a * b) / ((a + b) ** 2 * (a + b + 1));
    const zed = (m(a1, b1) - m(a2, b2)) / Math.sqrt(v(a1, b1) + v(a2, b2));
    const phi = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
    expect(probabilityBetaGreater(a1, b1, a2, b2)).toBeCloseTo(phi(zed), 3);
  });
});

describe('experimentCounts (mergeable)', () => {
  const rowArb = fc.record({ group: fc.constantFrom('treatment' as const, 'control' as const), converted: fc.boolean(), value: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }) })
    .map((r) => (r.value === undefined ? { group: r.group, converted: r.converted } : r) as ExperimentRow);
  test.prop([fc.array(rowArb, { maxLength: 60 }), fc.array(rowArb, { maxLength: 60 }), fc.array(rowArb, { maxLength: 60 })])(
    'merge is associative and commutative; shards == whole; JSON round trip',
    (a, b, c) => {
      const s = (rows: ExperimentRow[]) => accumulate(experimentCounts, rows);
      const m = experimentCounts.merge;
      expect(m(m(s(a), s(b)), s(c))).toEqual(m(s(a), m(s(b), s(c))));
      expect(m(s(a), s(b))).toEqual(m(s(b), s(a)));
      expect(experimentCounts.finish(mergeAll(experimentCounts, [s(a), s(b), s(c)]))).toEqual(summarize(experimentCounts, [...a, ...b, ...c]));
      expect(experimentCounts.fromJSON(JSON.parse(JSON.stringify(experimentCounts.toJSON(s(a)))))).toEqual(s(a));
    },
  );
  it('feeds holdoutLift and names a bad row', () => {
    const rows: ExperimentRow[] = [{ group: 'treatment', converted: true, value: 10 }, { group: 'control', converted: 0 }, { group: 'treatment', converted: false }];
    const counts = summarize(experimentCounts, rows);
    expect(counts.treatment).toEqual({ users: 2, conversions: 1, value: 10, valueSumSquares: 100 });
    expect(() => summarize(experimentCounts, [...rows, { group: 'holdout', converted: true } as unknown as ExperimentRow])).toThrow(/rows\[3\]\.group/);
    expect(() => experimentCounts.fromJSON({ kind: 'x' })).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }) as Error);
  });
});

describe('coverage is tested, not assumed', () => {
  // 200 seeded experiments: 20,000 users per arm, control rate 5%, true treatment rate 5.5%.
  const binomial = (rng: ReturnType<typeof createRng>, n: number, p: number) => { let c = 0; for (let i = 0; i < n; i++) if (rng.uniform() < p) c++; return c; };
  it('90% intervals of the absolute and relative lift cover the truth 85–95% of the time', () => {
    const rng = createRng(2024);
    let coverAbs = 0, coverRel = 0, coverInc = 0;
    const runs = 200, n = 20_000, pC = 0.05, pT = 0.055;
    for (let k = 0; k < runs; k++) {
      const r = holdoutLift({ treatment: { users: n, conversions: binomial(rng, n, pT) }, control: { users: n, conversions: binomial(rng, n, pC) } });
      if (r.absoluteLift.lower <= pT - pC && pT - pC <= r.absoluteLift.upper) coverAbs++;
      if (r.relativeLift!.lower <= pT / pC - 1 && pT / pC - 1 <= r.relativeLift!.upper) coverRel++;
      if (r.incrementalConversions.lower <= n * (pT - pC) && n * (pT - pC) <= r.incrementalConversions.upper) coverInc++;
    }
    for (const c of [coverAbs, coverRel, coverInc]) { expect(c / runs).toBeGreaterThanOrEqual(0.85); expect(c / runs).toBeLessThanOrEqual(0.95); }
  });
  it('with no effect, p-values fall below 0.1 about 10% of the time', () => {
    const rng = createRng(99);
    let small = 0;
    const runs = 200, n = 20_000;
    for (let k = 0; k < runs; k++) {
      if (holdoutLift({ treatment: { users: n, conversions: binomial(rng, n, 0.05) }, control: { users: n, conversions: binomial(rng, n, 0.05) } }).pValue < 0.1) small++;
    }
    // Binomial(200, 0.1): mean 20, sd 4.2 → accept 10..32 (about ±2.5 sd).
    expect(small).toBeGreaterThanOrEqual(10);
    expect(small).toBeLessThanOrEqual(32);
  });
});
