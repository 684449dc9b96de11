import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { powerTwoProportions, summarizeMeasurement } from '../../src/measurement/index.js';

// R's power.prop.test (strict = FALSE) formula evaluated independently with scipy 1.17:
//   power.prop.test(n = 50, p1 = .5, p2 = .75)        power = 0.7401659013313878 (R prints 0.7401659)
//   power.prop.test(p1 = .5, p2 = .75, power = .9)    n = 76.70692845177724 (exact root; R's uniroot tol 1.2e-4 prints 76.7)
//   power.prop.test(n = 50, p1 = .5, power = .9)      p2 = 0.8026305817038948 (exact root; R prints 0.8026 to its tol)
//   unequal split n1 = 2000 at 5%, n2 = 9·2000 at 5.5%, two-sided α = .05: power = 0.1438715150893773
describe('powerTwoProportions', () => {
  it('solves for power, n and p2 like R power.prop.test', () => {
    expect(powerTwoProportions({ p1: 0.5, p2: 0.75, n: 50 }).power).toBeCloseTo(0.7401659013313878, 12);
    expect(powerTwoProportions({ p1: 0.5, p2: 0.75, power: 0.9 }).n).toBeCloseTo(76.70692845177724, 6);
    expect(powerTwoProportions({ p1: 0.5, n: 50, power: 0.9 }).p2).toBeCloseTo(0.8026305817038948, 8);
  });
  it('unequal splits (90/10 holdout)', () => {
    expect(powerTwoProportions({ p1: 0.05, p2: 0.055, n: 2000, ratio: 9 }).power).toBeCloseTo(0.1438715150893773, 12);
  });
  it('needs exactly one unknown', () => {
    expect(() => powerTwoProportions({ p1: 0.5, p2: 0.6 })).toThrow(/exactly one of p2, n and power/);
    expect(() => powerTwoProportions({ p1: 0.5, p2: 0.6, n: 10, power: 0.8 })).toThrow(/exactly one/);
    expect(() => powerTwoProportions({ p1: 1.5, p2: 0.6, n: 10 })).toThrow(/p1/);
  });
  test.prop([fc.double({ min: 0.01, max: 0.5, noNaN: true }), fc.double({ min: 0.001, max: 0.3, noNaN: true }), fc.integer({ min: 50, max: 100_000 })])(
    'solving for n inverts the power; power rises with n',
    (p1, d, n) => {
      const p2 = Math.min(0.99, p1 + d);
      const pw = powerTwoProportions({ p1, p2, n }).power;
      expect(powerTwoProportions({ p1, p2, n: n * 2 }).power).toBeGreaterThanOrEqual(pw);
      if (pw > 0.06 && pw < 0.999) expect(powerTwoProportions({ p1, p2, power: pw }).n).toBeCloseTo(n, 3);
    },
  );
  it('summarizes', () => {
    expect(summarizeMeasurement(powerTwoProportions({ p1: 0.5, p2: 0.75, n: 50 }))).toMatch(/detects a change in conversion rate from 50\.00% to 75\.00% with probability 74\.0%/);
  });
});
