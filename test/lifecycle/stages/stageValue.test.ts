import { describe, expect, it } from 'vitest';
import { AudienceKitError } from '../../../src/core/index.js';
import { FOUR_A, assignStages, stageValue } from '../../../src/lifecycle/stages/index.js';

const staged = {
  stages: ['none', 'aware', 'appeal', 'act', 'advocate'],
  people: [
    { personId: 'n1', code: 0 }, { personId: 'w1', code: 1 }, { personId: 'a1', code: 2 }, { personId: 'a2', code: 2 },
    { personId: 'b1', code: 3 }, { personId: 'b2', code: 3 }, { personId: 'b3', code: 3 },
  ],
};
const values = new Map([['a1', 10], ['b1', 100], ['b2', 200], ['b3', 60], ['zz', 999]]);

describe('stageValue', () => {
  it('means per stage and the value of moving up, missing = zero', () => {
    // appeal: (10 + 0) / 2 = 5; act: (100 + 200 + 60) / 3 = 120; appeal → act: 120 − 5 = 115
    const r = stageValue(staged, values);
    expect(r.stages.map((s) => s.mean)).toEqual([0, 0, 5, 120, null]);
    expect(r.stages.map((s) => s.people)).toEqual([1, 1, 2, 3, 0]);
    expect(r.upgrades).toEqual([
      { from: 'none', to: 'aware', value: 0 }, { from: 'aware', to: 'appeal', value: 5 },
      { from: 'appeal', to: 'act', value: 115 }, { from: 'act', to: 'advocate', value: null },
    ]);
  });
  it('missing = exclude leaves people without a value out of the mean', () => {
    // appeal: only a1 valued → 10; act 120 → upgrade 110; none and aware have no valued person → null
    const r = stageValue(staged, [...values].map(([personId, value]) => ({ personId, value })), { missing: 'exclude' });
    expect(r.stages.map((s) => [s.valued, s.mean])).toEqual([[0, null], [0, null], [1, 10], [3, 120], [0, null]]);
    expect(r.upgrades[2]).toEqual({ from: 'appeal', to: 'act', value: 110 });
  });
  it('takes any ReadonlyMap of values, not only a Map instance', () => {
    const view: ReadonlyMap<string, number> = {
      get: (k) => values.get(k), has: (k) => values.has(k), keys: () => values.keys(), values: () => values.values(), entries: () => values.entries(),
      forEach: (cb) => { values.forEach((v, k) => { cb(v, k, view); }); }, size: values.size, [Symbol.iterator]: () => values.entries(),
    };
    expect(stageValue(staged, view)).toEqual(stageValue(staged, values));
  });
  it('takes an assignment directly', () => {
    const a = assignStages([{ personId: 'x', time: 1, type: 'purchase' }], FOUR_A, { asOf: 2 });
    expect(stageValue(a, new Map([['x', 42]])).stages[3]).toMatchObject({ stage: 'act', people: 1, mean: 42 });
  });
  it('bad values', () => {
    const code = (f: () => unknown) => { try { f(); } catch (e) { return [(e as AudienceKitError).code, (e as AudienceKitError).message]; } return ['no error', '']; };
    expect(code(() => stageValue(staged, [{ personId: 'a1', value: NaN }]))).toEqual(['INVALID_INPUT', expect.stringContaining('values[0].value') as string]);
    expect(code(() => stageValue(staged, [{ personId: 'a1', value: 1 }, { personId: 'a1', value: 2 }]))[1]).toContain('values[1].personId');
    expect(code(() => stageValue(staged, new Map([['a1', Infinity]])))[0]).toBe('INVALID_INPUT');
    expect(code(() => stageValue({ stages: ['none'], people: [{ personId: 'q', code: 3 }] }, new Map()))[1]).toContain('people[0].code');
    expect(code(() => stageValue(staged, new Map(), { missing: 'maybe' as 'zero' }))[0]).toBe('INVALID_OPTION');
  });
});
