import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { AudienceKitError, accumulate, mergeAll } from '../../../src/core/index.js';
import { AIPL, FOUR_A, defineStageModel, stageFlows, stageTransitionSummary, stageTransitions } from '../../../src/lifecycle/stages/index.js';
import { DAY, naiveStage, type Ev } from './oracle.js';

const T0 = Date.UTC(2026, 0, 5);
const ev = (personId: string, d: number, type: string): Ev => ({ personId, time: T0 + d * DAY, type, channel: 'qq_feed' });
const periods = { start: T0, lengthDays: 7, count: 3 }; // ends: day 7 − 1 ms, day 14 − 1 ms, day 21 − 1 ms

describe('stageTransitions — hand-worked weekly example', () => {
  const events = [
    ev('a', 1, 'impression'), //                        aware, aware, aware (28-day window holds day 1 at all three ends)
    ev('b', 3, 'click'), ev('b', 10, 'purchase'), //   appeal, act, act
    ev('c', 2, 'purchase'), ev('c', 16, 'purchase'), // act, act, advocate (repeat at day 16)
    ev('d', 20, 'impression'), //                       none, none, aware
  ];
  const t = stageTransitions(events, FOUR_A, { periods });
  it('per-step and pooled counts', () => {
    expect(t.ends).toEqual([T0 + 7 * DAY - 1, T0 + 14 * DAY - 1, T0 + 21 * DAY - 1]);
    // step 0: a aware→aware, b appeal→act, c act→act, d none→none
    expect(t.steps[0]!.counts).toEqual([[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 0]]);
    // step 1: a aware→aware, b act→act, c act→advocate, d none→aware
    expect(t.steps[1]!.counts).toEqual([[0, 1, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 1, 1], [0, 0, 0, 0, 0]]);
    expect(t.counts).toEqual([[1, 1, 0, 0, 0], [0, 2, 0, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 2, 1], [0, 0, 0, 0, 0]]);
    expect(t.people).toBe(4);
  });
  it('row-stochastic probabilities; a stage never visited keeps the identity row', () => {
    expect(t.probabilities[0]).toEqual([0.5, 0.5, 0, 0, 0]);
    expect(t.probabilities[3]![3]).toBeCloseTo(2 / 3, 15);
    expect(t.probabilities[3]![4]).toBeCloseTo(1 / 3, 15);
    expect(t.probabilities[4]).toEqual([0, 0, 0, 0, 1]);
    for (const row of t.probabilities) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
  it('a roster adds none → none for people without events', () => {
    expect(stageTransitions(events, FOUR_A, { periods, people: ['z'] }).counts[0]).toEqual([3, 1, 0, 0, 0]);
  });
  it('stageFlows gives Sankey rows', () => {
    const rows = stageFlows(t, { step: 1 });
    expect(rows).toContainEqual({ source: 'act@1', target: 'advocate@2', from: 'act', to: 'advocate', step: 1, count: 1 });
    expect(rows.reduce((s, r) => s + r.count, 0)).toBe(4);
    expect(stageFlows(t).length).toBe(4 + 4);
    expect(stageFlows(t, { step: 0, includeZero: true }).length).toBe(25);
    expect(() => stageFlows(t, { step: 2 })).toThrow(AudienceKitError);
  });
  it('explicit period ends give the same answer', () => {
    expect(stageTransitions(events, FOUR_A, { periods: t.ends.slice() }).counts).toEqual(t.counts);
  });
});

describe('stageTransitions — bad input', () => {
  const code = (f: () => unknown) => { try { f(); } catch (e) { return (e as AudienceKitError).code; } return 'no error'; };
  it('empty or non-increasing periods', () => {
    expect(code(() => stageTransitions([], FOUR_A, { periods: [] }))).toBe('EMPTY_INPUT');
    expect(code(() => stageTransitions([], FOUR_A, { periods: [5] }))).toBe('EMPTY_INPUT');
    expect(code(() => stageTransitions([], FOUR_A, { periods: { start: 0, lengthDays: 7, count: 1 } }))).toBe('EMPTY_INPUT');
    expect(code(() => stageTransitions([], FOUR_A, { periods: [5, 5] }))).toBe('INVALID_OPTION');
    expect(code(() => stageTransitions([], FOUR_A, { periods: { start: 0, lengthDays: -7, count: 3 } }))).toBe('INVALID_OPTION');
    expect(code(() => stageTransitions([{ personId: 'a', time: 0, type: 'tweet' }], FOUR_A, { periods }))).toBe('INVALID_INPUT');
  });
  it('each person-id getter runs once; errors come in input order, across blocks of 32 events', () => {
    const message = (f: () => unknown) => { try { f(); } catch (e) { return (e as Error).message; } return 'no error'; };
    let reads = 0;
    const evs: Ev[] = Array.from({ length: 70 }, (_, i) => ({ time: T0 + (i % 20) * DAY, type: 'click', channel: 'qq_feed', get personId() { reads++; return `p${i % 4}`; } }));
    const plain = evs.map((e, i) => ({ ...ev(`p${i % 4}`, 0, 'click'), time: e.time }));
    reads = 0;
    expect(stageTransitions(evs, FOUR_A, { periods }).counts).toEqual(stageTransitions(plain, FOUR_A, { periods }).counts);
    expect(reads).toBe(70);
    // A bad type at event 36 and, a few events later, a person-id getter that throws (event 40): the type is reported.
    const broken: Ev[] = plain.slice();
    broken[36] = ev('p1', 1, 'tweet');
    broken[40] = { time: T0, type: 'click', channel: 'qq_feed', get personId(): string { throw new Error('row 40 not loaded'); } };
    expect(message(() => stageTransitions(broken, FOUR_A, { periods }))).toContain('events[36].type');
    broken[36] = plain[36]!;
    expect(message(() => stageTransitions(broken, FOUR_A, { periods }))).toBe('row 40 not loaded');
    broken[40] = { ...plain[40]!, personId: '' };
    expect(message(() => stageTransitions(broken, FOUR_A, { periods }))).toContain('events[40].personId');
  });
  it('states of another model or other periods do not merge; fromJSON validates', () => {
    const a = stageTransitionSummary(FOUR_A, { periods });
    const b = stageTransitionSummary(AIPL, { periods });
    expect(code(() => a.merge(a.empty(), b.empty()))).toBe('INVALID_INPUT');
    expect(code(() => a.fromJSON({ ...a.toJSON(a.empty()) as object, counts: [[1]] }))).toBe('INVALID_INPUT');
    expect(code(() => a.fromJSON({ ...a.toJSON(a.empty()) as object, people: -1 }))).toBe('INVALID_INPUT');
  });
});

// Random timelines: counts equal the oracle's stages at consecutive ends; the summary over shards
// split by person merges to the fit over all, in any order, and survives a JSON round trip.
const arbEvents = fc.array(fc.record({
  personId: fc.constantFrom('p0', 'p1', 'p2', 'p3', 'p4'),
  time: fc.integer({ min: -60, max: 60 }).map((d) => T0 + d * DAY + 7),
  type: fc.constantFrom('impression', 'click', 'purchase', 'share'),
  channel: fc.constant('x'),
}), { maxLength: 50 });
const P4 = { start: T0 - 10 * DAY, lengthDays: 10, count: 4 };

test.prop([arbEvents])('counts agree with the oracle at every period end', (events) => {
  const t = stageTransitions(events, FOUR_A, { periods: P4 });
  const ids = [...new Set(events.map((e) => e.personId))];
  t.steps.forEach((s, k) => {
    const want = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
    for (const id of ids) want[naiveStage(events, FOUR_A, id, t.ends[k]!)]![naiveStage(events, FOUR_A, id, t.ends[k + 1]!)]!++;
    expect(s.counts).toEqual(want);
  });
  for (const row of t.probabilities) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
});

test.prop([arbEvents, fc.integer({ min: 0, max: 31 })])('fit(A ∪ B) = merge(fit(A), fit(B)); merge commutes and associates; JSON round trip', (events, split) => {
  const s = stageTransitionSummary(FOUR_A, { periods: P4 });
  const shard = (k: number) => events.filter((e) => ((split >> Number(e.personId.slice(1))) & 1) === k);
  const [a, b] = [accumulate(s, [shard(0)]), accumulate(s, [shard(1)])];
  const whole = stageTransitions(events, FOUR_A, { periods: P4 });
  expect(s.finish(s.merge(a, b))).toEqual(whole);
  expect(s.merge(a, b)).toEqual(s.merge(b, a));
  const c = accumulate(s, [events.slice(0, 3)]);
  expect(s.merge(s.merge(a, b), c)).toEqual(s.merge(a, s.merge(b, c)));
  expect(s.finish(mergeAll(s, [s.fromJSON(JSON.parse(JSON.stringify(s.toJSON(a)))), b]))).toEqual(whole);
});

// The one-pass bit-set kernel (all rules minCount 1, up to 128 ends) and the sort-and-sweep path
// (minCount > 1) against the oracle: many ends (bit sets spanning several 32-bit words), same-time
// ties (a coarse time grid), repeat purchases, lapses, events before/after all ends, shuffled input.
const minCountModel = defineStageModel({
  name: 'min2', eventTypes: ['impression', 'click', 'purchase', 'share'], stages: [
    { name: 's1', windowDays: 6, rules: [{ eventTypes: ['impression'], minCount: 2 }] },
    { name: 's2', windowDays: 9, rules: [{ eventTypes: ['purchase'], repeat: true }, { eventTypes: ['click'], minCount: 3 }] },
  ],
});
const arbTimeline = fc.array(fc.record({
  personId: fc.constantFrom('p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6'),
  time: fc.integer({ min: -20, max: 150 }).map((d) => T0 + d * DAY),
  type: fc.constantFrom('impression', 'click', 'purchase', 'share'),
  channel: fc.constant('x'),
}), { maxLength: 80 });

test.prop([arbTimeline, fc.integer({ min: 2, max: 70 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom(FOUR_A, AIPL, minCountModel)])(
  'bit-set and sort paths agree with the oracle for many ends, ties and shuffled input',
  (events, count, lengthDays, model) => {
    const t = stageTransitions([...events].reverse(), model, { periods: { start: T0, lengthDays, count } });
    const ids = [...new Set(events.map((e) => e.personId))];
    const S = model.stages.length + 1;
    t.steps.forEach((s, k) => {
      const want = Array.from({ length: S }, () => new Array<number>(S).fill(0));
      for (const id of ids) want[naiveStage(events, model, id, t.ends[k]!)]![naiveStage(events, model, id, t.ends[k + 1]!)]!++;
      expect(s.counts).toEqual(want);
    });
  },
);
