import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { aggregateEvents, type AggregateEventsOptions } from '../../src/features/index.js';
import { toEventColumns, type EventColumns } from '../../src/core/index.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

/** The same events, re-encoded: person ids in reverse (unsorted) order, a type dictionary with an unused name and a duplicated name, narrow code columns (Uint16 types, Int16 channels). */
function reencode(c: ReturnType<typeof toEventColumns>): EventColumns {
  const P = c.personIds.length;
  const personIds = c.personIds.slice().reverse();
  const person = Int32Array.from(c.person, (p) => P - 1 - p);
  // Type code k of c → code k + 1 (code 0 is an unused name); every other row of the first type uses a duplicate entry of its name.
  const eventTypes = ['never-used', ...c.eventTypes, c.eventTypes[0] ?? 'x'];
  const dup = eventTypes.length - 1;
  const type = Uint16Array.from(c.type, (t, i) => (t === 0 && i % 2 === 1 ? dup : t + 1));
  const channels = [...c.channels, 'unused-channel'];
  const channel = Int16Array.from(c.channel); // negative = no channel
  return { kind: 'eventColumns', version: 1, personIds, person, time: c.time, eventTypes, type, channels, channel, value: c.value };
}

const arbEvent = fc.record({
  personId: fc.constantFrom('p1', 'p2', 'p3', '__proto__', 'constructor'),
  time: fc.integer({ min: 0, max: 60 }).map((d) => T0 + (d * DAY) / 2),
  type: fc.constantFrom('impression', 'click', 'purchase', 'share'),
  channel: fc.constantFrom('wechat', 'jd', 'store'),
  value: fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined }),
}).map(({ value, ...e }) => (value === undefined ? e : { ...e, value }));

const arbOptions = fc.record({
  unit: fc.constantFrom('ms' as const, 'hour' as const, 'day' as const, 'week' as const),
  windows: fc.subarray([3, 14, 30, 0.5], { minLength: 0 }),
  halfLife: fc.option(fc.double({ min: 0.5, max: 30, noNaN: true }), { nil: undefined }),
  types: fc.option(fc.subarray(['click', 'purchase', 'share', 'refund']), { nil: undefined }),
  channels: fc.option(fc.subarray(['jd', 'wechat', 'tv']), { nil: undefined }),
  people: fc.option(fc.subarray(['p3', 'zz', 'p1', '__proto__', 'constructor']), { nil: undefined }),
  purchaseType: fc.constantFrom('purchase', 'click'),
  output: fc.constantFrom('rows' as const, 'columns' as const),
  asOfDays: fc.integer({ min: -1, max: 35 }),
});

type ArbOptions = typeof arbOptions extends fc.Arbitrary<infer T> ? T : never;

function optionsOf(x: ArbOptions): AggregateEventsOptions {
  const { asOfDays, halfLife, types, channels, people, ...rest } = x;
  const windows = rest.unit === 'ms' ? rest.windows.map((w) => w * DAY) : rest.unit === 'hour' ? rest.windows.map((w) => w * 24) : rest.unit === 'week' ? rest.windows.map((w) => w / 7) : rest.windows;
  return {
    ...rest, windows, asOf: T0 + asOfDays * DAY,
    ...(halfLife === undefined ? {} : { halfLife }), ...(types === undefined ? {} : { types }),
    ...(channels === undefined ? {} : { channels }), ...(people === undefined ? {} : { people }),
  };
}

describe('aggregateEvents on EventColumns: the same result as on the event objects', () => {
  test.prop([fc.array(arbEvent, { maxLength: 60 }), arbOptions])('toEventColumns(events) gives exactly the object path\'s rows / columns, for every option', (events, x) => {
    const o = optionsOf(x);
    const expected = aggregateEvents(events, o);
    const cols = toEventColumns(events);
    expect(aggregateEvents(cols, o)).toEqual(expected);
    // Unsorted ids, duplicated / unused dictionary names and narrow code columns change nothing.
    expect(aggregateEvents(reencode(cols), o)).toEqual(expected);
  });

  test.prop([fc.array(arbEvent, { maxLength: 60 }), arbOptions])('without channel columns: as the object path with fields.channel null', (events, x) => {
    const o = optionsOf(x);
    const expected = aggregateEvents(events, { ...o, fields: { channel: null } });
    const { channels: _c, channel: _k, ...noChannel } = toEventColumns(events);
    expect(aggregateEvents(noChannel, o)).toEqual(expected);
  });

  const arbMany = fc.record({
    personId: fc.integer({ min: 0, max: 3000 }).map((k) => (k % 3 === 0 ? `u${k}` : `user-${k % 7}-${k}`)),
    time: fc.integer({ min: 0, max: 60 }).map((d) => T0 + (d * DAY) / 2),
    type: fc.constantFrom('impression', 'click', 'purchase', 'share'),
    channel: fc.constantFrom('wechat', 'jd', 'store'),
    value: fc.integer({ min: 0, max: 500 }),
  });
  test.prop([fc.array(arbMany, { minLength: 500, maxLength: 4000 }), fc.boolean()], { numRuns: 10 })('thousands of people (the id sort at scale, unsorted and sorted personIds)', (events, sortedIds) => {
    const o = { asOf: T0 + 20 * DAY, unit: 'day' as const, windows: [3, 14], halfLife: 5 };
    const cols = toEventColumns(events);
    let input: EventColumns = cols;
    if (sortedIds) {
      // The same dictionary sorted (the one-check path): codes remapped.
      const order = cols.personIds.map((_, k) => k).sort((a, b) => (cols.personIds[a]! < cols.personIds[b]! ? -1 : 1));
      const newCode = new Int32Array(order.length);
      order.forEach((k, r) => { newCode[k] = r; });
      input = { ...cols, personIds: order.map((k) => cols.personIds[k]!), person: Int32Array.from(cols.person, (p) => newCode[p]!) };
    }
    for (const output of ['rows', 'columns'] as const) expect(aggregateEvents(input, { ...o, output })).toEqual(aggregateEvents(events, { ...o, output }));
  });

  it('more than 65,535 events of one person (the 32-bit count fallback)', () => {
    const events = Array.from({ length: 70_000 }, (_, i) => ({ personId: i % 7 === 0 ? 'b' : 'a', time: T0 - (i % 40) * DAY, type: i % 3 === 0 ? 'purchase' : 'click', channel: 'jd', value: i % 5 }));
    for (const output of ['rows', 'columns'] as const) {
      const o = { asOf: T0, unit: 'day' as const, windows: [2, 30], halfLife: 4, output };
      expect(aggregateEvents(toEventColumns(events), o)).toEqual(aggregateEvents(events, o));
    }
  });
});

describe('aggregateEvents on EventColumns: memory follows the people reported', () => {
  it('a 1M-id dictionary with one active person allocates records for one person, not 1M', () => {
    const P = 1_000_000;
    const personIds = Array.from({ length: P }, (_, i) => `id${i}`);
    const cols: EventColumns = { kind: 'eventColumns', version: 1, personIds, person: Int32Array.of(777_777), time: Float64Array.of(T0 - DAY), eventTypes: ['click'], type: Uint8Array.of(0) };
    const out = aggregateEvents(cols, { asOf: T0, unit: 'day', windows: [7], output: 'columns' });
    expect(out.ids).toEqual(['id777777']);
    // The one buffer behind every column holds a record and the columns of ONE person (a few hundred bytes), not 1M records (~100 MB).
    expect(out.columns.get('events_7d')!.buffer.byteLength).toBeLessThan(4096);
    expect(out.columns.get('events_7d')![0]).toBe(1);
  });
});

describe('aggregateEvents on EventColumns: hand-worked', () => {
  // personIds in unsorted order; 'c' has only an event after asOf (not reported, as in the object path).
  // Rows: a purchase 40 d before asOf (store, 50); a impression 10 d (wechat); a click 2 d (no channel);
  // a purchase 1 d (jd, value NaN = none); b impression at asOf (wechat); c purchase after asOf.
  const asOf = T0 + 100 * DAY;
  const cols: EventColumns = {
    kind: 'eventColumns', version: 1,
    personIds: ['b', 'c', 'a'],
    person: Int32Array.from([2, 2, 2, 2, 0, 1]),
    time: Float64Array.from([asOf - 40 * DAY, asOf - 10 * DAY, asOf - 2 * DAY, asOf - DAY, asOf, asOf + 1]),
    eventTypes: ['impression', 'click', 'purchase', 'refund'],
    type: Uint8Array.from([2, 0, 1, 2, 0, 2]),
    channels: ['jd', 'store', 'wechat', 'tv'],
    channel: Int32Array.from([1, 2, -1, 0, 2, 3]),
    value: Float64Array.from([50, NaN, NaN, NaN, NaN, 1e6]),
  };
  it('counts, RFM, tenure and channels by hand', () => {
    const rows = aggregateEvents(cols, { asOf, unit: 'day', windows: [7, 30] });
    expect(rows.map((r) => r.personId)).toEqual(['a', 'b']);
    // Types and channels used by the included rows (tv only on c's excluded row: channels are
    // taken from every row, as the object path interns them; refund never used: no column).
    expect(Object.keys(rows[0]!)).toEqual(['personId', 'events_7d', 'events_30d',
      'type:click_7d', 'type:click_30d', 'type:impression_7d', 'type:impression_30d', 'type:purchase_7d', 'type:purchase_30d',
      'channel:jd_7d', 'channel:jd_30d', 'channel:store_7d', 'channel:store_30d', 'channel:tv_7d', 'channel:tv_30d', 'channel:wechat_7d', 'channel:wechat_30d',
      'recency', 'frequency', 'monetary', 'avgValue', 'lastSeen', 'firstSeen', 'events', 'distinctChannels']);
    expect(rows[0]).toEqual({
      personId: 'a', events_7d: 2, events_30d: 3,
      'type:click_7d': 1, 'type:click_30d': 1, 'type:impression_7d': 0, 'type:impression_30d': 1, 'type:purchase_7d': 1, 'type:purchase_30d': 1,
      'channel:jd_7d': 1, 'channel:jd_30d': 1, 'channel:store_7d': 0, 'channel:store_30d': 0, 'channel:tv_7d': 0, 'channel:tv_30d': 0, 'channel:wechat_7d': 0, 'channel:wechat_30d': 1,
      // Two purchases (40 d: 50; 1 d: no value): frequency 2, monetary 50, avg 25, last one 1 d ago.
      recency: 1, frequency: 2, monetary: 50, avgValue: 25, lastSeen: 1, firstSeen: 40, events: 4, distinctChannels: 3,
    });
    expect(rows[1]).toMatchObject({ personId: 'b', events_7d: 1, 'channel:wechat_7d': 1, recency: null, frequency: 0, monetary: 0, avgValue: null, lastSeen: 0, firstSeen: 0, events: 1, distinctChannels: 1 });
  });
  it('people: the listed order, zeros for a listed person without rows; decayed counts', () => {
    const c = aggregateEvents(cols, { asOf, unit: 'day', windows: [7], halfLife: 10, people: ['zz', 'a'], output: 'columns' });
    expect(c.by).toBe('personId');
    expect(c.ids).toEqual(['zz', 'a']);
    expect(Array.from(c.columns.get('events')!)).toEqual([0, 4]);
    expect(Array.from(c.missing.get('lastSeen')!)).toEqual([1, 0]);
    // a: ages 40, 10, 2, 1 days, half-life 10 → 2^-4 + 2^-1 + 2^-0.2 + 2^-0.1.
    expect(c.columns.get('decayed')![1]).toBeCloseTo(2 ** -4 + 2 ** -1 + 2 ** -0.2 + 2 ** -0.1, 12);
    expect(c.columns.get('decayed:purchase')![1]).toBeCloseTo(2 ** -4 + 2 ** -0.1, 12);
  });
});

describe('aggregateEvents on EventColumns: validation', () => {
  const opts = { asOf: T0, unit: 'day' as const, windows: [7] };
  const base = (): EventColumns & { channels: readonly string[]; channel: Int32Array; value: Float64Array } => ({
    kind: 'eventColumns', version: 1, personIds: ['a', 'b'], person: Int32Array.from([0, 1, 0]), time: Float64Array.from([T0 - DAY, T0 - 2 * DAY, T0]),
    eventTypes: ['click', 'purchase'], type: Int32Array.from([0, 1, 1]), channels: ['jd'], channel: Int32Array.from([0, -1, 0]), value: Float64Array.from([NaN, 3, 4]),
  });
  const fails = (input: unknown, path: readonly (string | number)[], options: AggregateEventsOptions = opts): void => {
    let err: unknown;
    try { aggregateEvents(input as EventColumns, options); } catch (e) { err = e; }
    expect(err).toMatchObject({ name: 'AudienceKitError', code: 'INVALID_INPUT', issues: [expect.objectContaining({ path })] });
    expect((err as Error).message).toContain(path.slice(1).reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : `${s}.${k}`), 'columns'));
  };
  it('the base columns are valid', () => { expect(aggregateEvents(base(), opts)).toHaveLength(2); });
  it('kind and version', () => {
    expect(() => aggregateEvents({ ...base(), kind: 'other' } as unknown as EventColumns, opts)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    fails({ ...base(), version: 2 }, ['columns', 'version']);
  });
  it('length mismatch and column types', () => {
    fails({ ...base(), person: Int32Array.from([0, 1]) }, ['columns', 'person']);
    fails({ ...base(), type: Int32Array.from([0]) }, ['columns', 'type']);
    fails({ ...base(), channel: Int32Array.from([0]) }, ['columns', 'channel']);
    fails({ ...base(), value: new Float64Array(4) }, ['columns', 'value']);
    fails({ ...base(), time: [1, 2, 3] }, ['columns', 'time']);
  });
  it('row checks name the column and row', () => {
    const c = base(); const person = Int32Array.from([0, 1, 2]);
    fails({ ...c, person }, ['columns', 'person', 2]);
    fails({ ...c, person: Int32Array.from([0, -1, 0]) }, ['columns', 'person', 1]);
    fails({ ...c, time: Float64Array.from([T0, NaN, T0]) }, ['columns', 'time', 1]);
    fails({ ...c, time: Float64Array.from([T0, T0, Infinity]) }, ['columns', 'time', 2]);
    fails({ ...c, type: Int32Array.from([0, 2, 0]) }, ['columns', 'type', 1]);
    fails({ ...c, type: Int32Array.from([-1, 0, 0]) }, ['columns', 'type', 0]);
    fails({ ...c, channel: Int32Array.from([0, 0, 1]) }, ['columns', 'channel', 2]);
    // A purchase's value must be finite or NaN (none), even after asOf; other types' values are not read.
    fails({ ...c, value: Float64Array.from([NaN, 3, Infinity]) }, ['columns', 'value', 2]);
    expect(aggregateEvents({ ...c, value: Float64Array.from([Infinity, 3, 4]) }, opts)).toHaveLength(2);
  });
  it('duplicate or empty person ids', () => {
    fails({ ...base(), personIds: ['a', 'a'] }, ['columns', 'personIds', 1]);
    fails({ ...base(), personIds: ['a', ''] }, ['columns', 'personIds', 1]);
  });
  it('by and fields are INVALID_OPTION with columns', () => {
    expect(() => aggregateEvents(base(), { ...opts, by: 'personId' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', issues: [expect.objectContaining({ path: ['by'] })] }));
    expect(() => aggregateEvents(base(), { ...opts, fields: { time: 'ts' } })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', issues: [expect.objectContaining({ path: ['fields'] })] }));
    expect(() => aggregateEvents(base(), { ...opts, people: ['a', 'a'] })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', issues: [expect.objectContaining({ path: ['people', 1] })] }));
  });
  it('never modifies the input arrays', () => {
    const c = base();
    const copy = { ...c, personIds: [...c.personIds], eventTypes: [...c.eventTypes], channels: [...c.channels], person: c.person.slice(), time: c.time.slice(), type: c.type.slice(), channel: c.channel.slice(), value: c.value.slice() };
    for (const output of ['rows', 'columns'] as const) aggregateEvents(c, { ...opts, halfLife: 3, output });
    aggregateEvents(c, { ...opts, people: ['b'] });
    expect(c).toEqual(copy);
  });
});

describe('aggregateEvents on the simulated world as columns', () => {
  it("simulateWorld({ eventLayout: 'columns' }) gives the same aggregates as its event objects", async () => {
    const { simulateWorld, WEEK_MS } = await import('../../src/simulate/index.js');
    const objects = simulateWorld({ people: 800 });
    const columnar = simulateWorld({ people: 800, eventLayout: 'columns' });
    const asOf = objects.start + 26 * WEEK_MS;
    for (const o of [
      { asOf, unit: 'day' as const, windows: [7, 28], halfLife: 14 },
      { asOf, unit: 'week' as const, windows: [4], people: [...objects.personIds], output: 'columns' as const },
    ]) expect(aggregateEvents(columnar.events, o)).toEqual(aggregateEvents(objects.events, o));
  });
});
