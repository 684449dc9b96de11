import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { AudienceKitError } from '../../src/core/index.js';
import { defineSegment, selectSegment, type SegmentRuleInput } from '../../src/segments/index.js';

const DAY = 86_400_000;
const asOf = Date.UTC(2025, 5, 30);
const people = [
  { personId: 'a', age: 23, cityTier: 1, gender: 'f', interests: ['skincare', 'travel'] },
  { personId: 'b', age: 35, cityTier: 2, gender: 'm', interests: ['tech'] },
  { personId: 'c', age: 41, cityTier: 1, gender: 'f', interests: ['skincare', 'idol_x'] },
  { personId: 'd', cityTier: 3, gender: 'f', interests: [] }, // no age
  { personId: 'e', age: 29, cityTier: 2, gender: 'f', interests: ['idol_x'] },
];
const events = [
  { personId: 'a', time: asOf - 10 * DAY, type: 'purchase', channel: 'jd_search' },
  { personId: 'a', time: asOf - 400 * DAY, type: 'purchase', channel: 'jd_search' }, // outside 365 days
  { personId: 'b', time: asOf - 1 * DAY, type: 'follow', channel: 'official_account' },
  { personId: 'c', time: asOf - 100 * DAY, type: 'purchase', channel: 'mini_program' },
  { personId: 'c', time: asOf - 99 * DAY, type: 'purchase', channel: 'jd_recommend' },
  { personId: 'e', time: asOf + 1 * DAY, type: 'purchase', channel: 'jd_search' }, // after asOf: ignored
  { personId: 'e', time: asOf - 365 * DAY, type: 'purchase', channel: 'jd_search' }, // exactly at the window start: excluded (window is (asOf-365d, asOf])
  { personId: 'zz', time: asOf - 1 * DAY, type: 'purchase', channel: 'jd_search' }, // not in the population
];
const ids = (rule: SegmentRuleInput) => selectSegment(rule, people, { asOf, events }).ids;

describe('selectSegment (hand-worked)', () => {
  it('field comparisons', () => {
    expect(ids({ field: 'cityTier', op: 'eq', value: 1 })).toEqual(['a', 'c']);
    expect(ids({ field: 'cityTier', op: 'in', values: [2, 3] })).toEqual(['b', 'd', 'e']);
    expect(ids({ field: 'age', op: 'range', min: 25, max: 35 })).toEqual(['b', 'e']); // inclusive both ends; d has no age
    expect(ids({ field: 'interests', op: 'contains', value: 'skincare' })).toEqual(['a', 'c']);
    expect(ids({ field: 'interests', op: 'containsAny', values: ['tech', 'idol_x'] })).toEqual(['b', 'c', 'e']);
    expect(ids({ field: 'interests', op: 'containsAll', values: ['skincare', 'idol_x'] })).toEqual(['c']);
  });
  it('event conditions count events in (asOf − D, asOf]', () => {
    expect(ids({ event: { types: ['purchase'], withinDays: 365 } })).toEqual(['a', 'c']);
    expect(ids({ event: { types: ['purchase'], minCount: 2, withinDays: 365 } })).toEqual(['c']);
    expect(ids({ event: { types: ['follow', 'review'], channels: ['official_account'], withinDays: 30 } })).toEqual(['b']);
    expect(selectSegment({ event: { withinDays: 30 } }, people, { asOf, events }).unmatchedEvents).toBe(1);
  });
  it('and / or / not, and the skincare three-crowd case', () => {
    expect(ids({ and: [{ field: 'gender', op: 'eq', value: 'f' }, { not: { field: 'cityTier', op: 'eq', value: 1 } }] })).toEqual(['d', 'e']);
    const buyers = { event: { types: ['purchase'], withinDays: 365 } };
    const interacted = { event: { types: ['follow', 'review'], channels: ['official_account'], withinDays: 365 } };
    const fans = { field: 'interests', op: 'contains', value: 'idol_x' } as const;
    expect(ids({ or: [buyers, interacted, fans] })).toEqual(['a', 'b', 'c', 'e']);
    const sel = selectSegment({ or: [buyers, fans] }, people, { asOf, events });
    expect(Array.from(sel.indices)).toEqual([0, 2, 4]);
    expect(sel.count).toBe(3);
  });
  it('a missing field does not match; its not() does', () => {
    expect(ids({ not: { field: 'age', op: 'range', min: 0 } })).toEqual(['d']);
  });
  it('rules are JSON: a stored segment applies the same after a round trip', () => {
    const seg = defineSegment({ and: [{ field: 'cityTier', op: 'in', values: [1, 2] }, { event: { types: ['purchase'], withinDays: 365 } }] });
    expect(seg.conditions).toBe(2);
    const back = JSON.parse(JSON.stringify(seg)) as typeof seg;
    expect(selectSegment(back, people, { asOf, events }).ids).toEqual(selectSegment(seg, people, { asOf, events }).ids);
  });
  it('does not mutate its inputs', () => {
    const p = structuredClone(people), e = structuredClone(events);
    selectSegment({ or: [{ field: 'interests', op: 'contains', value: 'tech' }, { event: { withinDays: 9 } }] }, p, { asOf, events: e });
    expect(p).toEqual(people);
    expect(e).toEqual(events);
  });
});

describe('selectSegment errors name the rule path', () => {
  const err = (f: () => unknown) => { try { f(); } catch (e) { return e as AudienceKitError; } throw new Error('no error'); };
  it('unknown operator', () => {
    const e = err(() => defineSegment({ and: [{ field: 'age', op: 'eq', value: 1 }, { field: 'age', op: 'gt', value: 3 } as never] }));
    expect(e).toBeInstanceOf(AudienceKitError);
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain("and[1].op: unknown operator 'gt'");
  });
  it('unknown field', () => {
    expect(err(() => ids({ or: [{ field: 'cityTier', op: 'eq', value: 1 }, { field: 'citytier', op: 'eq', value: 1 }] })).message).toContain("or[1]: unknown field 'citytier'");
  });
  it('wrong value types, in the rule and in the data', () => {
    expect(err(() => defineSegment({ field: 'age', op: 'range', min: '3' } as never)).message).toMatch(/at min/);
    expect(err(() => defineSegment({ field: 'age', op: 'range', min: 5, max: 1 })).message).toMatch(/min <= max/);
    expect(err(() => ids({ field: 'gender', op: 'range', min: 1 })).message).toMatch(/needs a number, but people\[0\]\.gender is string/);
    expect(err(() => ids({ field: 'gender', op: 'contains', value: 'x' })).message).toMatch(/list of tags/);
  });
  it('asOf must be a time; events required for event conditions', () => {
    expect(err(() => selectSegment({ event: { withinDays: 3 } }, people, { events })).message).toMatch(/asOf is required/);
    expect(err(() => selectSegment({ event: { withinDays: 3 } }, people, { asOf: Number.NaN, events })).message).toMatch(/asOf/);
    expect(err(() => selectSegment({ event: { withinDays: 3 } }, people, { asOf })).message).toMatch(/events is required/);
    expect(err(() => selectSegment({ event: { withinDays: 3 } }, people, { asOf, events: [{ personId: 'a', time: 'x' }] })).message).toMatch(/events\[0\]\.time/);
  });
  it('combinators must be alone and non-empty', () => {
    expect(err(() => defineSegment({ and: [] })).message).toMatch(/non-empty/);
    expect(err(() => defineSegment({ and: [{ field: 'a', op: 'eq', value: 1 }], or: [] } as never)).message).toMatch(/only key/);
  });
});

// Random people and rules for the laws.
const personArb = fc.record({ personId: fc.string(), x: fc.integer({ min: 0, max: 9 }), tags: fc.subarray(['p', 'q', 'r']) });
const leafArb: fc.Arbitrary<SegmentRuleInput> = fc.oneof(
  fc.integer({ min: 0, max: 9 }).map((v) => ({ field: 'x', op: 'eq' as const, value: v })),
  fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })).map(([a, b]) => ({ field: 'x', op: 'range' as const, min: Math.min(a, b), max: Math.max(a, b) })),
  fc.constantFrom('p', 'q', 'r').map((t) => ({ field: 'tags', op: 'contains' as const, value: t })),
);
const ruleArb: fc.Arbitrary<SegmentRuleInput> = fc.letrec<{ rule: SegmentRuleInput }>((tie) => ({
  rule: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    leafArb,
    fc.array(tie('rule'), { minLength: 1, maxLength: 3 }).map((and) => ({ and })),
    fc.array(tie('rule'), { minLength: 1, maxLength: 3 }).map((or) => ({ or })),
    tie('rule').map((not) => ({ not }))),
})).rule;

const sel = (r: SegmentRuleInput, p: { personId: string; x: number; tags: string[] }[]) => Array.from(selectSegment(r, p).indices);

describe('laws (fast-check)', () => {
  test.prop([fc.array(personArb, { minLength: 1, maxLength: 40 }), ruleArb, ruleArb])('and = intersection, or = union, not = complement', (p, r1, r2) => {
    const a = new Set(sel(r1, p)), b = new Set(sel(r2, p));
    expect(sel({ and: [r1, r2] }, p)).toEqual(p.map((_, i) => i).filter((i) => a.has(i) && b.has(i)));
    expect(sel({ or: [r1, r2] }, p)).toEqual(p.map((_, i) => i).filter((i) => a.has(i) || b.has(i)));
    expect(sel({ not: r1 }, p)).toEqual(p.map((_, i) => i).filter((i) => !a.has(i)));
    expect(sel({ not: { not: r1 } }, p)).toEqual([...a]);
  });
  test.prop([fc.array(personArb, { minLength: 1, maxLength: 40 }), ruleArb])('a rule selects the same people whatever their order', (p, r) => {
    const rev = p.slice().reverse();
    const forward = sel(r, p).map((i) => p.length - 1 - i).sort((x, y) => x - y);
    expect(sel(r, rev)).toEqual(forward);
  });
});
