import { z } from 'zod';
import { AudienceKitError, EpochMs, parseWith } from '../core/index.js';

const Positive = z.number().refine(Number.isFinite, { message: 'must be a finite number' }).positive();
const Field = z.string().min(1).max(200);

/** Options of {@link aggregateEvents}. Durations (`windows`, `halfLife`) and outputs (recency, tenure) are in `unit`. */
export const AggregateEventsOptionsSchema = z.strictObject({
  /** Reference time (epoch ms). Events after `asOf` are excluded; an event at `asOf` has age 0. */
  asOf: EpochMs,
  /** The unit of `windows`, `halfLife` and the recency / tenure outputs. */
  unit: z.enum(['ms', 'hour', 'day', 'week']),
  /** Trailing windows: an event counts in window w when `asOf − w < time <= asOf`. */
  windows: z.array(Positive).max(32).default([]),
  /** Half-life of the exponentially decayed counts (weight 2^(−age / halfLife)); omit for none. */
  halfLife: Positive.optional(),
  /** The field identifying the person (string values). */
  by: Field.default('personId'),
  /** Field names of the event rows (defaults: the WorldEvent shape). `channel: null` skips channel columns. */
  fields: z.strictObject({
    time: Field.default('time'),
    type: Field.default('type'),
    channel: Field.nullable().default('channel'),
    value: Field.default('value'),
  }).default({ time: 'time', type: 'type', channel: 'channel', value: 'value' }),
  /** Event types that get count columns (default: every type seen, sorted). Other types still count in totals. */
  types: z.array(z.string()).max(1000).optional(),
  /** Channels that get count columns (default: every channel seen, sorted). */
  channels: z.array(z.string()).max(1000).optional(),
  /** The event type that is a transaction (recency / frequency / monetary); its `value` field is the amount. */
  purchaseType: z.string().default('purchase'),
  /** Output exactly these people, in this order (people without events get zero counts); events of others are ignored. Default: everyone with an event at or before `asOf`, sorted by id. */
  people: z.array(z.string()).optional(),
});
export type AggregateEventsOptions = z.input<typeof AggregateEventsOptionsSchema>;

/** One person's aggregates: the `by` field holds the person id; missing values (no purchase yet) are `null`. */
export type EventAggregateRow = Record<string, string | number | null>;

const UNIT_MS = { ms: 1, hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;
const UNIT_SUFFIX = { ms: 'ms', hour: 'h', day: 'd', week: 'w' } as const;

/** Interns strings to dense indices (types, channels) with a one-entry cache for runs of equal values. */
class Interner {
  readonly index = new Map<string, number>();
  readonly values: string[] = [];
  private last: string | undefined;
  private lastIndex = -1;
  constructor(private readonly fixed: boolean, initial: readonly string[] = []) {
    for (const v of initial) if (!this.index.has(v)) { this.index.set(v, this.values.length); this.values.push(v); }
  }
  /** Index of `v`, or −1 when the set is fixed and `v` is not in it. */
  get(v: string): number {
    if (v === this.last) return this.lastIndex;
    let i = this.index.get(v);
    if (i === undefined) {
      if (this.fixed) i = -1;
      else { i = this.values.length; this.index.set(v, i); this.values.push(v); }
    }
    this.last = v; this.lastIndex = i;
    return i;
  }
}

function grow(a: Float64Array, size: number, fill = 0): Float64Array<ArrayBuffer> {
  const b = new Float64Array(size);
  if (fill !== 0) b.fill(fill);
  b.set(a);
  return b;
}

function badEvent(i: number, field: string | null, what: string): AudienceKitError {
  const path = field === null ? ['events', i] : ['events', i, field];
  return new AudienceKitError('INVALID_INPUT', `aggregateEvents: ${field === null ? `events[${i}]` : `events[${i}].${field}`} ${what}`, { issues: [{ path, message: what }], details: { row: i, ...(field === null ? {} : { field }) } });
}

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/**
 * Columnar accumulators, one slot per interned person (`cap` slots, doubled on demand). Window
 * counts are `[person × W + window]`; per-type and per-channel arrays are created when the type
 * or channel is first seen.
 */
class Accumulators {
  cap: number;
  winTotal: Float64Array;
  readonly winType: Float64Array[] = [];
  readonly winChan: Float64Array[] = [];
  decayTotal: Float64Array;
  readonly decayType: Float64Array[] = [];
  readonly chanSeen: Uint8Array[] = [];
  first: Float64Array;
  last: Float64Array;
  lastTx: Float64Array;
  freq: Float64Array;
  money: Float64Array;
  total: Float64Array;

  constructor(readonly W: number, cap: number) {
    this.cap = cap;
    this.winTotal = new Float64Array(cap * W);
    this.decayTotal = new Float64Array(cap);
    this.first = new Float64Array(cap).fill(Infinity);
    this.last = new Float64Array(cap).fill(-Infinity);
    this.lastTx = new Float64Array(cap).fill(-Infinity);
    this.freq = new Float64Array(cap);
    this.money = new Float64Array(cap);
    this.total = new Float64Array(cap);
  }

  ensurePeople(need: number): void {
    if (need <= this.cap) return;
    let c = this.cap;
    while (c < need) c *= 2;
    const W = this.W;
    this.winTotal = grow(this.winTotal, c * W);
    for (let t = 0; t < this.winType.length; t++) this.winType[t] = grow(this.winType[t]!, c * W);
    for (let t = 0; t < this.winChan.length; t++) this.winChan[t] = grow(this.winChan[t]!, c * W);
    for (let t = 0; t < this.decayType.length; t++) this.decayType[t] = grow(this.decayType[t]!, c);
    for (let t = 0; t < this.chanSeen.length; t++) { const b = new Uint8Array(c); b.set(this.chanSeen[t]!); this.chanSeen[t] = b; }
    this.decayTotal = grow(this.decayTotal, c);
    this.first = grow(this.first, c, Infinity); this.last = grow(this.last, c, -Infinity); this.lastTx = grow(this.lastTx, c, -Infinity);
    this.freq = grow(this.freq, c); this.money = grow(this.money, c); this.total = grow(this.total, c);
    this.cap = c;
  }

  ensureType(t: number): void {
    while (this.winType.length <= t) { this.winType.push(new Float64Array(this.cap * this.W)); this.decayType.push(new Float64Array(this.cap)); }
  }

  ensureChannel(c: number): void {
    while (this.chanSeen.length <= c) { this.winChan.push(new Float64Array(this.cap * this.W)); this.chanSeen.push(new Uint8Array(this.cap)); }
  }
}

/** Everything the per-block kernel needs, resolved once. */
interface Pass {
  readonly by: string;
  readonly fTime: string;
  readonly fType: string;
  readonly fChannel: string | null;
  readonly fValue: string;
  readonly asOf: number;
  readonly winMs: Float64Array;
  readonly decayRate: number;
  readonly hasDecay: boolean;
  readonly purchaseType: string;
  readonly fixedPeople: boolean;
  readonly pIndex: Map<string, number>;
  readonly ids: string[];
  readonly types: Interner;
  readonly channels: Interner;
  readonly acc: Accumulators;
  lastId: string | undefined;
  lastP: number;
}

/**
 * The hot kernel over events `[start, end)`. Kept small and called once per block of events, so
 * the engine optimizes it after the first blocks instead of running one giant loop unoptimized.
 */
function accumulateBlock(s: Pass, events: readonly unknown[], start: number, end: number): void {
  const acc = s.acc;
  const W = acc.W;
  const winMs = s.winMs;
  for (let i = start; i < end; i++) {
    const ev = events[i] as Record<string, unknown> | null;
    if (typeof ev !== 'object' || ev === null || Array.isArray(ev)) throw badEvent(i, null, `must be an object, got ${kind(ev)}`);
    const id = ev[s.by];
    const time = ev[s.fTime];
    const type = ev[s.fType];
    if (typeof id !== 'string') throw badEvent(i, s.by, `must be a string, got ${kind(id)}`);
    if (typeof time !== 'number' || !Number.isFinite(time)) throw badEvent(i, s.fTime, typeof time === 'number' ? `must be a finite time, got ${String(time)}` : `must be a number (epoch ms), got ${kind(time)}`);
    if (typeof type !== 'string') throw badEvent(i, s.fType, `must be a string, got ${kind(type)}`);
    let c = -1;
    if (s.fChannel !== null) {
      const ch = ev[s.fChannel];
      if (typeof ch !== 'string') throw badEvent(i, s.fChannel, `must be a string, got ${kind(ch)}`);
      c = s.channels.get(ch);
    }
    const isTx = type === s.purchaseType;
    let value = 0;
    if (isTx) {
      const v = ev[s.fValue];
      if (v !== undefined && v !== null) {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw badEvent(i, s.fValue, typeof v === 'number' ? `must be finite, got ${String(v)}` : `must be a number, got ${kind(v)}`);
        value = v;
      }
    }
    if (time > s.asOf) continue;

    let p: number;
    if (id === s.lastId) p = s.lastP;
    else {
      const q = s.pIndex.get(id);
      if (q === undefined) {
        if (s.fixedPeople) continue;
        p = s.ids.length;
        s.pIndex.set(id, p);
        s.ids.push(id);
        acc.ensurePeople(p + 1);
      } else p = q;
      s.lastId = id; s.lastP = p;
    }
    const t = s.types.get(type);
    if (t >= 0 && t >= acc.winType.length) acc.ensureType(t);
    if (c >= 0 && c >= acc.chanSeen.length) acc.ensureChannel(c);

    const age = s.asOf - time;
    const pw = p * W;
    if (W > 0) {
      const wtot = acc.winTotal;
      for (let w = 0; w < W; w++) if (age < winMs[w]!) wtot[pw + w]!++;
      if (t >= 0) { const a = acc.winType[t]!; for (let w = 0; w < W; w++) if (age < winMs[w]!) a[pw + w]!++; }
      if (c >= 0) { const a = acc.winChan[c]!; for (let w = 0; w < W; w++) if (age < winMs[w]!) a[pw + w]!++; }
    }
    if (s.hasDecay) {
      const d = Math.exp(-s.decayRate * age);
      acc.decayTotal[p]! += d;
      if (t >= 0) acc.decayType[t]![p]! += d;
    }
    if (c >= 0) acc.chanSeen[c]![p] = 1;
    acc.total[p]!++;
    if (time < acc.first[p]!) acc.first[p] = time;
    if (time > acc.last[p]!) acc.last[p] = time;
    if (isTx) {
      acc.freq[p]!++;
      acc.money[p]! += value;
      if (time > acc.lastTx[p]!) acc.lastTx[p] = time;
    }
  }
}

const BLOCK = 1 << 16;

/**
 * Per-person event aggregates, ready to join with profiles and vectorize: for each trailing
 * window, counts of all events, by type and by channel; exponentially decayed counts (total and
 * by type, half-life `halfLife`); RFM on transactions (`purchaseType` events: recency = time since
 * the last one, frequency = their number, monetary = the sum of their `value`, avgValue); time since
 * the last and the first event; total events; distinct channels. Events after `asOf` are excluded.
 * Columns are named `events_7d`, `type:click_7d`, `channel:jd_search_7d`, `decayed`,
 * `decayed:click`, `recency`, `frequency`, `monetary`, `avgValue`, `lastSeen`, `firstSeen`,
 * `events`, `distinctChannels` (window labels use the unit: `7d`, `12h`, `2w`, `500ms`).
 * `recency` and `avgValue` are `null` for a person with no transaction, `lastSeen` / `firstSeen`
 * `null` for a listed person with no event.
 *
 * One columnar pass: person ids, types and channels are interned to dense indices and counts
 * accumulate in typed arrays (no per-event object or Map churn). O(events × windows + people × columns).
 *
 * @param events - rows like `WorldEvent` (`{ personId, time, type, channel, value? }`), any field names via `by` / `fields`.
 * @param options - {@link AggregateEventsOptionsSchema}; `asOf` and `unit` are required.
 * @returns one row per person (sorted by id, or in `people` order).
 * @throws AudienceKitError `INVALID_OPTION` for bad options; `INVALID_INPUT` with the event index and field for a
 *   non-object event, a non-string person / type / channel, a non-finite time or value.
 * @example
 * aggregateEvents([{ personId: 'a', time: 0, type: 'purchase', channel: 'web', value: 10 }],
 *   { asOf: 86_400_000, unit: 'day', windows: [7], halfLife: 1 });
 * // => [{ personId: 'a', events_7d: 1, 'type:purchase_7d': 1, 'channel:web_7d': 1, decayed: 0.5, 'decayed:purchase': 0.5,
 * //       recency: 1, frequency: 1, monetary: 10, avgValue: 10, lastSeen: 1, firstSeen: 1, events: 1, distinctChannels: 1 }]
 */
export function aggregateEvents(events: readonly unknown[], options: AggregateEventsOptions): EventAggregateRow[] {
  const o = parseWith(AggregateEventsOptionsSchema, options, 'aggregateEvents options', 'INVALID_OPTION');
  if (!Array.isArray(events)) throw new AudienceKitError('INVALID_INPUT', 'aggregateEvents: events must be an array');
  const unitMs = UNIT_MS[o.unit];
  const asOf = o.asOf;
  const W = o.windows.length;
  const winMs = Float64Array.from(o.windows, (w) => w * unitMs);
  const decayRate = o.halfLife === undefined ? 0 : Math.LN2 / (o.halfLife * unitMs);
  const hasDecay = o.halfLife !== undefined;
  const by = o.by;

  const types = new Interner(o.types !== undefined, o.types ?? []);
  const channels = new Interner(o.channels !== undefined, o.channels ?? []);
  const pIndex = new Map<string, number>();
  const ids: string[] = [];
  if (o.people) for (const id of o.people) if (!pIndex.has(id)) { pIndex.set(id, ids.length); ids.push(id); }
  const acc = new Accumulators(W, Math.max(Math.min(events.length, 1 << 16), 1024, ids.length));
  const pass: Pass = {
    by: o.by, fTime: o.fields.time, fType: o.fields.type, fChannel: o.fields.channel, fValue: o.fields.value,
    asOf, winMs, decayRate, hasDecay: o.halfLife !== undefined, purchaseType: o.purchaseType,
    fixedPeople: o.people !== undefined, pIndex, ids, types, channels, acc, lastId: undefined, lastP: -1,
  };
  const n = events.length;
  for (let b = 0; b < n; b += BLOCK) accumulateBlock(pass, events, b, Math.min(n, b + BLOCK));

  // Column layout: sorted type / channel names (or the given order), each with its accumulator.
  const order = (values: readonly string[], given: boolean): number[] => {
    const idx = values.map((_, i) => i);
    if (!given) idx.sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : 0));
    return idx;
  };
  const typeOrder = order(types.values, o.types !== undefined);
  const chanOrder = order(channels.values, o.channels !== undefined);
  const labels = o.windows.map((w) => `${w}${UNIT_SUFFIX[o.unit]}`);
  const zeros = new Float64Array(acc.cap * W);
  const zerosP = new Float64Array(acc.cap);
  // Numeric count columns: value = src[p * stride + off]. Keys are built once, not per row.
  const cols: { key: string; src: Float64Array; stride: number; off: number }[] = [];
  for (let w = 0; w < W; w++) cols.push({ key: `events_${labels[w]!}`, src: acc.winTotal, stride: W, off: w });
  for (const t of typeOrder) for (let w = 0; w < W; w++) cols.push({ key: `type:${types.values[t]!}_${labels[w]!}`, src: acc.winType[t] ?? zeros, stride: W, off: w });
  for (const c of chanOrder) for (let w = 0; w < W; w++) cols.push({ key: `channel:${channels.values[c]!}_${labels[w]!}`, src: acc.winChan[c] ?? zeros, stride: W, off: w });
  if (hasDecay) {
    cols.push({ key: 'decayed', src: acc.decayTotal, stride: 1, off: 0 });
    for (const t of typeOrder) cols.push({ key: `decayed:${types.values[t]!}`, src: acc.decayType[t] ?? zerosP, stride: 1, off: 0 });
  }

  const outOrder = ids.map((_, i) => i);
  if (o.people === undefined) outOrder.sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  return buildRows(acc, ids, outOrder, by, cols, asOf, unitMs);
}

/** Materializes one plain object per person, every row with the same keys in the same order. */
function buildRows(acc: Accumulators, ids: readonly string[], outOrder: readonly number[], by: string,
  cols: readonly { key: string; src: Float64Array; stride: number; off: number }[], asOf: number, unitMs: number): EventAggregateRow[] {
  const rows = new Array<EventAggregateRow>(outOrder.length);
  const nc = cols.length;
  const chanSeen = acc.chanSeen;
  // Every row is a shallow copy of one template with all keys in order (one hidden class, no
  // per-key transitions), then its values are overwritten.
  const template: EventAggregateRow = Object.fromEntries<string | number | null>([
    [by, ''], ...cols.map((c): [string, number] => [c.key, 0]),
    ['recency', null], ['frequency', 0], ['monetary', 0], ['avgValue', null], ['lastSeen', null], ['firstSeen', null], ['events', 0], ['distinctChannels', 0],
  ]);
  for (let r = 0; r < outOrder.length; r++) {
    const p = outOrder[r]!;
    const row: EventAggregateRow = { ...template };
    row[by] = ids[p]!;
    for (let k = 0; k < nc; k++) { const c = cols[k]!; row[c.key] = c.src[p * c.stride + c.off]!; }
    const f = acc.freq[p]!;
    row.recency = f > 0 ? (asOf - acc.lastTx[p]!) / unitMs : null;
    row.frequency = f;
    row.monetary = acc.money[p]!;
    row.avgValue = f > 0 ? acc.money[p]! / f : null;
    const any = acc.total[p]! > 0;
    row.lastSeen = any ? (asOf - acc.last[p]!) / unitMs : null;
    row.firstSeen = any ? (asOf - acc.first[p]!) / unitMs : null;
    row.events = acc.total[p]!;
    let dc = 0;
    for (let c = 0; c < chanSeen.length; c++) dc += chanSeen[c]![p]!;
    row.distinctChannels = dc;
    rows[r] = row;
  }
  return rows;
}
