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
  const { time: fTime, type: fType, channel: fChannel, value: fValue } = o.fields;
  const by = o.by;

  const types = new Interner(o.types !== undefined, o.types ?? []);
  const channels = new Interner(o.channels !== undefined, o.channels ?? []);
  // The purchase type must be counted for RFM even when it has no count column.
  const purchaseType = o.purchaseType;

  const fixedPeople = o.people !== undefined;
  const pIndex = new Map<string, number>();
  const ids: string[] = [];
  if (o.people) for (const id of o.people) if (!pIndex.has(id)) { pIndex.set(id, ids.length); ids.push(id); }
  let cap = Math.max(1024, ids.length);

  let winTotal = new Float64Array(cap * W);
  const winType: Float64Array[] = [];
  const winChan: Float64Array[] = [];
  let decayTotal = new Float64Array(cap);
  const decayType: Float64Array[] = [];
  let first = new Float64Array(cap).fill(Infinity);
  let last = new Float64Array(cap).fill(-Infinity);
  let lastTx = new Float64Array(cap).fill(-Infinity);
  let freq = new Float64Array(cap);
  let money = new Float64Array(cap);
  let total = new Float64Array(cap);
  const chanSeen: Uint8Array[] = [];

  const growAll = (need: number): void => {
    let c = cap;
    while (c < need) c *= 2;
    winTotal = grow(winTotal, c * W);
    for (let t = 0; t < winType.length; t++) winType[t] = grow(winType[t]!, c * W);
    for (let t = 0; t < winChan.length; t++) winChan[t] = grow(winChan[t]!, c * W);
    for (let t = 0; t < decayType.length; t++) decayType[t] = grow(decayType[t]!, c);
    for (let t = 0; t < chanSeen.length; t++) { const b = new Uint8Array(c); b.set(chanSeen[t]!); chanSeen[t] = b; }
    decayTotal = grow(decayTotal, c);
    first = grow(first, c, Infinity); last = grow(last, c, -Infinity); lastTx = grow(lastTx, c, -Infinity);
    freq = grow(freq, c); money = grow(money, c); total = grow(total, c);
    cap = c;
  };

  let lastId: unknown = undefined;
  let lastP = -1;
  const n = events.length;
  for (let i = 0; i < n; i++) {
    const ev = events[i] as Record<string, unknown> | null;
    if (typeof ev !== 'object' || ev === null || Array.isArray(ev)) throw badEvent(i, null, `must be an object, got ${kind(ev)}`);
    const id = ev[by];
    const time = ev[fTime];
    const type = ev[fType];
    if (typeof id !== 'string') throw badEvent(i, by, `must be a string, got ${kind(id)}`);
    if (typeof time !== 'number' || !Number.isFinite(time)) throw badEvent(i, fTime, typeof time === 'number' ? `must be a finite time, got ${String(time)}` : `must be a number (epoch ms), got ${kind(time)}`);
    if (typeof type !== 'string') throw badEvent(i, fType, `must be a string, got ${kind(type)}`);
    let c = -1;
    if (fChannel !== null) {
      const ch = ev[fChannel];
      if (typeof ch !== 'string') throw badEvent(i, fChannel, `must be a string, got ${kind(ch)}`);
      c = channels.get(ch);
    }
    const isTx = type === purchaseType;
    let value = 0;
    if (isTx) {
      const v = ev[fValue];
      if (v !== undefined && v !== null) {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw badEvent(i, fValue, typeof v === 'number' ? `must be finite, got ${String(v)}` : `must be a number, got ${kind(v)}`);
        value = v;
      }
    }
    if (time > asOf) continue;

    let p: number;
    if (id === lastId) p = lastP;
    else {
      const q = pIndex.get(id);
      if (q === undefined) {
        if (fixedPeople) continue;
        p = ids.length;
        pIndex.set(id, p);
        ids.push(id);
        if (p >= cap) growAll(p + 1);
      } else p = q;
      lastId = id; lastP = p;
    }
    const t = types.get(type);
    if (t >= winType.length && t >= 0) {
      while (winType.length <= t) { winType.push(new Float64Array(cap * W)); decayType.push(new Float64Array(cap)); }
    }
    if (c >= chanSeen.length && c >= 0) {
      while (chanSeen.length <= c) { winChan.push(new Float64Array(cap * W)); chanSeen.push(new Uint8Array(cap)); }
    }

    const age = asOf - time;
    const pw = p * W;
    const wt = t >= 0 ? winType[t]! : null;
    const wc = c >= 0 ? winChan[c]! : null;
    for (let w = 0; w < W; w++) {
      if (age < winMs[w]!) {
        winTotal[pw + w]!++;
        if (wt) wt[pw + w]!++;
        if (wc) wc[pw + w]!++;
      }
    }
    if (hasDecay) {
      const d = Math.exp(-decayRate * age);
      decayTotal[p]! += d;
      if (t >= 0) decayType[t]![p]! += d;
    }
    if (c >= 0) chanSeen[c]![p] = 1;
    total[p]!++;
    if (time < first[p]!) first[p] = time;
    if (time > last[p]!) last[p] = time;
    if (isTx) {
      freq[p]!++;
      money[p]! += value;
      if (time > lastTx[p]!) lastTx[p] = time;
    }
  }

  // Column layout: sorted type / channel names (or the given order), each with its accumulator.
  const order = (values: readonly string[], given: boolean): number[] => {
    const idx = values.map((_, i) => i);
    if (!given) idx.sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : 0));
    return idx;
  };
  const typeOrder = order(types.values, o.types !== undefined);
  const chanOrder = order(channels.values, o.channels !== undefined);
  const labels = o.windows.map((w) => `${w}${UNIT_SUFFIX[o.unit]}`);
  const zeros = new Float64Array(cap * W);
  const zerosP = new Float64Array(cap);

  const outOrder = ids.map((_, i) => i);
  if (!fixedPeople) outOrder.sort((a, b) => (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));

  const rows: EventAggregateRow[] = new Array<EventAggregateRow>(outOrder.length);
  for (let r = 0; r < outOrder.length; r++) {
    const p = outOrder[r]!;
    const row: EventAggregateRow = { [by]: ids[p]! };
    const pw = p * W;
    for (let w = 0; w < W; w++) row[`events_${labels[w]!}`] = winTotal[pw + w]!;
    for (const t of typeOrder) { const a = winType[t] ?? zeros; for (let w = 0; w < W; w++) row[`type:${types.values[t]!}_${labels[w]!}`] = a[pw + w]!; }
    for (const c of chanOrder) { const a = winChan[c] ?? zeros; for (let w = 0; w < W; w++) row[`channel:${channels.values[c]!}_${labels[w]!}`] = a[pw + w]!; }
    if (hasDecay) {
      row.decayed = decayTotal[p]!;
      for (const t of typeOrder) row[`decayed:${types.values[t]!}`] = (decayType[t] ?? zerosP)[p]!;
    }
    const f = freq[p]!;
    row.recency = f > 0 ? (asOf - lastTx[p]!) / unitMs : null;
    row.frequency = f;
    row.monetary = money[p]!;
    row.avgValue = f > 0 ? money[p]! / f : null;
    const any = total[p]! > 0;
    row.lastSeen = any ? (asOf - last[p]!) / unitMs : null;
    row.firstSeen = any ? (asOf - first[p]!) / unitMs : null;
    row.events = total[p]!;
    let dc = 0;
    for (let c = 0; c < chanSeen.length; c++) dc += chanSeen[c]![p]!;
    row.distinctChannels = dc;
    rows[r] = row;
  }
  return rows;
}
