import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { expandAudience } from '../../src/lookalike/index.js';

const err = (code: string, text?: string) => expect.objectContaining(text === undefined ? { code } : { code, message: expect.stringContaining(text) as string }) as Error;

describe('expandAudience', () => {
  it('hand-worked: ties to the lower index, seeds excluded, cut-off returned', () => {
    const scores = new Float32Array([0.2, 0.9, 0.5, 0.9, 0.5]);
    const r = expandAudience(scores, { size: 3 });
    expect(Array.from(r.indices)).toEqual([1, 3, 2]); // 0.9 (idx 1), 0.9 (idx 3), 0.5 (idx 2 before 4)
    expect(r.cutoff).toBe(0.5);
    const x = expandAudience(scores, { size: 2 }, { exclude: [1, 1] });
    expect(Array.from(x.indices)).toEqual([3, 2]);
    expect(x.eligible).toBe(4); // duplicate exclude counted once
  });
  it('reach is a fraction of the eligible candidates, rounded, at least 1', () => {
    const scores = Float64Array.from({ length: 200 }, (_, i) => i);
    expect(expandAudience(scores, { reach: 0.05 }).indices).toHaveLength(10);
    expect(expandAudience(scores, { reach: 0.05 }, { exclude: Array.from({ length: 100 }, (_, i) => i) }).indices).toHaveLength(5);
    expect(expandAudience(scores, { reach: 0.001 }).indices).toHaveLength(1); // round(0.2) = 0 → at least 1
    expect(expandAudience(scores, { reach: 1 }).indices).toHaveLength(200);
  });
  it('a size above the eligible count returns every eligible candidate', () => {
    expect(Array.from(expandAudience([3, 1, 2], { size: 10 }, { exclude: [0] }).indices)).toEqual([2, 1]);
  });
  test.prop([fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 70 }), fc.array(fc.nat(), { maxLength: 10 })])(
    'equals the first `size` of a stable full sort (ties → lower index), without excluded indices',
    (vals, size, ex) => {
      const exclude = ex.map((e) => e % vals.length);
      fc.pre(new Set(exclude).size < vals.length);
      const r = expandAudience(vals, { size }, { exclude });
      const full = vals.map((_, i) => i).filter((i) => !exclude.includes(i)).sort((a, b) => vals[b]! - vals[a]! || a - b);
      expect(Array.from(r.indices)).toEqual(full.slice(0, size));
      expect(r.cutoff).toBe(vals[full[Math.min(size, full.length) - 1]!]);
    },
  );
  it('bad input: reach outside (0, 1], bad size, NaN score, out-of-range exclude, nothing eligible', () => {
    expect(() => expandAudience([1, 2], { reach: 0 })).toThrow(err('INVALID_OPTION', 'reach'));
    expect(() => expandAudience([1, 2], { reach: 1.5 })).toThrow(err('INVALID_OPTION', 'reach must be in (0, 1]'));
    expect(() => expandAudience([1, 2], { reach: -0.1 })).toThrow(err('INVALID_OPTION'));
    expect(() => expandAudience([1, 2], { size: 0 })).toThrow(err('INVALID_OPTION', 'size'));
    expect(() => expandAudience([1, 2], { size: 1.5 })).toThrow(err('INVALID_OPTION'));
    expect(() => expandAudience([1, NaN], { size: 1 })).toThrow(err('INVALID_INPUT', 'scores[1]'));
    expect(() => expandAudience([1, 2], { size: 1 }, { exclude: [2] })).toThrow(err('INVALID_OPTION', 'exclude[0]'));
    expect(() => expandAudience([1, 2], { size: 1 }, { exclude: [0, 1] })).toThrow(err('EMPTY_INPUT'));
  });
  it('a decimal reach takes what it reads (0.145 × 100 is 14.499999999999998 in binary)', () => {
    // By hand: 14.5% of 100 eligible is 14.5 people, rounded half up to 15; 12.5% of 100 is 12.5 → 13;
    // 1% of 250 is 2.5 → 3; 0.7% of 1,000 is 7.000000000000001 in binary → 7.
    const scores = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(expandAudience(scores, { reach: 0.145 }).indices.length).toBe(15);
    expect(expandAudience(scores, { reach: 0.125 }).indices.length).toBe(13);
    expect(expandAudience(Array.from({ length: 250 }, (_, i) => -i), { reach: 0.01 }).indices.length).toBe(3);
    expect(expandAudience(Array.from({ length: 1000 }, (_, i) => -i), { reach: 0.007 }).indices.length).toBe(7);
  });
});
