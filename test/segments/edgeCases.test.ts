/**
 * Regressions from a bug hunt (25 Nov): names every object inherits, people without ids in event
 * joins, unmatched events after asOf, complementary suppression next to tag lists, insight values
 * of two types, unsorted or out-of-range indices, and sizes of audiences under the privacy floor.
 * Expected values are worked by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { AudienceKitError } from '../../src/core/index.js';
import { audienceInsight, audienceOverlap, defineSegment, intersectionSize, selectSegment, unionAudiences } from '../../src/segments/index.js';

const people = [{ personId: 'a', x: 1 }, { personId: 'b', x: 2 }];

function codeOf(f: () => unknown): string | undefined {
  try { f(); } catch (e) { return e instanceof AudienceKitError ? e.code : `not an AudienceKitError: ${String(e)}`; }
  return undefined;
}

describe('segment rules and names every object inherits', () => {
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'])('operator %s is an unknown operator', (op) => {
    expect(codeOf(() => defineSegment({ field: 'x', op } as never))).toBe('INVALID_INPUT');
    expect(() => defineSegment({ field: 'x', op } as never)).toThrow(/unknown operator/);
  });
  it('a field named constructor that no row has is an unknown field, also under not', () => {
    expect(() => selectSegment({ field: 'constructor', op: 'eq', value: 1 }, people)).toThrow(/unknown field 'constructor'/);
    expect(() => selectSegment({ not: { field: 'toString', op: 'eq', value: 1 } }, people)).toThrow(/unknown field 'toString'/);
  });
  it('a row that does have such a field is read', () => {
    const rows = [{ personId: 'a', constructor: 'x' }, { personId: 'b', constructor: 'y' }];
    expect(selectSegment({ field: 'constructor', op: 'eq', value: 'y' }, rows).ids).toEqual(['b']);
  });
});

describe('event conditions', () => {
  it('a person row without an id is refused, not matched to events without one', () => {
    // Before: the row { x: 1 } and the event { time: 5 } both had personId undefined and were joined.
    const run = () => selectSegment({ not: { event: { withinDays: 1 } } }, [{ x: 1 }, { personId: 'b', x: 2 }], { asOf: 10, events: [{ time: 5 }] });
    expect(run).toThrow(/people\[0\]\.personId must be a string or number id/);
  });
  it('an event of an unknown person is unmatched whether before or after asOf', () => {
    const events = [{ personId: 'zz', time: 200 }, { personId: 'zz', time: 5000 }, { personId: 'a', time: 900 }, { personId: 'a', time: 5000 }];
    const s = selectSegment({ event: { withinDays: 1 } }, people, { asOf: 1000, events });
    expect(s.unmatchedEvents).toBe(2); // both 'zz' events; 'a' at 5000 is after asOf, not unmatched
    expect(s.ids).toEqual(['a']);
  });
});

describe('audienceInsight', () => {
  const opts = { minAudienceSize: 1, minCellCount: 2 };
  it('complementary suppression is not turned off by a tag list outside the audience', () => {
    // Audience rows 0..6: six 'a', one 'b'. Cell b (1 < 2) is hidden; the cells sum to 7, so a
    // shown a = 6 would reveal b = 1: a is hidden too. Row 7 (outside the audience) holds a list.
    const pop: object[] = [...Array.from({ length: 6 }, () => ({ c: 'a' })), { c: 'b' }, { c: ['z'] }];
    const r = audienceInsight([0, 1, 2, 3, 4, 5, 6], pop, ['c'], opts);
    if (r.withheld !== undefined) throw new Error('withheld');
    expect(r.cells).toEqual([]);
    expect(r.suppressedCells).toBe(2);
  });
  it('nor by members whose lists hold one tag each (their cells still sum to the audience size)', () => {
    const pop: object[] = [...Array.from({ length: 6 }, () => ({ c: ['a'] })), { c: ['b', 'b'] }];
    const r = audienceInsight([0, 1, 2, 3, 4, 5, 6], pop, ['c'], opts);
    if (r.withheld !== undefined) throw new Error('withheld');
    expect(r.suppressedCells).toBe(2);
  });
  it('a member with two tags: cells no longer sum to the audience size, only the small cell is hidden', () => {
    // Tags: a × 6 (rows 0–5), b × 1 (row 6, with a): a = 7 shown, b = 1 hidden; 7 = audience size
    // says nothing about b.
    const pop: object[] = [...Array.from({ length: 6 }, () => ({ c: ['a'] })), { c: ['a', 'b'] }];
    const r = audienceInsight([0, 1, 2, 3, 4, 5, 6], pop, ['c'], opts);
    if (r.withheld !== undefined) throw new Error('withheld');
    expect(r.cells.map((c) => [c.value, c.audienceCount])).toEqual([['a', 7]]);
    expect(r.suppressedCells).toBe(1);
  });
  it('the number 1 and the string "1" in one field are an error, not one cell', () => {
    // Before: one cell "1" with populationCount 2 (share 1, TGI 100); by hand they are two values.
    expect(() => audienceInsight([0], [{ c: 1 }, { c: '1' }], ['c'], { minAudienceSize: 1, minCellCount: 1 })).toThrow(/population\[1\]\.c holds a string that reads the same as a number/);
  });
  it('NaN, objects and rows that are not objects are errors naming the field and row', () => {
    const o = { minAudienceSize: 1, minCellCount: 1 };
    expect(() => audienceInsight([0], [{ c: 1 }, { c: Number.NaN }], ['c'], o)).toThrow(/population\[1\]\.c holds NaN/);
    expect(() => audienceInsight([0], [{ c: { a: 1 } }], ['c'], o)).toThrow(/population\[0\]\.c must hold a scalar/);
    expect(() => audienceInsight([0], [{ c: 1 }, null as never], ['c'], o)).toThrow(/population\[1\] must be an object/);
    expect(codeOf(() => audienceInsight([0], [{ c: 1 }, null as never], ['c'], o))).toBe('INVALID_INPUT');
    expect(() => audienceInsight([0], [{ c: 1 }], ['constructor'], o)).toThrow(/unknown field 'constructor'/);
  });
  it('an audience under the floor gets no size, in the result or in the reason', () => {
    for (const n of [3, 57]) {
      const r = audienceInsight(Array.from({ length: n }, (_, i) => i), Array.from({ length: 200 }, () => ({ c: 'a' })), ['c']);
      expect(r.withheld).toBe('audience is below the privacy floor of 100 people');
      expect(r.audienceSize).toBeNull();
    }
  });
});

describe('set operations and overlap', () => {
  it('intersectionSize refuses unsorted input (it gave 1 for [3, 1] and [1, 3]; the intersection has 2)', () => {
    expect(() => intersectionSize([3, 1], [1, 3])).toThrow(/a must be ascending and distinct/);
    expect(intersectionSize([1, 3], [1, 3])).toBe(2);
  });
  it('indices past 2^31 − 1 are refused (they wrapped to negative numbers in the Int32Array result)', () => {
    expect(() => unionAudiences([1], [2 ** 31])).toThrow(/audiences\[1\]\[0\] must be an integer index/);
    expect(Array.from(unionAudiences([2 ** 31 - 1], [1]))).toEqual([1, 2 ** 31 - 1]);
  });
  it('sizes of audiences under the floor are withheld too', () => {
    const big = Int32Array.from({ length: 150 }, (_, i) => i);
    const { sizes } = audienceOverlap([{ name: 'big', members: big }, { name: 'small', members: [1, 2, 3] }]);
    expect(sizes).toEqual([{ name: 'big', size: 150 }, { name: 'small', size: null }]);
  });
});
