/**
 * `eventLayout: 'columns'`: the same events as the object layout, row for row, and the rest of
 * the world unchanged; the columns are valid core EventColumns that the stage functions accept.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { AudienceKitError, isEventColumns } from '../../src/core/index.js';
import { FOUR_A, assignStages } from '../../src/lifecycle/stages/index.js';
import { CHANNELS, EVENT_TYPES, STAGES, simulateWorld, stageAt, summarizeWorld, type ColumnarWorld, type SimulateOptions, type World } from '../../src/simulate/index.js';

/** The world's JSON without its events (Maps and Sets as entries). */
function restOf(w: World | ColumnarWorld): string {
  const { events: _events, options, ...rest } = w;
  const { eventLayout: _layout, ...opts } = options;
  return JSON.stringify({
    ...rest,
    options: opts,
    truth: { ...w.truth, personOfIdentifier: [...w.truth.personOfIdentifier], sharedIdentifiers: [...w.truth.sharedIdentifiers], junkIdentifiers: [...w.truth.junkIdentifiers] },
  });
}

/** Row k of the columns read back as the object layout writes it. */
function rowAsObject(w: ColumnarWorld, k: number): object {
  const e = w.events;
  const type = e.eventTypes[e.type[k]!]!;
  const base = { personId: e.personIds[e.person[k]!]!, time: e.time[k]!, type, channel: e.channels[e.channel[k]!]! };
  return type === 'purchase' ? { ...base, value: e.value[k]! } : base;
}

describe("simulateWorld eventLayout: 'columns'", () => {
  test.prop([fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 30 }), fc.boolean()], { numRuns: 12 })(
    'row k equals event k of the object layout; everything else is the same world',
    (people, seed, weeks, campaign) => {
      const opts = { people, seed, weeks, ...(campaign && weeks >= 3 ? { campaign: { startWeek: 1, weeks: 2 } } : {}) };
      const objects = simulateWorld(opts);
      const columns = simulateWorld({ ...opts, eventLayout: 'columns' });
      expect(columns.events.kind).toBe('eventColumns');
      expect(columns.events.time.length).toBe(objects.events.length);
      for (let k = 0; k < objects.events.length; k++) expect(rowAsObject(columns, k)).toEqual(objects.events[k]);
      // NaN exactly where the object layout has no value.
      for (let k = 0; k < objects.events.length; k++) expect(Number.isNaN(columns.events.value[k]!)).toBe(objects.events[k]!.value === undefined);
      expect(restOf(columns)).toBe(restOf(objects));
      expect(summarizeWorld(columns)).toEqual(summarizeWorld(objects));
    },
  );

  it('both radix parities row for row: 4 weeks (2 passes: the events are generated into the target columns) and 30 weeks (3 passes: into the spare ones); the buffer holds nothing but the columns and zeros', () => {
    for (const weeks of [4, 30]) {
      const objects = simulateWorld({ people: 200, seed: 3, weeks });
      const columns = simulateWorld({ people: 200, seed: 3, weeks, eventLayout: 'columns' });
      expect(columns.events.time.length).toBe(objects.events.length);
      for (let k = 0; k < objects.events.length; k++) expect(rowAsObject(columns, k)).toEqual(objects.events[k]);
      // Every byte of the shared buffer outside the five column views is zero (no work data left behind).
      const e = columns.events, bytes = new Uint8Array(e.time.buffer);
      const inView = new Uint8Array(bytes.length);
      for (const v of [e.time, e.value, e.person, e.type, e.channel]) inView.fill(1, v.byteOffset, v.byteOffset + v.byteLength);
      let stray = 0;
      for (let b = 0; b < bytes.length; b++) if (inView[b] === 0 && bytes[b] !== 0) stray++;
      expect(stray).toBe(0);
    }
  });

  it('more events than the presized capacity (16 a person): the growth path gives the same rows, the columns still one buffer', () => {
    const opts = { people: 1, weeks: 520, exposureRates: { wechat_moments: 50, qq_feed: 50 } };
    const objects = simulateWorld(opts);
    const columns = simulateWorld({ ...opts, eventLayout: 'columns' });
    expect(objects.events.length).toBeGreaterThan(16 + 1024);
    expect(columns.events.time.length).toBe(objects.events.length);
    for (let k = 0; k < objects.events.length; k++) expect(rowAsObject(columns, k)).toEqual(objects.events[k]);
    const e = columns.events;
    expect(new Set([e.time.buffer, e.value.buffer, e.person.buffer, e.type.buffer, e.channel.buffer]).size).toBe(1);
  });

  it('records the layout in world.options only when asked for columns (the default world is unchanged)', () => {
    expect(simulateWorld({ people: 10 }).options.eventLayout).toBeUndefined();
    expect(simulateWorld({ people: 10, eventLayout: 'objects' }).options.eventLayout).toBeUndefined();
    expect(simulateWorld({ people: 10, eventLayout: 'columns' }).options.eventLayout).toBe('columns');
  });

  it('uses the fixed dictionaries and the world\'s own personIds', () => {
    const w = simulateWorld({ people: 50, eventLayout: 'columns' });
    expect(isEventColumns(w.events)).toBe(true);
    expect(w.events.personIds).toBe(w.personIds);
    expect(w.events.eventTypes).toEqual(['impression', 'click', 'follow', 'search', 'browse', 'cart', 'purchase', 'share', 'review', 'referral']);
    expect(w.events.channels).toEqual(['wechat_moments', 'qq_feed', 'tencent_news', 'jd_search', 'jd_recommend', 'official_account', 'mini_program', 'offline_store']);
    // The dictionaries are the module's constants: frozen, so no caller can change later worlds through them.
    expect(Object.isFrozen(w.events.eventTypes) && Object.isFrozen(EVENT_TYPES) && Object.isFrozen(CHANNELS)).toBe(true);
    expect(Object.isFrozen(w.personIds) && Object.isFrozen(simulateWorld({ people: 5 }).personIds)).toBe(true);
    expect(stageAt(w, 0, 0)).toBe(STAGES[w.truth.stage[0]!]);
    expect(w.events.type).toBeInstanceOf(Uint8Array);
    expect(w.events.channel).toBeInstanceOf(Uint8Array);
    expect(w.events.person).toBeInstanceOf(Int32Array);
  });

  it('assignStages gives the same stages on both layouts', () => {
    const objects = simulateWorld({ people: 2000, seed: 9 });
    const columns = simulateWorld({ people: 2000, seed: 9, eventLayout: 'columns' });
    const asOf = objects.start + 20 * 7 * 86_400_000;
    const a = assignStages(objects.events, FOUR_A, { asOf, people: objects.personIds });
    const b = assignStages(columns.events, FOUR_A, { asOf });
    expect(b.distribution).toEqual(a.distribution);
    expect(b.people.map((p) => [p.personId, p.stage])).toEqual(a.people.map((p) => [p.personId, p.stage]));
  });

  it('a world whose layout the type does not say (non-literal options) goes to assignStages without a cast', () => {
    const opts: SimulateOptions = { people: 300, seed: 4, eventLayout: Math.random() < 2 ? 'columns' : 'objects' };
    const w = simulateWorld(opts);
    const r = assignStages(w.events, FOUR_A, { asOf: w.start + 10 * 7 * 86_400_000 });
    expect(r.people.length).toBe(300);
  });

  it('summarizeWorld rejects a purchase of a person past world.people instead of skipping it', () => {
    const w = simulateWorld({ people: 20 });
    const bad = { ...w, events: [...w.events, { personId: 'p0000020', time: w.start, type: 'purchase' as const, channel: 'qq_feed' as const, value: 1 }] };
    expect(() => summarizeWorld(bad)).toThrow(/past world\.people/);
  });

  it('rejects an unknown layout naming the option', () => {
    let err: unknown;
    try { simulateWorld({ people: 10, eventLayout: 'rows' as 'columns' }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(AudienceKitError);
    expect((err as AudienceKitError).code).toBe('INVALID_OPTION');
    expect((err as AudienceKitError).message).toMatch(/eventLayout/);
  });
});
