import { z } from 'zod';
import { AudienceKitError, EpochMs, isEventColumns, parseWith, type CodeColumn, type EventColumns } from '../core/index.js';
import { badColumn, checkEventColumnsShape, rejectRowOptions } from '../core/internal/eventColumns.js';
import { hashId, readAhead, READ_AHEAD, StringIndex } from '../core/internal/stringIndex.js';
import { sortByString } from './internal/sortByString.js';
import { giveAggregateWorkspace, isAggregateWorkspace, takeAggregateWorkspace, workspacePersonIndex, workspaceRecords, type AggregateWorkspace } from './aggregateWorkspace.js';

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
  /**
   * `rows` (default): one plain object per person. `columns`: {@link EventAggregateColumns}, one
   * Float64Array per column — the same numbers without an object per person, in typed arrays
   * (on a VM, first-touching the output's fresh pages costs about as much as building the rows).
   */
  output: z.enum(['rows', 'columns']).default('rows'),
  /** Output exactly these people, in this order (people without events get zero counts); events of others are ignored; a repeated id is an `INVALID_OPTION`. Default: everyone with an event at or before `asOf`, sorted by id. */
  people: z.array(z.string()).optional(),
  /** Work memory reused across calls ({@link createAggregateWorkspace}): same results, less fresh memory per call. */
  workspace: z.custom<AggregateWorkspace>((v) => isAggregateWorkspace(v), { message: 'must be an AggregateWorkspace from createAggregateWorkspace()' }).optional(),
});
export type AggregateEventsOptions = z.input<typeof AggregateEventsOptionsSchema>;

/** One person's aggregates: the `by` field holds the person id; missing values (no purchase yet) are `null`. */
export type EventAggregateRow = Record<string, string | number | null>;

/**
 * The columnar form of {@link aggregateEvents} (`output: 'columns'`): the same numbers as the rows
 * form, person `i` being `ids[i]`. All columns and masks are views of one buffer, which (without a
 * `workspace`) also holds the per-person work records (one allocation instead of two: each large one can start a full GC
 * over the caller's events; a second one when the 32-bit count fallback runs). So the buffer is
 * larger than the columns (by ~45 % in the benchmark's 76-column shape), any column keeps all of it alive, and transferring one column's `buffer` to a worker
 * detaches every column. Copy a column (`slice()`) to keep it alone.
 */
export interface EventAggregateColumns {
  /** The `by` option: the field that holds the person id in the rows form. */
  readonly by: string;
  /** Person ids, in output order (sorted, or the `people` order). */
  readonly ids: string[];
  /** Column names, in the rows form's key order (without `by`). */
  readonly names: string[];
  /** One Float64Array of `ids.length` values per name. */
  readonly columns: Map<string, Float64Array>;
  /**
   * For the columns that can be `null` in the rows form (`recency`, `avgValue`, `lastSeen`,
   * `firstSeen`): 1 where the rows form has `null` (the column then holds 0), else 0.
   */
  readonly missing: Map<string, Uint8Array>;
}

const UNIT_MS = { ms: 1, hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;
const UNIT_SUFFIX = { ms: 'ms', hour: 'h', day: 'd', week: 'w' } as const;

/**
 * Interns strings to dense indices (types, channels). The values seen so far are first compared by
 * identity in a short scan (event types and channels are a handful of strings, usually the same
 * string objects, so this is cheaper than a `Map` lookup per event), then looked up in a `Map`.
 */
class Interner {
  readonly index = new Map<string, number>();
  readonly values: string[] = [];
  constructor(private readonly fixed: boolean, initial: readonly string[] = []) {
    for (const v of initial) if (!this.index.has(v)) { this.index.set(v, this.values.length); this.values.push(v); }
  }
  /** Index of `v`, or −1 when the set is fixed and `v` is not in it. */
  get(v: string): number {
    const values = this.values, n = values.length < 16 ? values.length : 16;
    for (let k = 0; k < n; k++) if (values[k] === v) return k;
    let i = this.index.get(v);
    if (i === undefined) {
      if (this.fixed) return -1;
      i = values.length; this.index.set(v, i); values.push(v);
    }
    return i;
  }
}

function badEvent(i: number, field: string | null, what: string): AudienceKitError {
  const path = field === null ? ['events', i] : ['events', i, field];
  return new AudienceKitError('INVALID_INPUT', `aggregateEvents: ${field === null ? `events[${i}]` : `events[${i}].${field}`} ${what}`, { issues: [{ path, message: what }], details: { row: i, ...(field === null ? {} : { field }) } });
}

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Everything the two passes need, resolved once. */
interface Pass {
  readonly by: string;
  readonly fTime: string;
  readonly fType: string;
  readonly fChannel: string | null;
  readonly fValue: string;
  readonly asOf: number;
  readonly purchaseType: string;
  readonly fixedPeople: boolean;
  readonly people: StringIndex;
  readonly types: Interner;
  readonly channels: Interner;
  /** Per event: person index (−1 = excluded). Time, type and channel are read again in pass 2. */
  readonly pIdx: Int32Array;
  lastId: string | undefined;
  lastP: number;
  /** A sum of the table slots read ahead (kept so the loads are not optimized away; never read). */
  touched: number;
}

/**
 * Pass 1 over events `[start, end)`: validates each event, interns its person into a dense index
 * (stored per event, the only per-event array) and collects the types and channels. Person ids are
 * interned here rather than in the counting pass so that the number of people is known before any
 * record is allocated: the records and the columnar output are then ONE allocation. Each large
 * allocation beyond V8's external-memory allowance (64 MB since the last full GC) starts a full
 * mark-compact over everything live — with 10M event objects, ~1.2 s each (measured: a single
 * counting pass with records allocated as people appeared paid three).
 */
function internBlock(s: Pass, events: readonly unknown[], start: number, end: number): void {
  // Locals, not `s.x` loads: the engine cannot hoist those past the calls in the loop.
  const by = s.by, fTime = s.fTime, fType = s.fType, fChannel = s.fChannel, fValue = s.fValue, asOf = s.asOf, purchaseType = s.purchaseType;
  const people = s.people, types = s.types, channels = s.channels, fixedPeople = s.fixedPeople;
  const pIdx = s.pIdx;
  let lastId = s.lastId, lastP = s.lastP;
  const ids = new Array<unknown>(READ_AHEAD).fill(undefined), hashes = new Int32Array(READ_AHEAD);
  let sink = 0;
  for (let i0 = start; i0 < end; i0 += READ_AHEAD) {
    const m0 = Math.min(READ_AHEAD, end - i0);
    // The ids read, hashed and their table slots touched ahead of the in-order checks (as in
    // lifecycle's assignStages): the ids' strings and slots are scattered, and tight loops of
    // independent loads keep many misses in flight. A getter that answers is called once per event;
    // one that threw or gave undefined there is called again in order, so its error comes in order.
    sink += readAhead(events, i0, m0, by, people, ids, hashes);
    for (let k = 0; k < m0; k++) {
      const i = i0 + k;
      const ev = events[i] as Record<string, unknown> | null;
      if (typeof ev !== 'object' || ev === null || Array.isArray(ev)) throw badEvent(i, null, `must be an object, got ${kind(ev)}`);
      const ahead = ids[k];
      const id = ahead !== undefined ? ahead : ev[by]; // undefined: not read ahead (or its getter threw there), read in order
      const time = ev[fTime];
      const type = ev[fType];
      if (typeof id !== 'string') throw badEvent(i, by, `must be a string, got ${kind(id)}`);
      if (typeof time !== 'number' || !Number.isFinite(time)) throw badEvent(i, fTime, typeof time === 'number' ? `must be a finite time, got ${String(time)}` : `must be a number (epoch ms), got ${kind(time)}`);
      if (typeof type !== 'string') throw badEvent(i, fType, `must be a string, got ${kind(type)}`);
      if (fChannel !== null) {
        const ch = ev[fChannel];
        if (typeof ch !== 'string') throw badEvent(i, fChannel, `must be a string, got ${kind(ch)}`);
        channels.get(ch);
      }
      if (type === purchaseType) {
        const v = ev[fValue];
        if (v !== undefined && v !== null && (typeof v !== 'number' || !Number.isFinite(v))) {
          throw badEvent(i, fValue, typeof v === 'number' ? `must be finite, got ${String(v)}` : `must be a number, got ${kind(v)}`);
        }
      }
      pIdx[i] = -1;
      if (time > asOf) continue;
      let p: number;
      if (id === lastId) p = lastP;
      else {
        const h = ahead !== undefined ? hashes[k]! : hashId(id); // an id read in order is hashed here
        p = fixedPeople ? people.findHashed(id, h) : people.internHashed(id, h);
        lastId = id; lastP = p;
      }
      if (p < 0) continue;
      pIdx[i] = p;
      types.get(type);
    }
  }
  s.touched += sink;
  s.lastId = lastId; s.lastP = lastP;
}

/**
 * One record per person, `RB` bytes, read through three views of one buffer: Float64 (sums and
 * times), Uint32 (total and frequency) and the count view, Uint16 (narrow) or Uint32 (wide).
 * Offsets are in units of the view they are read through. Layout, grouped by what one event
 * touches, so an event touches ~3 cache lines instead of spreading over the whole record:
 *
 *     header   decayed, first, last, last transaction, monetary (f64) | total, frequency (u32) | count per window
 *     type t   decayed by t (f64, only with a half-life) | count per window
 *     channel  count per window | seen flag
 *
 * Counts are Uint16 unless some person has more than 65,535 events (see {@link aggregateEvents}: the
 * pass is then redone with Uint32 counts): 16-bit counts keep the records ~30% smaller, and fresh
 * memory is slow to first-touch on VMs.
 */
interface Layout {
  readonly W: number;
  readonly T: number;
  readonly C: number;
  /** Bytes per count: 2 (Uint16) or 4 (Uint32). */
  readonly cw: 2 | 4;
  /** Record size in bytes (a multiple of 8). */
  readonly RB: number;
  /** Float64 offsets. */
  readonly decay: number; readonly first: number; readonly last: number; readonly lastTx: number; readonly money: number;
  /** Uint32 offsets. */
  readonly total: number; readonly freq: number;
  /** Count-view offset of the window counts. */
  readonly win: number;
  /** Type slices: Float64 offset of decayed-by-type 0, count-view offset of type 0's window counts, slice size in each unit. */
  readonly typeDecay: number; readonly typeWin: number; readonly typeStrideD: number; readonly typeStrideC: number;
  /** Channel slices: count-view offset of channel 0's window counts and flag, slice size in count units. */
  readonly chanWin: number; readonly chanFlag: number; readonly chanStrideC: number;
}

const up8 = (b: number): number => Math.ceil(b / 8) * 8;

function layout(W: number, T: number, C: number, hasDecay: boolean, cw: 2 | 4): Layout {
  const head = up8(48 + W * cw);
  const TS = up8((hasDecay ? 8 : 0) + W * cw);
  const chan0 = head + T * TS, CS = (W + 1) * cw;
  const RB = up8(chan0 + C * CS);
  return {
    W, T, C, cw, RB, decay: 0, first: 1, last: 2, lastTx: 3, money: 4, total: 10, freq: 11, win: 48 / cw,
    typeDecay: head / 8, typeWin: (head + (hasDecay ? 8 : 0)) / cw, typeStrideD: TS / 8, typeStrideC: TS / cw,
    chanWin: chan0 / cw, chanFlag: chan0 / cw + W, chanStrideC: CS / cw,
  };
}

/** A person's total above this makes 16-bit counts unsafe (the pass is then redone with 32-bit counts). */
const NARROW_LIMIT = 0xffff;

/** The person records: `P × RB` bytes of one buffer, through three views (see {@link Layout}). */
interface Records {
  readonly L: Layout;
  readonly f64: Float64Array;
  readonly u32: Uint32Array;
  readonly cnt: Uint16Array | Uint32Array;
}

/** Records of `P` people at byte `offset` of `buffer`, first / last times set to ±Infinity. */
function records(L: Layout, buffer: ArrayBuffer, offset: number, P: number): Records {
  const f64 = new Float64Array(buffer, offset, (P * L.RB) / 8);
  const R: Records = { L, f64, u32: new Uint32Array(buffer, offset, (P * L.RB) / 4), cnt: L.cw === 2 ? new Uint16Array(buffer, offset, (P * L.RB) / 2) : new Uint32Array(buffer, offset, (P * L.RB) / 4) };
  const SD = L.RB / 8;
  for (let b = 0; b < P * SD; b += SD) { f64[b + L.first] = Infinity; f64[b + L.last] = -Infinity; f64[b + L.lastTx] = -Infinity; }
  return R;
}

/**
 * Adds one included event to person record `p` (see {@link Layout}): time `tm` (≤ asOf), type
 * slice `t` and channel slice `c` (−1: none), amount `v` (`NaN`: none; counted for purchases
 * only). Returns true when the person's total exceeds {@link NARROW_LIMIT} with 16-bit counts.
 * The one update both counting passes (objects, columns) share.
 */
function addEvent(R: Records, winMs: Float64Array, decayRate: number, asOf: number, purchaseT: number, p: number, tm: number, t: number, c: number, v: number): boolean {
  const L = R.L, f64 = R.f64, u32 = R.u32, cnt = R.cnt, W = L.W;
  const rb = p * L.RB, bd = rb >> 3, bu = rb >> 2, bc = L.cw === 2 ? rb >> 1 : rb >> 2;
  const age = asOf - tm;
  // Header first (one cache line), then the type and channel slices.
  const n = u32[bu + L.total]! + 1;
  u32[bu + L.total] = n;
  if (tm < f64[bd + L.first]!) f64[bd + L.first] = tm;
  if (tm > f64[bd + L.last]!) f64[bd + L.last] = tm;
  const d = decayRate > 0 ? Math.exp(-decayRate * age) : 0;
  if (decayRate > 0) f64[bd + L.decay]! += d;
  if (t === purchaseT && t >= 0) {
    u32[bu + L.freq]!++;
    if (v === v) f64[bd + L.money]! += v;
    if (tm > f64[bd + L.lastTx]!) f64[bd + L.lastTx] = tm;
  }
  for (let w = 0; w < W; w++) if (age < winMs[w]!) cnt[bc + L.win + w]!++;
  if (t >= 0) {
    if (decayRate > 0) f64[bd + L.typeDecay + t * L.typeStrideD]! += d;
    const o = bc + L.typeWin + t * L.typeStrideC;
    for (let w = 0; w < W; w++) if (age < winMs[w]!) cnt[o + w]!++;
  }
  if (c >= 0) {
    const o = bc + L.chanWin + c * L.chanStrideC;
    for (let w = 0; w < W; w++) if (age < winMs[w]!) cnt[o + w]!++;
    cnt[bc + L.chanFlag + c * L.chanStrideC] = 1;
  }
  return L.cw === 2 && n > NARROW_LIMIT;
}

/**
 * Pass 2 over events `[start, end)`: accumulates each included event into its person's record
 * (see {@link Layout}). Returns true when a person's total exceeds {@link NARROW_LIMIT} with
 * 16-bit counts (the caller then redoes the pass with 32-bit counts).
 */
function countBlock(R: Records, s: Pass, events: readonly unknown[], winMs: Float64Array, decayRate: number, purchaseT: number, start: number, end: number): boolean {
  const { RB, total } = R.L;
  const pIdx = s.pIdx, types = s.types, channels = s.channels, u32 = R.u32;
  const asOf = s.asOf, fValue = s.fValue, fTime = s.fTime, fType = s.fType, fChannel = s.fChannel;
  let overflow = false;
  const RW = RB >> 2;
  for (let i0 = start; i0 < end; i0 += AHEAD) {
    const i1 = Math.min(end, i0 + AHEAD);
    // Touch the header of the next AHEAD events' records first: a tight loop of independent loads
    // keeps many cache / TLB misses in flight at once, where the full update below (long and
    // branchy) would wait for them one or two at a time.
    let sink = 0;
    for (let i = i0; i < i1; i++) { const p = pIdx[i]!; if (p >= 0) sink += u32[p * RW + total]!; }
    if (sink < 0) overflow = true; // never: keeps the loads alive
  for (let i = i0; i < i1; i++) {
    const p = pIdx[i]!;
    if (p < 0) continue;
    const ev = events[i] as Record<string, unknown>;
    const time = ev[fTime], type = ev[fType], ch = fChannel === null ? null : ev[fChannel];
    // Checked in pass 1; only an event whose getters answer differently the second time fails here.
    if (typeof time !== 'number' || !(time <= asOf) || typeof type !== 'string' || (fChannel !== null && typeof ch !== 'string')) throw badEvent(i, null, 'changed between the two passes (getters?)');
    const t = types.get(type), c = typeof ch === 'string' ? channels.get(ch) : -1;
    const v = t === purchaseT ? ev[fValue] : undefined;
    if (addEvent(R, winMs, decayRate, asOf, purchaseT, p, time, t, c, typeof v === 'number' ? v : Number.NaN)) overflow = true;
  }
  }
  return overflow;
}

const BLOCK = 1 << 16;
/** Events whose records are touched ahead of their update (see countBlock). */
const AHEAD = 32;


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
 * Two passes over the events: person ids are interned to dense indices (an open-addressing
 * table, no `Map`), then counts and sums accumulate into one compact record per person (16-bit
 * counts, 32-bit when a person has more than 65,535 events), allocated with the columnar output
 * in one buffer (with a `workspace`, the records are its memory and the output has its own). O(events × windows + people × columns). With `output: 'columns'` the result is
 * {@link EventAggregateColumns} (one Float64Array per column) instead of one object per person.
 *
 * Events may also come as {@link EventColumns} (the library's columnar event input, e.g. from
 * `toEventColumns` or an Arrow / Parquet source): the result is exactly the one of the same event
 * objects (same people, order, columns and numbers). No id is interned per event: the person codes
 * index the records directly, so the first pass only checks the rows (person / type / channel codes
 * in range, finite times, a purchase's value finite or `NaN` = no value) and marks who and what is
 * seen. People are reported as for objects — everyone with a row at or before `asOf`, sorted by id
 * (not `personIds` order), or the `people` option. Missing channel columns = events without a
 * channel (as `fields: { channel: null }`); a negative channel code = that row has none. `by` and
 * `fields` do not apply (the rows form still keys the id as `personId`). The arrays are never
 * copied or modified.
 *
 * @param events - rows like `WorldEvent` (`{ personId, time, type, channel, value? }`), any field names via `by` / `fields`;
 *   or {@link EventColumns}.
 * @param options - {@link AggregateEventsOptionsSchema}; `asOf` and `unit` are required. `workspace`
 *   ({@link createAggregateWorkspace}): memory reused across calls, the same results.
 * @returns one row per person (sorted by id, or in `people` order); with `output: 'columns'`, the same as {@link EventAggregateColumns}.
 * @throws AudienceKitError `INVALID_OPTION` for bad options (and `by` / `fields` with columns, and a `workspace`
 *   another call is using); `INVALID_INPUT` with the event
 *   index and field for a non-object event, a non-string person / type / channel, a non-finite time or value; with columns,
 *   naming `columns.<column>[row]` for a bad shape or length, a repeated person id, a code out of range, a non-finite time,
 *   an infinite purchase value.
 * @example
 * aggregateEvents([{ personId: 'a', time: 0, type: 'purchase', channel: 'web', value: 10 }],
 *   { asOf: 86_400_000, unit: 'day', windows: [7], halfLife: 1 });
 * // => [{ personId: 'a', events_7d: 1, 'type:purchase_7d': 1, 'channel:web_7d': 1, decayed: 0.5, 'decayed:purchase': 0.5,
 * //       recency: 1, frequency: 1, monetary: 10, avgValue: 10, lastSeen: 1, firstSeen: 1, events: 1, distinctChannels: 1 }]
 * aggregateEvents(toEventColumns(events), options); // the same result from columns
 */
export function aggregateEvents(events: readonly unknown[] | EventColumns, options: AggregateEventsOptions & { output?: 'rows' }): EventAggregateRow[];
/** {@link aggregateEvents} in columnar form: the same numbers, a Float64Array per column ({@link EventAggregateColumns}). */
export function aggregateEvents(events: readonly unknown[] | EventColumns, options: AggregateEventsOptions & { output: 'columns' }): EventAggregateColumns;
export function aggregateEvents(events: readonly unknown[] | EventColumns, options: AggregateEventsOptions): EventAggregateRow[] | EventAggregateColumns;
export function aggregateEvents(events: readonly unknown[] | EventColumns, options: AggregateEventsOptions): EventAggregateRow[] | EventAggregateColumns {
  const o = parseWith(AggregateEventsOptionsSchema, options, 'aggregateEvents options', 'INVALID_OPTION');
  const ws = o.workspace;
  if (ws === undefined) return aggregateAny(events, o, options);
  if (!takeAggregateWorkspace(ws)) throw new AudienceKitError('INVALID_OPTION', 'aggregateEvents options: workspace is in use by another aggregateEvents call (a nested call?); give each concurrent call its own', { issues: [{ path: ['workspace'], message: 'in use' }] });
  try {
    return aggregateAny(events, o, options);
  } finally {
    giveAggregateWorkspace(ws);
  }
}

function aggregateAny(events: readonly unknown[] | EventColumns, o: ParsedOptions, options: AggregateEventsOptions): EventAggregateRow[] | EventAggregateColumns {
  if (isEventColumns(events)) return aggregateColumns(events, o, options);
  if (!Array.isArray(events)) throw new AudienceKitError('INVALID_INPUT', 'aggregateEvents: events must be an array of event objects or EventColumns');
  const { types, channels } = interners(o);
  const n = events.length;
  const people = peopleIndex(o, Math.min(n, 1 << 16));
  const pass: Pass = {
    by: o.by, fTime: o.fields.time, fType: o.fields.type, fChannel: o.fields.channel, fValue: o.fields.value,
    asOf: o.asOf, purchaseType: o.purchaseType, fixedPeople: o.people !== undefined, people, types, channels,
    pIdx: o.workspace !== undefined ? workspacePersonIndex(o.workspace, n) : new Int32Array(n), lastId: undefined, lastP: -1, touched: 0,
  };
  for (let b = 0; b < n; b += BLOCK) internBlock(pass, events, b, Math.min(n, b + BLOCK));

  const ids = people.ids;
  const count = (R: Records, winMs: Float64Array, decayRate: number, purchaseT: number): boolean => {
    let overflow = false;
    for (let b = 0; b < n; b += BLOCK) overflow = countBlock(R, pass, events, winMs, decayRate, purchaseT, b, Math.min(n, b + BLOCK)) || overflow;
    return overflow;
  };
  // Sorted by id (UTF-16 code-unit order), or the `people` order.
  const outputOrder = (): Int32Array => (o.people !== undefined ? identity(ids.length) : sortByString(identity(ids.length), ids));
  return aggregate(o, types, channels, ids, count, outputOrder);
}

type ParsedOptions = z.output<typeof AggregateEventsOptionsSchema>;

/** The type and channel interners of the options. The purchase type is always in a given type list (for RFM), with no columns unless listed. */
function interners(o: ParsedOptions): { types: Interner; channels: Interner } {
  const typeList = o.types ?? [];
  const types = new Interner(o.types !== undefined, o.types !== undefined && !typeList.includes(o.purchaseType) ? [...typeList, o.purchaseType] : typeList);
  const channels = new Interner(o.channels !== undefined, o.channels ?? []);
  return { types, channels };
}

/** The `people` option interned in order (a repeated id is an `INVALID_OPTION`); an empty table without it. */
function peopleIndex(o: ParsedOptions, expected: number): StringIndex {
  const people = new StringIndex(o.people ? o.people.length : expected);
  if (o.people) {
    for (let i = 0; i < o.people.length; i++) {
      const before = people.size;
      people.intern(o.people[i]!);
      if (people.size === before) throw new AudienceKitError('INVALID_OPTION', `aggregateEvents options: people[${i}] repeats an earlier person id`, { issues: [{ path: ['people', i], message: 'duplicate person id' }] });
    }
  }
  return people;
}

const identity = (n: number): Int32Array => {
  const a = new Int32Array(n);
  for (let r = 0; r < n; r++) a[r] = r;
  return a;
};

/**
 * Everything after the first pass, shared by the object and the columns paths: the record layout,
 * the output columns, one allocation for records and output, the counting pass (`count`, redone
 * with 32-bit counts when it reports a 16-bit overflow), and the output in `outputOrder()` (record
 * indices). `ids[p]` is the id of record p.
 */
function aggregate(o: ParsedOptions, types: Interner, channels: Interner, ids: readonly string[],
  count: (R: Records, winMs: Float64Array, decayRate: number, purchaseT: number) => boolean, outputOrder: () => Int32Array): EventAggregateRow[] | EventAggregateColumns {
  const unitMs = UNIT_MS[o.unit];
  const asOf = o.asOf;
  const W = o.windows.length;
  const winMs = Float64Array.from(o.windows, (w) => w * unitMs);
  const hasDecay = o.halfLife !== undefined;
  const decayRate = o.halfLife === undefined ? 0 : Math.LN2 / (o.halfLife * unitMs);
  const by = o.by;
  const T = types.values.length, C = channels.values.length, P = ids.length;
  const L = layout(W, T, C, hasDecay, 2);
  // Column layout: sorted type / channel names (or the given order); a hidden purchase type has no columns.
  const order = (values: readonly string[], given: readonly string[] | undefined): number[] => {
    const idx = values.map((_, i) => i).filter((i) => given === undefined || given.includes(values[i]!));
    if (!given) idx.sort((a, b) => (values[a]! < values[b]! ? -1 : values[a]! > values[b]! ? 1 : 0));
    return idx;
  };
  const typeOrder = order(types.values, o.types);
  const chanOrder = order(channels.values, o.channels);
  const labels = o.windows.map((w) => `${w}${UNIT_SUFFIX[o.unit]}`);
  // Count columns: offset of the count in the record (count units, per window); decayed columns: Float64 offset.
  const countCols: { key: string; off: (L: Layout) => number }[] = [];
  for (let w = 0; w < W; w++) countCols.push({ key: `events_${labels[w]!}`, off: (l) => l.win + w });
  for (const t of typeOrder) for (let w = 0; w < W; w++) countCols.push({ key: `type:${types.values[t]!}_${labels[w]!}`, off: (l) => l.typeWin + t * l.typeStrideC + w });
  for (const c of chanOrder) for (let w = 0; w < W; w++) countCols.push({ key: `channel:${channels.values[c]!}_${labels[w]!}`, off: (l) => l.chanWin + c * l.chanStrideC + w });
  const sumCols: { key: string; off: number }[] = [];
  if (hasDecay) {
    sumCols.push({ key: 'decayed', off: L.decay });
    for (const t of typeOrder) sumCols.push({ key: `decayed:${types.values[t]!}`, off: L.typeDecay + t * L.typeStrideD });
  }

  // ONE allocation for the records and (columns) the output columns and null masks: every large
  // allocation can start a full GC over the caller's live events (see internBlock). With a
  // workspace the records are its memory, reused, and the output gets a buffer of its own.
  const columnar = o.output === 'columns';
  const nCols = countCols.length + sumCols.length + TAIL.length;
  const recordBytes = P * L.RB, outputBytes = columnar ? P * nCols * 8 + P * 4 : 0;
  const ws = o.workspace;
  const buffer = ws !== undefined ? workspaceRecords(ws, recordBytes) : new ArrayBuffer(recordBytes + outputBytes);
  const purchaseT = types.index.get(o.purchaseType) ?? -1;
  let R = records(L, buffer, 0, P);
  if (count(R, winMs, decayRate, purchaseT)) {
    // A person has more than 65,535 events: 16-bit counts may have wrapped. Count again with 32-bit counts.
    const wide = layout(W, T, C, hasDecay, 4);
    R = records(wide, new ArrayBuffer(P * wide.RB), 0, P);
    count(R, winMs, decayRate, purchaseT);
  }
  const counts = countCols.map((c) => ({ key: c.key, off: c.off(R.L) }));
  const outOrder = outputOrder();
  if (columnar) {
    // The workspace's memory is never part of a result: with one, the output has a buffer of its own.
    const own = ws !== undefined;
    return buildColumns(R, C, ids, outOrder, by, counts, sumCols, asOf, unitMs, own ? new ArrayBuffer(outputBytes) : buffer, own ? 0 : recordBytes);
  }
  return buildRows(R, C, ids, outOrder, by, counts, sumCols, asOf, unitMs);
}

/** What the columns' counting pass reads: the caller's columns, and per-code tables. */
interface ColumnPass {
  readonly person: Int32Array;
  readonly time: Float64Array;
  readonly type: CodeColumn;
  readonly channel: CodeColumn | undefined;
  readonly value: Float64Array | undefined;
  /** Per type code: the type's index in the records (−1: no slice). */
  readonly typeIdx: Int32Array;
  /** Per channel code: the channel's index in the records (−1: no slice). */
  readonly chanIdx: Int32Array;
  /** Per person code, the record index (−1: no record — not listed in `people`, or no included row). */
  readonly recOf: Int32Array;
  readonly asOf: number;
}

/**
 * {@link aggregateEvents} on {@link EventColumns}: the object path's results without interning a
 * person id per event. Pass 1 checks every row (person / type / channel codes in range, finite
 * time, a purchase's value finite or NaN) and marks the people, types and channels the object path
 * would have interned; pass 2 counts straight from the columns into records reached through a
 * per-code table (the reported people, in output order). Nothing per row is allocated.
 */
function aggregateColumns(input: EventColumns, o: ParsedOptions, raw: AggregateEventsOptions): EventAggregateRow[] | EventAggregateColumns {
  rejectRowOptions('aggregateEvents', raw, ['by', 'fields'], 'the columns carry the names');
  const { n, personIds, person, time, eventTypes, type, channels: chNames, channel, value } = checkEventColumnsShape(input);
  const P0 = personIds.length, TC = eventTypes.length, CC = chNames?.length ?? 0;
  const asOf = o.asOf;
  // With `people`: each person code's record (−1: not listed, their events are skipped).
  let recOf: Int32Array | undefined;
  const listed = o.people !== undefined ? peopleIndex(o, 0) : undefined;
  if (listed !== undefined) {
    recOf = new Int32Array(P0);
    for (let k = 0; k < P0; k++) recOf[k] = listed.find(personIds[k]!);
  }
  const isPurchase = new Uint8Array(TC);
  for (let k = 0; k < TC; k++) isPurchase[k] = eventTypes[k] === o.purchaseType ? 1 : 0;
  // Marks of pass 1: types of included rows, channels of any row (as the object path interns them), people with an included row.
  const typeUsed = new Uint8Array(TC), chanUsed = new Uint8Array(CC), seen = recOf === undefined ? new Uint8Array(P0) : undefined;
  for (let i = 0; i < n; i++) {
    const p = person[i]!;
    if (!(p >= 0 && p < P0)) throw badColumn(['person', i], `must be a person index in [0, ${P0})`);
    const t = time[i]!;
    if (!Number.isFinite(t)) throw badColumn(['time', i], 'must be a finite time in epoch ms');
    const tc = type[i]!;
    if (!(tc >= 0 && tc < TC)) throw badColumn(['type', i], `must be an event-type code in [0, ${TC})`);
    if (channel !== undefined) {
      const cc = channel[i]!;
      if (cc >= CC) throw badColumn(['channel', i], `must be a channel code in [0, ${CC}) or negative (no channel)`);
      if (cc >= 0) chanUsed[cc] = 1;
    }
    if (value !== undefined && isPurchase[tc] === 1) {
      const v = value[i]!;
      // NaN: no value (a purchase without one counts, adding nothing to monetary); ±Infinity is an error, as in the object path.
      if (v === v && !Number.isFinite(v)) throw badColumn(['value', i], `must be finite (or NaN for no value), got ${String(v)}`);
    }
    if (t > asOf) continue;
    if (recOf !== undefined) { if (recOf[p]! < 0) continue; } else seen![p] = 1;
    typeUsed[tc] = 1;
  }
  const { types, channels } = interners(o);
  const typeIdx = new Int32Array(TC), chanIdx = new Int32Array(CC);
  // A fixed list maps every code by name; otherwise only the names the rows use get a slice (as the object path interns them).
  for (let k = 0; k < TC; k++) typeIdx[k] = o.types !== undefined || typeUsed[k] === 1 ? types.get(eventTypes[k]!) : -1;
  for (let k = 0; k < CC; k++) chanIdx[k] = o.channels !== undefined || chanUsed[k] === 1 ? channels.get(chNames![k]!) : -1;
  // Without `people`: records only for the people the output reports (those with an included
  // row), numbered in output order — not one per `personIds` entry (a dictionary of 1M ids with
  // few active people would otherwise allocate and initialise 1M records).
  let ids: readonly string[];
  if (listed !== undefined) ids = listed.ids;
  else {
    const order = sortedSeen(personIds, seen!);
    recOf = new Int32Array(P0).fill(-1);
    const out = new Array<string>(order.length);
    for (let r = 0; r < order.length; r++) { recOf[order[r]!] = r; out[r] = personIds[order[r]!]!; }
    ids = out;
  }
  const pass: ColumnPass = { person, time, type, channel, value, typeIdx, chanIdx, recOf: recOf!, asOf };
  const count = (R: Records, winMs: Float64Array, decayRate: number, purchaseT: number): boolean => {
    let overflow = false;
    for (let b = 0; b < n; b += BLOCK) overflow = countColumnsBlock(R, pass, winMs, decayRate, purchaseT, b, Math.min(n, b + BLOCK)) || overflow;
    return overflow;
  };
  return aggregate(o, types, channels, ids, count, () => identity(ids.length));
}

/**
 * The codes `k` with `seen[k]`, ordered by `personIds[k]` (UTF-16 code-unit order, as the object
 * path sorts its ids). Already-sorted ids (a dictionary kept in order) take one check; otherwise
 * {@link sortByString}.
 */
function sortedSeen(personIds: readonly string[], seen: Uint8Array): Int32Array {
  const P0 = personIds.length;
  let m = 0;
  for (let k = 0; k < P0; k++) m += seen[k]!;
  const out = new Int32Array(m);
  for (let k = 0, r = 0; k < P0; k++) if (seen[k] === 1) out[r++] = k;
  let ordered = true;
  for (let k = 1; k < P0 && ordered; k++) ordered = personIds[k - 1]! < personIds[k]!;
  return ordered ? out : sortByString(out, personIds);
}

/**
 * The counting pass of the columns path over rows `[start, end)`: {@link countBlock}'s updates,
 * reading the row from the columns (no object, no string) and its record from the person code.
 */
function countColumnsBlock(R: Records, x: ColumnPass, winMs: Float64Array, decayRate: number, purchaseT: number, start: number, end: number): boolean {
  const { RB, cw, total, typeWin, typeStrideC, chanWin, chanStrideC } = R.L;
  const person = x.person, time = x.time, type = x.type, channel = x.channel, value = x.value, typeIdx = x.typeIdx, chanIdx = x.chanIdx, recOf = x.recOf, asOf = x.asOf;
  const u32 = R.u32, cnt = R.cnt;
  const cs = cw === 2 ? 1 : 2;
  let overflow = false;
  const RW = RB >> 2;
  const rec = new Int32Array(AHEAD), recT = new Int32Array(AHEAD), recC = new Int32Array(AHEAD);
  for (let i0 = start; i0 < end; i0 += AHEAD) {
    const i1 = Math.min(end, i0 + AHEAD);
    // As in countBlock: resolve and touch the next AHEAD rows' records in a tight loop first.
    let sink = 0;
    for (let i = i0; i < i1; i++) {
      let p = -1;
      if (time[i]! <= asOf) p = recOf[person[i]!]!;
      rec[i - i0] = p;
      if (p < 0) continue;
      const t = typeIdx[type[i]!]!;
      let c = -1;
      if (channel !== undefined) { const cc = channel[i]!; if (cc >= 0) c = chanIdx[cc]!; }
      recT[i - i0] = t; recC[i - i0] = c;
      const bc = (p * RB) >> cs;
      sink += u32[p * RW + total]! + (t >= 0 ? cnt[bc + typeWin + t * typeStrideC]! : 0) + (c >= 0 ? cnt[bc + chanWin + c * chanStrideC]! : 0);
    }
    if (sink < 0) overflow = true; // never: keeps the loads alive
    for (let i = i0; i < i1; i++) {
      const p = rec[i - i0]!;
      if (p < 0) continue;
      const tm = time[i]!;
      const t = recT[i - i0]!, c = recC[i - i0]!;
      if (addEvent(R, winMs, decayRate, asOf, purchaseT, p, tm, t, c, value !== undefined && t === purchaseT ? value[i]! : Number.NaN)) overflow = true;
    }
  }
  return overflow;
}

const TAIL = ['recency', 'frequency', 'monetary', 'avgValue', 'lastSeen', 'firstSeen', 'events', 'distinctChannels'] as const;

/** Output rows per block of the columnar transpose: the block's records stay in cache while each column gets a contiguous run. */
const TBLOCK = 256;

/**
 * The columnar form: one buffer, a Float64Array view per column. Filled by blocks of
 * {@link TBLOCK} people, column by column inside a block: each column is written as a contiguous
 * run (a person-by-person loop would write 77 columns far apart for every person, one page each)
 * while the block's records, read again for each column, stay in cache.
 */
function buildColumns(R: Records, C: number, ids: readonly string[], outOrder: Int32Array, by: string,
  countCols: readonly { key: string; off: number }[], sumCols: readonly { key: string; off: number }[], asOf: number, unitMs: number,
  buffer: ArrayBuffer, at: number): EventAggregateColumns {
  const P = outOrder.length;
  const { RB, cw, freq, total, money, lastTx, last, first, chanFlag, chanStrideC } = R.L;
  const f64 = R.f64, u32 = R.u32, cnt = R.cnt;
  const names = [...countCols.map((c) => c.key), ...sumCols.map((c) => c.key), ...TAIL];
  // The columns and masks are in `buffer` after the records (allocated together by the caller).
  const col = (j: number): Float64Array => new Float64Array(buffer, at + j * P * 8, P);
  const masksAt = at + names.length * P * 8;
  const columns = new Map<string, Float64Array>();
  let j = 0;
  const countOut = countCols.map((c) => { const out = col(j++); columns.set(c.key, out); return out; });
  const sumOut = sumCols.map((c) => { const out = col(j++); columns.set(c.key, out); return out; });
  const countOff = Int32Array.from(countCols, (c) => c.off), sumOff = Int32Array.from(sumCols, (c) => c.off);
  const [recency, frequency, monetary, avgValue, lastSeen, firstSeen, eventsCol, distinct] = TAIL.map(() => col(j++)) as [Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array, Float64Array];
  const [noRecency, noAvg, noLast, noFirst] = [0, 1, 2, 3].map((k) => new Uint8Array(buffer, masksAt + k * P, P)) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
  // Per block: each person's record offset (bytes), resolved once.
  const recOf = new Int32Array(TBLOCK);
  const cs = cw === 2 ? 1 : 2;
  for (let r0 = 0; r0 < P; r0 += TBLOCK) {
    const m = Math.min(TBLOCK, P - r0);
    for (let a = 0; a < m; a++) recOf[a] = outOrder[r0 + a]! * RB;
    for (let k = 0; k < countOut.length; k++) {
      const out = countOut[k]!, off = countOff[k]!;
      for (let a = 0; a < m; a++) out[r0 + a] = cnt[(recOf[a]! >> cs) + off]!;
    }
    for (let k = 0; k < sumOut.length; k++) {
      const out = sumOut[k]!, off = sumOff[k]!;
      for (let a = 0; a < m; a++) out[r0 + a] = f64[(recOf[a]! >> 3) + off]!;
    }
    for (let a = 0; a < m; a++) {
      const r = r0 + a;
      const bd = recOf[a]! >> 3, bu = recOf[a]! >> 2, bc = recOf[a]! >> cs;
      const f = u32[bu + freq]!, mo = f64[bd + money]!, ne = u32[bu + total]!;
      frequency[r] = f;
      monetary[r] = mo;
      if (f > 0) { recency[r] = (asOf - f64[bd + lastTx]!) / unitMs; avgValue[r] = mo / f; } else { noRecency[r] = 1; noAvg[r] = 1; }
      if (ne > 0) { lastSeen[r] = (asOf - f64[bd + last]!) / unitMs; firstSeen[r] = (asOf - f64[bd + first]!) / unitMs; } else { noLast[r] = 1; noFirst[r] = 1; }
      eventsCol[r] = ne;
      let dc = 0;
      for (let c = 0; c < C; c++) dc += cnt[bc + chanFlag + c * chanStrideC]!;
      distinct[r] = dc;
    }
  }
  TAIL.forEach((name, k) => columns.set(name, [recency, frequency, monetary, avgValue, lastSeen, firstSeen, eventsCol, distinct][k]!));
  const missing = new Map<string, Uint8Array>([['recency', noRecency], ['avgValue', noAvg], ['lastSeen', noLast], ['firstSeen', noFirst]]);
  const outIds = new Array<string>(P);
  for (let r = 0; r < P; r++) outIds[r] = ids[outOrder[r]!]!;
  return { by, ids: outIds, names, columns, missing };
}

/** Materializes one plain object per person, every row with the same keys in the same order. */
function buildRows(R: Records, C: number, ids: readonly string[], outOrder: Int32Array, by: string,
  countCols: readonly { key: string; off: number }[], sumCols: readonly { key: string; off: number }[], asOf: number, unitMs: number): EventAggregateRow[] {
  const rows = new Array<EventAggregateRow>(outOrder.length);
  const nCount = countCols.length, nSum = sumCols.length;
  const { RB, cw, freq, total, money, lastTx, last, first, chanFlag, chanStrideC } = R.L;
  const f64 = R.f64, u32 = R.u32, cnt = R.cnt;
  const cs = cw === 2 ? 1 : 2;
  // Every row is a shallow copy of one template with all keys in order (one hidden class, no
  // per-key transitions), then its values are overwritten. Counts start as small integers and
  // stay so; fractional columns start as null so storing a double never changes the class.
  const template: EventAggregateRow = Object.fromEntries<string | number | null>([
    [by, ''], ...countCols.map((c): [string, number] => [c.key, 0]), ...sumCols.map((c): [string, null] => [c.key, null]),
    ['recency', null], ['frequency', 0], ['monetary', null], ['avgValue', null], ['lastSeen', null], ['firstSeen', null], ['events', 0], ['distinctChannels', 0],
  ]);
  for (let r = 0; r < outOrder.length; r++) {
    const p = outOrder[r]!;
    const rb = p * RB;
    const bd = rb >> 3, bu = rb >> 2, bc = rb >> cs;
    const row: EventAggregateRow = { ...template };
    row[by] = ids[p]!;
    for (let q = 0; q < nCount; q++) { const c = countCols[q]!; row[c.key] = cnt[bc + c.off]!; }
    for (let q = 0; q < nSum; q++) { const c = sumCols[q]!; row[c.key] = f64[bd + c.off]!; }
    const f = u32[bu + freq]!;
    const m = f64[bd + money]!;
    row.recency = f > 0 ? (asOf - f64[bd + lastTx]!) / unitMs : null;
    row.frequency = f;
    row.monetary = m;
    row.avgValue = f > 0 ? m / f : null;
    const n = u32[bu + total]!;
    row.lastSeen = n > 0 ? (asOf - f64[bd + last]!) / unitMs : null;
    row.firstSeen = n > 0 ? (asOf - f64[bd + first]!) / unitMs : null;
    row.events = n;
    let dc = 0;
    for (let c = 0; c < C; c++) dc += cnt[bc + chanFlag + c * chanStrideC]!;
    row.distinctChannels = dc;
    rows[r] = row;
  }
  return rows;
}
