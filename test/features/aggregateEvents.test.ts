import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { aggregateEvents, type EventAggregateColumns } from '../../src/features/index.js';
import { AudienceKitError } from '../../src/core/index.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);

describe('aggregateEvents: hand-worked', () => {
  // Person a: impression on wechat 10 days before asOf, click on jd 2 days before, purchases of
  // 100 (jd, 1 day before) and 50 (store, 40 days before), and an event after asOf (excluded).
  // Person b: one impression at asOf exactly (age 0).
  const asOf = T0 + 100 * DAY;
  const events = [
    { personId: 'a', time: asOf - 40 * DAY, type: 'purchase', channel: 'store', value: 50 },
    { personId: 'a', time: asOf - 10 * DAY, type: 'impression', channel: 'wechat' },
    { personId: 'a', time: asOf - 2 * DAY, type: 'click', channel: 'jd' },
    { personId: 'a', time: asOf - 1 * DAY, type: 'purchase', channel: 'jd', value: 100 },
    { personId: 'b', time: asOf, type: 'impression', channel: 'wechat' },
    { personId: 'a', time: asOf + 1, type: 'purchase', channel: 'jd', value: 1e6 },
  ];
  const rows = aggregateEvents(events, { asOf, unit: 'day', windows: [7, 30], halfLife: 10 });

  it('windows, types, channels', () => {
    expect(rows.map((r) => r.personId)).toEqual(['a', 'b']);
    const a = rows[0]!;
    // within 7 days: click (2d), purchase (1d) → 2; within 30 days: + impression (10d) → 3.
    expect([a.events_7d, a.events_30d]).toEqual([2, 3]);
    expect([a['type:purchase_7d'], a['type:purchase_30d'], a['type:impression_7d'], a['type:impression_30d'], a['type:click_7d']]).toEqual([1, 1, 0, 1, 1]);
    expect([a['channel:jd_7d'], a['channel:store_30d'], a['channel:wechat_30d']]).toEqual([2, 0, 1]);
    expect(rows[1]!.events_7d).toBe(1); // age 0 is inside every window
    expect(Object.keys(a)).toEqual(Object.keys(rows[1]!)); // same columns for everyone
  });

  it('decayed counts: weight 2^(−age/halfLife)', () => {
    const a = rows[0]!;
    // 2^(−40/10) + 2^(−10/10) + 2^(−2/10) + 2^(−1/10) = 0.0625 + 0.5 + 0.8705505632961241 + 0.9330329915368074
    expect(a.decayed).toBeCloseTo(0.0625 + 0.5 + 0.8705505632961241 + 0.9330329915368074, 12);
    expect(a['decayed:purchase']).toBeCloseTo(0.0625 + 0.9330329915368074, 12);
    expect(rows[1]!.decayed).toBe(1);
  });

  it('RFM, tenure, distinct channels; events after asOf excluded', () => {
    const a = rows[0]!;
    expect(a).toMatchObject({ recency: 1, frequency: 2, monetary: 150, avgValue: 75, lastSeen: 1, firstSeen: 40, events: 4, distinctChannels: 3 });
    expect(rows[1]).toMatchObject({ recency: null, frequency: 0, monetary: 0, avgValue: null, lastSeen: 0, firstSeen: 0, events: 1, distinctChannels: 1 });
  });

  it('people: a repeated id is an INVALID_OPTION at its index (not silently merged)', () => {
    let err: unknown;
    try { aggregateEvents(events, { asOf, unit: 'day', windows: [7], people: ['c', 'a', 'c'] }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(AudienceKitError);
    expect((err as AudienceKitError).code).toBe('INVALID_OPTION');
    expect((err as AudienceKitError).message).toContain('people[2]');
    expect((err as AudienceKitError).message).not.toContain("'c'");
  });
  it('people: fixed output order, zero rows for people without events, others ignored', () => {
    const r = aggregateEvents(events, { asOf, unit: 'day', windows: [7], people: ['c', 'a'] });
    expect(r.map((x) => x.personId)).toEqual(['c', 'a']);
    expect(r[0]).toMatchObject({ events_7d: 0, events: 0, recency: null, lastSeen: null, distinctChannels: 0 });
    expect(r[1]!.events).toBe(4);
    // The empty id is an id like any other, found in the fixed list (its hash is not a special value).
    const withEmpty = aggregateEvents([...events, { personId: '', time: asOf - DAY, type: 'click', channel: 'jd' }], { asOf, unit: 'day', windows: [7], people: ['', 'a'] });
    expect(withEmpty.map((x) => [x.personId, x.events])).toEqual([['', 1], ['a', 4]]);
  });

  it('configurable field names, fixed type list, no channels, week unit', () => {
    const rs = aggregateEvents([{ uid: 'x', ts: T0, kind: 'order', amount: 9 }, { uid: 'x', ts: T0 - 7 * DAY, kind: 'view', amount: 1 }], {
      asOf: T0, unit: 'week', windows: [1, 2], by: 'uid', fields: { time: 'ts', type: 'kind', channel: null, value: 'amount' }, types: ['order'], purchaseType: 'order',
    });
    expect(rs).toEqual([{ uid: 'x', events_1w: 1, events_2w: 2, 'type:order_1w': 1, 'type:order_2w': 1, recency: 0, frequency: 1, monetary: 9, avgValue: 9, lastSeen: 0, firstSeen: 1, events: 2, distinctChannels: 0 }]);
  });

  it('errors name the event index and field', () => {
    const opts = { asOf, unit: 'day' as const, windows: [7] };
    expect(() => aggregateEvents([{ personId: 'a', time: 'yesterday', type: 'x', channel: 'y' }], opts)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: ['events', 0, 'time'] })] }));
    expect(() => aggregateEvents([{ personId: 'a', time: 1, type: 'x', channel: 'y' }, 7], opts)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: ['events', 1] })] }));
    expect(() => aggregateEvents([{ personId: 'a', time: 1, type: 'purchase', channel: 'y', value: NaN }], opts)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: ['events', 0, 'value'] })] }));
    expect(() => aggregateEvents([], { asOf, windows: [7] } as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => aggregateEvents([], { ...opts, windows: [-1] })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
  it('ids are read ahead in blocks of 32, yet each id getter runs once and errors come in input order', () => {
    const opts = { asOf, unit: 'day' as const, windows: [7] };
    let reads = 0;
    const evs: Record<string, unknown>[] = Array.from({ length: 70 }, (_, i) => ({ time: asOf - DAY, type: 'click', channel: 'jd', get personId() { reads++; return `p${i % 3}`; } }));
    expect(aggregateEvents(evs, opts).map((r) => [r.personId, r.events])).toEqual([['p0', 24], ['p1', 23], ['p2', 23]]);
    expect(reads).toBe(70);
    // A getter that throws at event 40, after a bad time at event 35 in the same block: the time is reported.
    const broken = evs.slice();
    broken[35] = { personId: 'p0', time: 'soon', type: 'click', channel: 'jd' };
    broken[40] = { time: asOf, type: 'click', channel: 'jd', get personId(): string { throw new Error('row 40 not loaded'); } };
    expect(() => aggregateEvents(broken, opts)).toThrow(expect.objectContaining({ issues: [expect.objectContaining({ path: ['events', 35, 'time'] })] }));
    // Without the earlier bad event the getter's own error comes out, at event 40's turn.
    broken[35] = evs[35]!;
    expect(() => aggregateEvents(broken, opts)).toThrow('row 40 not loaded');
  });
});

// Oracle: a naive per-event object-map aggregation, written independently of the columnar pass.
function naive(events: { personId: string; time: number; type: string; channel: string; value?: number }[], asOf: number, windowsDays: number[]) {
  const out = new Map<string, Record<string, number>>();
  for (const e of events) {
    if (e.time > asOf) continue;
    const r = out.get(e.personId) ?? {};
    out.set(e.personId, r);
    r.events = (r.events ?? 0) + 1;
    for (const w of windowsDays) {
      if (asOf - e.time < w * DAY) {
        r[`events_${w}d`] = (r[`events_${w}d`] ?? 0) + 1;
        r[`type:${e.type}_${w}d`] = (r[`type:${e.type}_${w}d`] ?? 0) + 1;
        r[`channel:${e.channel}_${w}d`] = (r[`channel:${e.channel}_${w}d`] ?? 0) + 1;
      }
    }
    if (e.type === 'purchase') { r.frequency = (r.frequency ?? 0) + 1; r.monetary = (r.monetary ?? 0) + (e.value ?? 0); }
  }
  return out;
}

const arbEvent = fc.record({
  personId: fc.constantFrom('p1', 'p2', 'p3', '__proto__', ''), // '' is an id like any other here
  time: fc.integer({ min: 0, max: 60 }).map((d) => T0 + d * DAY / 2),
  type: fc.constantFrom('impression', 'click', 'purchase'),
  channel: fc.constantFrom('wechat', 'jd', 'store'),
  value: fc.integer({ min: 0, max: 500 }),
});

describe('aggregateEvents: properties', () => {
  test.prop([fc.array(arbEvent, { maxLength: 80 })])('agrees with a naive object-map aggregation; order of events does not matter', (events) => {
    const asOf = T0 + 20 * DAY;
    const rows = aggregateEvents(events, { asOf, unit: 'day', windows: [3, 14] });
    const expected = naive(events, asOf, [3, 14]);
    expect(rows.map((r) => r.personId)).toEqual([...expected.keys()].sort());
    for (const r of rows) {
      const e = expected.get(r.personId as string)!;
      for (const [k, v] of Object.entries(r)) {
        if (k in e) expect(v, k).toBe(e[k]);
        else if (k.startsWith('events_') || k.startsWith('type:') || k.startsWith('channel:') || k === 'frequency' || k === 'monetary') expect(v, k).toBe(0);
      }
    }
    const reversed = aggregateEvents(events.slice().reverse(), { asOf, unit: 'day', windows: [3, 14] });
    expect(reversed).toEqual(rows);
  });
});

describe('aggregateEvents on the simulated world', () => {
  it('totals match the world: events, purchases, revenue; one row per person in personIds order', async () => {
    const { simulateWorld, WEEK_MS } = await import('../../src/simulate/index.js');
    const world = simulateWorld({ people: 1500 });
    const asOf = world.start + 26 * WEEK_MS; // mid-world: later events must be excluded
    const rows = aggregateEvents(world.events, { asOf, unit: 'day', windows: [7, 28], halfLife: 14, people: [...world.personIds] });
    expect(rows.map((r) => r.personId)).toEqual(world.personIds);
    let events = 0, purchases = 0, revenue = 0, last7 = 0;
    for (const e of world.events) {
      if (e.time > asOf) continue;
      events++;
      if (asOf - e.time < 7 * DAY) last7++;
      if (e.type === 'purchase') { purchases++; revenue += e.value ?? 0; }
    }
    const sum = (k: string) => rows.reduce((s, r) => s + (r[k] as number), 0);
    expect(sum('events')).toBe(events);
    expect(sum('events_7d')).toBe(last7);
    expect(sum('frequency')).toBe(purchases);
    expect(sum('monetary')).toBeCloseTo(revenue, 6);
    for (const r of rows) for (const v of Object.values(r)) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
  });
});

describe("aggregateEvents output: 'columns'", () => {
  /** Rows rebuilt from the columnar form: null where the mask says so. */
  function rowsOf(c: EventAggregateColumns): Record<string, unknown>[] {
    return c.ids.map((id, i) => {
      const r: Record<string, unknown> = { [c.by]: id };
      for (const name of c.names) r[name] = c.missing.get(name)?.[i] === 1 ? null : c.columns.get(name)![i];
      return r;
    });
  }

  test.prop([fc.array(arbEvent, { maxLength: 80 }), fc.boolean(), fc.boolean(), fc.option(fc.double({ min: 1, max: 30, noNaN: true }), { nil: undefined })])(
    'holds the same numbers as the rows form, keys in the same order', (events, listPeople, noChannel, halfLife) => {
      const asOf = T0 + 20 * DAY;
      const opts = {
        asOf, unit: 'day' as const, windows: [3, 14], ...(halfLife === undefined ? {} : { halfLife }),
        ...(listPeople ? { people: ['p3', 'zz', 'p1', '__proto__'] } : {}),
        ...(noChannel ? { fields: { channel: null } } : {}),
      };
      const rows = aggregateEvents(events, opts);
      const cols = aggregateEvents(events, { ...opts, output: 'columns' });
      expect(rowsOf(cols)).toEqual(rows);
      if (rows[0]) expect([cols.by, ...cols.names]).toEqual(Object.keys(rows[0]));
      for (const c of cols.columns.values()) { expect(c.length).toBe(rows.length); for (const v of c) expect(Number.isFinite(v)).toBe(true); }
    });

  it('hand-worked: a person without a purchase has recency / avgValue masked', () => {
    const asOf = T0 + 10 * DAY;
    const c = aggregateEvents([
      { personId: 'b', time: asOf - DAY, type: 'click', channel: 'jd' },
      { personId: 'a', time: asOf - 2 * DAY, type: 'purchase', channel: 'jd', value: 30 },
    ], { asOf, unit: 'day', windows: [7], output: 'columns' });
    expect(c.ids).toEqual(['a', 'b']);
    expect(Array.from(c.columns.get('recency')!)).toEqual([2, 0]);
    expect(Array.from(c.missing.get('recency')!)).toEqual([0, 1]);
    expect(Array.from(c.columns.get('monetary')!)).toEqual([30, 0]);
    expect(Array.from(c.columns.get('events_7d')!)).toEqual([1, 1]);
  });
});

/** Full oracle: every column of a row, summed per event in input order (so decayed sums match bit for bit). */
function naiveFull(events: { personId: string; time: number; type: string; channel: string; value?: number }[], asOf: number, windowsDays: number[], halfLifeDays: number) {
  const out = new Map<string, { n: number; win: number[]; type: Map<string, number[]>; chan: Map<string, number[]>; decayed: number; dtype: Map<string, number>; freq: number; money: number; lastTx: number; first: number; last: number; chans: Set<string> }>();
  for (const e of events) {
    if (e.time > asOf) continue;
    let r = out.get(e.personId);
    if (!r) { r = { n: 0, win: windowsDays.map(() => 0), type: new Map(), chan: new Map(), decayed: 0, dtype: new Map(), freq: 0, money: 0, lastTx: -Infinity, first: Infinity, last: -Infinity, chans: new Set() }; out.set(e.personId, r); }
    const age = asOf - e.time;
    r.n++;
    windowsDays.forEach((w, k) => {
      if (age < w * DAY) {
        r.win[k]!++;
        const t = r.type.get(e.type) ?? windowsDays.map(() => 0); t[k]!++; r.type.set(e.type, t);
        const c = r.chan.get(e.channel) ?? windowsDays.map(() => 0); c[k]!++; r.chan.set(e.channel, c);
      }
    });
    const d = Math.exp(-(Math.LN2 / (halfLifeDays * DAY)) * age);
    r.decayed += d;
    r.dtype.set(e.type, (r.dtype.get(e.type) ?? 0) + d);
    if (e.type === 'purchase') { r.freq++; r.money += e.value ?? 0; r.lastTx = Math.max(r.lastTx, e.time); }
    r.first = Math.min(r.first, e.time); r.last = Math.max(r.last, e.time);
    r.chans.add(e.channel);
  }
  return out;
}

describe('aggregateEvents: many people, long histories', () => {
  const arbMany = fc.record({
    personId: fc.integer({ min: 0, max: 3000 }).map((k) => `u${k}`),
    time: fc.integer({ min: 0, max: 60 }).map((d) => T0 + d * DAY / 2),
    type: fc.constantFrom('impression', 'click', 'purchase', 'share'),
    channel: fc.constantFrom('wechat', 'jd', 'store'),
    value: fc.integer({ min: 0, max: 500 }),
  });
  test.prop([fc.array(arbMany, { minLength: 1, maxLength: 4000 })], { numRuns: 15 })('every column equals a straightforward per-event oracle (thousands of people: the person table grows)', (events) => {
    const asOf = T0 + 20 * DAY;
    const rows = aggregateEvents(events, { asOf, unit: 'day', windows: [3, 14], halfLife: 5 });
    const expected = naiveFull(events, asOf, [3, 14], 5);
    expect(rows.map((r) => r.personId)).toEqual([...expected.keys()].sort());
    for (const row of rows) {
      const e = expected.get(row.personId as string)!;
      expect([row.events_3d, row.events_14d, row.events]).toEqual([...e.win, e.n]);
      for (const t of ['impression', 'click', 'purchase', 'share']) {
        if (row[`type:${t}_3d`] === undefined) continue;
        expect([row[`type:${t}_3d`], row[`type:${t}_14d`]]).toEqual(e.type.get(t) ?? [0, 0]);
        expect(row[`decayed:${t}`]).toBe(e.dtype.get(t) ?? 0);
      }
      for (const c of ['wechat', 'jd', 'store']) if (row[`channel:${c}_3d`] !== undefined) expect([row[`channel:${c}_3d`], row[`channel:${c}_14d`]]).toEqual(e.chan.get(c) ?? [0, 0]);
      expect(row.decayed).toBe(e.decayed);
      expect(row).toMatchObject({
        frequency: e.freq, monetary: e.money, distinctChannels: e.chans.size,
        recency: e.freq > 0 ? (asOf - e.lastTx) / DAY : null, avgValue: e.freq > 0 ? e.money / e.freq : null,
        lastSeen: (asOf - e.last) / DAY, firstSeen: (asOf - e.first) / DAY,
      });
    }
  });

  it('a person with more than 65,535 events: counts are exact (16-bit counters fall back to 32-bit)', () => {
    const asOf = T0 + 10 * DAY;
    const events: { personId: string; time: number; type: string; channel: string; value?: number }[] = [];
    for (let i = 0; i < 70_000; i++) events.push({ personId: 'heavy', time: asOf - (i % 5) * DAY, type: i % 7 === 0 ? 'purchase' : 'click', channel: i % 2 === 0 ? 'jd' : 'web', value: 1 });
    events.push({ personId: 'light', time: asOf, type: 'click', channel: 'jd' });
    for (const output of ['rows', 'columns'] as const) {
      const r = aggregateEvents(events, { asOf, unit: 'day', windows: [2, 30], output });
      const get = (name: string, i: number): unknown => (Array.isArray(r) ? r[i]![name] : r.columns.get(name)![i]);
      // heavy: ages 0..4 days, 14,000 events each; window 2d holds ages 0 and 1.
      expect([get('events', 0), get('events_2d', 0), get('events_30d', 0)]).toEqual([70_000, 28_000, 70_000]);
      expect([get('type:click_30d', 0), get('type:purchase_30d', 0), get('channel:jd_30d', 0), get('frequency', 0)]).toEqual([60_000, 10_000, 35_000, 10_000]);
      expect([get('events', 1), get('events_2d', 1)]).toEqual([1, 1]);
    }
  });
});
