import { describe, expect, it } from 'vitest';
import { stageLift, summarizeMeasurement } from '../../src/measurement/index.js';

const stages = ['none', 'aware', 'appeal', 'act'];
describe('stageLift', () => {
  // Treatment (4 people): 0→1, 1→3, 2→2, 3→3: moved up 2/4. Control (4): 0→0, 1→1, 2→3, 3→2: moved up 1/4.
  // Reach 'act' (s = 3): treatment below before = {0,1,2} (3 people), reached = person 2 (1→3) → 1/3;
  // control below = {0,1,2} (3), reached = person 3 (2→3) → 1/3.
  const input = { treatment: { before: [0, 1, 2, 3], after: [1, 3, 2, 3] }, control: { before: [0, 1, 2, 3], after: [0, 1, 3, 2] } };
  it('hand-worked matrices and shares', () => {
    const r = stageLift(input, { stages });
    expect(r.transitions.treatment.counts).toEqual([[0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0], [0, 0, 0, 1]]);
    expect(r.transitions.control.probabilities[3]).toEqual([0, 0, 1, 0]);
    expect(r.movedUp.treatment).toBe(0.5);
    expect(r.movedUp.control).toBe(0.25);
    expect(r.movedUp.lift.estimate).toBeCloseTo(0.25, 14);
    const act = r.reach.find((x) => x.stage === 'act')!;
    expect([act.treatment, act.control, act.base.treatment]).toEqual([1 / 3, 1 / 3, 3]);
    for (const m of [r.transitions.treatment.probabilities, r.transitions.control.probabilities]) for (const row of m) expect(row.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 14);
    expect(summarizeMeasurement(r)).toMatch(/^50\.0% of the campaign group moved up at least one stage vs 25\.0% of the holdout/);
  });
  it('refuses out-of-range stages and mismatched lengths', () => {
    expect(() => stageLift({ treatment: { before: [0, 4], after: [0, 1] }, control: input.control }, { stages })).toThrow(/treatment\.before\[1\] = 4/);
    expect(() => stageLift({ treatment: { before: [0], after: [0, 1] }, control: input.control }, { stages })).toThrow(expect.objectContaining({ code: 'DIMENSION_MISMATCH' }) as Error);
  });
});
