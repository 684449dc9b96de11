import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { AudienceKitError, toEventColumns, type EventColumns } from '../../../src/core/index.js';
import { AIPL, FOUR_A, assignStages, defineStageModel, stageTransitions } from '../../../src/lifecycle/stages/index.js';
import { DAY, naiveStage, type Ev } from './oracle.js';

const T0 = Date.UTC(2026, 0, 5);

const chanModel = defineStageModel({
  name: 'chan', eventTypes: ['impression', 'click', 'purchase', 'share', 'review'], channels: ['a', 'b'], stages: [
    { name: 'seen', windowDays: 4, rules: [{ eventTypes: ['impression', 'click'], minCount: 2 }] },
    { name: 'bought', windowDays: 10, rules: [{ eventTypes: ['purchase'], channels: ['a'] }, { eventTypes: ['review'], windowDays: 2 }] },
    { name: 'loyal', windowDays: 20, rules: [{ eventTypes: ['purchase'], repeat: true, minCount: 2 }, { eventTypes: ['share'], channels: ['b'], minCount: 2 }] },
  ],
});
const minCountModel = defineStageModel({
  name: 'min2', eventTypes: ['impression', 'click', 'purchase', 'share', 'review'], stages: [
    { name: 's1', windowDays: 6, rules: [{ eventTypes: ['impression'], minCount: 2 }] },
    { name: 's2', windowDays: 9, rules: [{ eventTypes: ['purchase'], repeat: true }, { eventTypes: ['click'], minCount: 3 }] },
  ],
});

const arbEvents = fc.array(fc.record({
  personId: fc.integer({ min: 0, max: 40 }).map((k) => `id-${k}`),
  time: fc.integer({ min: -10, max: 60 }).map((h) => T0 + h * DAY / 2),
  type: fc.constantFrom('impression', 'click', 'purchase', 'share', 'review'),
  channel: fc.constantFrom('a', 'b'),
}), { maxLength: 150 });

/** Columns built by hand, as from Arrow: dictionaries in a different order than first appearance, Uint8 codes, an extra unused person and name. */
function handColumns(events: readonly Ev[], extraPerson: string): EventColumns {
  const personIds = [extraPerson, ...[...new Set(events.map((e) => e.personId))].reverse()];
  const eventTypes = ['unused-type', 'review', 'share', 'purchase', 'click', 'impression'];
  const channels = ['b', 'a'];
  return {
    kind: 'eventColumns', version: 1, personIds, eventTypes, channels,
    person: Int32Array.from(events, (e) => personIds.indexOf(e.personId)),
    time: Float64Array.from(events, (e) => e.time),
    type: Uint8Array.from(events, (e) => eventTypes.indexOf(e.type)),
    channel: Uint16Array.from(events, (e) => channels.indexOf(e.channel)),
  };
}

const snapshot = (c: EventColumns) => ({ ...c, personIds: [...c.personIds], person: c.person.slice(), time: c.time.slice(), type: c.type.slice(), channel: c.channel?.slice() });

test.prop([arbEvents, fc.integer({ min: -12, max: 64 }), fc.integer({ min: 0, max: 4 }), fc.constantFrom(FOUR_A, AIPL, chanModel, minCountModel)])(
  'columns give the same people, stages, distribution and evidence as the objects (and the oracle)',
  (events, h, N, model) => {
    const asOf = T0 + h * DAY / 2;
    const obj = assignStages(events, model, { asOf, evidenceLimit: N });
    const cols = toEventColumns(events);
    const before = snapshot(cols);
    const col = assignStages(cols, model, { asOf, evidenceLimit: N });
    expect(snapshot(cols)).toEqual(before); // inputs never mutated
    expect(col.distribution).toEqual(obj.distribution);
    expect(col.stages).toEqual(obj.stages);
    // builder rows are the input rows: evidence row i is events[i]
    expect(col.people.map((p) => ({ id: p.personId, code: p.code, stage: p.stage, ev: p.evidence.map((i) => events[i]) })))
      .toEqual(obj.people.map((p) => ({ id: p.personId, code: p.code, stage: p.stage, ev: p.evidence })));
    for (const p of col.people) expect(p.code).toBe(naiveStage(events, model, p.personId, asOf));
    // hand-built columns (other dictionary order, narrow codes, an extra person): same, the extra person is none
    const hand = handColumns(events, 'nobody');
    const hr = assignStages(hand, model, { asOf, evidenceLimit: N });
    expect(hr.people[0]).toEqual({ personId: 'nobody', stage: 'none', code: 0, evidence: [] });
    const byId = new Map(obj.people.map((p) => [p.personId, p]));
    for (const p of hr.people.slice(1)) {
      const o = byId.get(p.personId)!;
      expect({ code: p.code, ev: p.evidence.map((i) => events[i]) }).toEqual({ code: o.code, ev: o.evidence });
    }
  },
);

test.prop([arbEvents, fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom(FOUR_A, AIPL, chanModel, minCountModel)])(
  'stageTransitions on columns equals the object path',
  (events, count, lengthDays, model) => {
    const periods = { start: T0 - 5 * DAY, lengthDays, count };
    const obj = stageTransitions(events, model, { periods });
    expect(stageTransitions(toEventColumns(events), model, { periods })).toEqual(obj);
    const hand = stageTransitions(handColumns(events, 'nobody'), model, { periods });
    // the extra person is one more none → none per step
    expect(hand.people).toBe(obj.people + 1);
    hand.steps.forEach((s, k) => {
      const want = obj.steps[k]!.counts.map((r) => [...r]);
      want[0]![0]!++;
      expect(s.counts).toEqual(want);
    });
  },
);

describe('EventColumns — validation at the boundary', () => {
  const events: Ev[] = [
    { personId: 'a', time: T0, type: 'click', channel: 'a' },
    { personId: 'b', time: T0 + DAY, type: 'purchase', channel: 'b' },
  ];
  const asOf = T0 + 2 * DAY;
  const base = (): EventColumns => toEventColumns(events);
  const fails = (cols: unknown, path: string, model = FOUR_A) => {
    let err: unknown;
    try { assignStages(cols as EventColumns, model, { asOf }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(AudienceKitError);
    expect((err as AudienceKitError).code).toBe('INVALID_INPUT');
    expect((err as Error).message).toContain(path);
    return err as AudienceKitError;
  };
  it('the builder interns in order of first appearance', () => {
    const c = base();
    expect(c.personIds).toEqual(['a', 'b']);
    expect(c.eventTypes).toEqual(['click', 'purchase']);
    expect(Array.from(c.person)).toEqual([0, 1]);
    expect(assignStages(c, FOUR_A, { asOf }).people.map((p) => [p.personId, p.stage, p.evidence])).toEqual([['a', 'appeal', [0]], ['b', 'act', [1]]]);
  });
  it('names the column and row', () => {
    fails({ ...base(), person: Int32Array.of(0) }, 'columns.person');
    fails({ ...base(), type: Int32Array.of(0, 1, 1) }, 'columns.type');
    fails({ ...base(), person: Int32Array.of(0, 2) }, 'columns.person[1]');
    fails({ ...base(), person: Int32Array.of(-1, 0) }, 'columns.person[0]');
    fails({ ...base(), time: Float64Array.of(T0, NaN) }, 'columns.time[1]');
    fails({ ...base(), time: Float64Array.of(Infinity, T0) }, 'columns.time[0]');
    fails({ ...base(), type: Int32Array.of(0, 5) }, 'columns.type[1]');
    const e = fails({ ...base(), eventTypes: ['click', 'teleport'] }, 'columns.type[1]');
    expect(e.message).toContain('unknown event type "teleport"');
    fails({ ...base(), personIds: ['a', 'a'] }, 'columns.personIds[1]');
    fails({ ...base(), personIds: ['a', ''] }, 'columns.personIds[1]');
    fails({ ...base(), person: [0, 1] }, 'columns.person');
    fails({ ...base(), time: [T0, T0] }, 'columns.time');
    fails({ ...base(), version: 2 }, 'columns.version');
  });
  it('channels are checked only when a rule filters by channel', () => {
    const { channel: _c, channels: _cs, ...noCh } = base();
    expect(assignStages(noCh, FOUR_A, { asOf }).distribution).toEqual([0, 0, 1, 1, 0]);
    const m = defineStageModel({ name: 'm', eventTypes: ['click', 'purchase'], channels: ['a', 'b'], stages: [{ name: 's', windowDays: 9, rules: [{ eventTypes: ['click'], channels: ['a'] }] }] });
    const chanEvents = events.map((e) => ({ ...e, type: 'click' }));
    fails({ ...toEventColumns(chanEvents), channel: undefined }, 'columns.channel', m);
    fails({ ...toEventColumns(chanEvents), channel: Int32Array.of(0, -1) }, 'columns.channel[1]', m);
    fails({ ...toEventColumns(chanEvents), channel: Int32Array.of(0, 2) }, 'columns.channel[1]', m);
    fails({ ...toEventColumns(chanEvents), channels: ['a', 'zz'] }, 'columns.channel[1]', m);
    expect(assignStages(toEventColumns(chanEvents), m, { asOf }).distribution).toEqual([1, 1]);
  });
  it('fields and people do not apply; the builder reports bad objects by row', () => {
    expect(() => assignStages(base(), FOUR_A, { asOf, people: ['a'] })).toThrow(/people/);
    expect(() => stageTransitions(base(), FOUR_A, { periods: [T0, asOf], people: ['a'] })).toThrow(/people/);
    expect(() => toEventColumns([{ personId: 'a', time: 'x', type: 'click' }])).toThrow(/events\[0\]\.time/);
    expect(() => toEventColumns([{ personId: 'a', time: 1, type: 'click' }, { personId: '', time: 1, type: 'click' }])).toThrow(/events\[1\]\.personId/);
    expect(toEventColumns([{ uid: 'u', ts: 1, kind: 'click' }], { fields: { personId: 'uid', time: 'ts', type: 'kind' } }).personIds).toEqual(['u']);
  });
});

it('only a frozen personIds array is remembered as checked: an in-place edit of an unfrozen one is caught on the next call', () => {
  const cols = toEventColumns([{ personId: 'a', time: T0, type: 'click' }, { personId: 'b', time: T0, type: 'click' }]);
  expect(Object.isFrozen(cols.personIds)).toBe(true);
  expect(assignStages(cols, FOUR_A, { asOf: T0 }).distribution).toEqual([0, 0, 2, 0, 0]);
  expect(() => assignStages({ ...cols, personIds: ['a', 'a'] }, FOUR_A, { asOf: T0 })).toThrow(/columns\.personIds\[1\]/);
  // A caller's own (unfrozen) array: checked, then edited in place, then used again.
  const ids = ['a', 'b'];
  const mine = { ...cols, personIds: ids };
  expect(assignStages(mine, FOUR_A, { asOf: T0 }).distribution).toEqual([0, 0, 2, 0, 0]);
  ids[1] = 'a';
  expect(() => assignStages(mine, FOUR_A, { asOf: T0 })).toThrow(/columns\.personIds\[1\]/);
  ids[1] = 42 as unknown as string;
  expect(() => assignStages(mine, FOUR_A, { asOf: T0 })).toThrow(/columns\.personIds\[1\]/);
});

it('accepts Int8 / Int16 code columns (Arrow dictionary indices) with the same result', () => {
  const cols = toEventColumns([{ personId: 'a', time: T0, type: 'click', channel: 'm' }, { personId: 'b', time: T0 - DAY, type: 'purchase' }]);
  const want = assignStages(cols, FOUR_A, { asOf: T0 }).distribution;
  expect(assignStages({ ...cols, type: Int8Array.from(cols.type), channel: Int8Array.from(cols.channel) }, FOUR_A, { asOf: T0 }).distribution).toEqual(want);
  expect(assignStages({ ...cols, type: Int16Array.from(cols.type), channel: Int16Array.from(cols.channel) }, FOUR_A, { asOf: T0 }).distribution).toEqual(want);
  expect(() => assignStages({ ...cols, type: Float32Array.from(cols.type) as unknown as Int32Array }, FOUR_A, { asOf: T0 })).toThrow(/columns\.type must be an integer typed array/);
});

it('stageTransitions on columns with options missing is an INVALID_OPTION, not a TypeError', () => {
  const cols = toEventColumns([{ personId: 'a', time: T0, type: 'click' }]);
  let err: unknown;
  try { stageTransitions(cols, FOUR_A, undefined as unknown as { periods: number[] }); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(AudienceKitError);
  expect((err as AudienceKitError).code).toBe('INVALID_OPTION');
});
