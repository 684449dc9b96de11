import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { differenceAudiences, intersectAudiences, unionAudiences, intersectionSize } from '../../src/segments/index.js';

const setArb = fc.uniqueArray(fc.integer({ min: 0, max: 60 }), { maxLength: 30 }).map((a) => Int32Array.from(a.sort((x, y) => x - y)));
const arr = (a: Int32Array) => Array.from(a);

describe('set operations', () => {
  it('hand-worked', () => {
    expect(arr(unionAudiences([1, 3], [2, 3]))).toEqual([1, 2, 3]);
    expect(arr(intersectAudiences([1, 2, 3], [2, 3, 4], [3]))).toEqual([3]);
    expect(arr(differenceAudiences([1, 2, 3], [2]))).toEqual([1, 3]);
    expect(intersectionSize([1, 2, 3], [0, 2, 3, 9])).toBe(2);
  });
  it('refuses unsorted or duplicated members', () => {
    expect(() => unionAudiences([3, 1])).toThrow(/ascending and distinct/);
    expect(() => differenceAudiences([1, 1], [])).toThrow(/ascending and distinct/);
  });
  test.prop([setArb, setArb, setArb])('union/intersection laws: commutative, associative, distributive, de Morgan via difference', (a, b, c) => {
    expect(arr(unionAudiences(a, b))).toEqual(arr(unionAudiences(b, a)));
    expect(arr(intersectAudiences(a, b))).toEqual(arr(intersectAudiences(b, a)));
    expect(arr(unionAudiences(unionAudiences(a, b), c))).toEqual(arr(unionAudiences(a, unionAudiences(b, c))));
    expect(arr(intersectAudiences(a, unionAudiences(b, c)))).toEqual(arr(unionAudiences(intersectAudiences(a, b), intersectAudiences(a, c))));
    // A \ (B ∪ C) = (A \ B) ∩ (A \ C)
    expect(arr(differenceAudiences(a, unionAudiences(b, c)))).toEqual(arr(intersectAudiences(differenceAudiences(a, b), differenceAudiences(a, c))));
    expect(intersectionSize(a, b)).toBe(intersectAudiences(a, b).length);
    // |A ∪ B| = |A| + |B| − |A ∩ B|
    expect(unionAudiences(a, b).length).toBe(a.length + b.length - intersectionSize(a, b));
  });
});
