/**
 * Time-stamped events as columns: the library's large-scale event input, shared by the modules
 * that read events (lifecycle's stage passes, features' aggregates) and produced by the
 * simulator for large worlds. Same shape idea as attribution's `JourneyTable`: names interned
 * once in dictionaries, rows as typed arrays.
 */
import { z } from 'zod';
import { AudienceKitError, formatPath, parseWith } from './errors.js';
import { markDistinct } from './internal/eventColumns.js';
import { Dictionary, estimateDistinctIds, hashId, readAhead, READ_AHEAD as AHEAD, StringIndex } from './internal/stringIndex.js';

/** Integer code columns accepted for `type` and `channel`. */
export type CodeColumn = Uint8Array | Uint16Array | Int8Array | Int16Array | Int32Array;

/**
 * Events as columns, for events that already come as columns (Arrow, Parquet, a warehouse
 * export, `simulateWorld({ eventLayout: 'columns' })`). Row i is the event of person
 * `personIds[person[i]]` at `time[i]` (epoch ms), of type `eventTypes[type[i]]`, on channel
 * `channels[channel[i]]` (a negative channel code means "no channel"), with amount `value[i]`
 * (`NaN` means "no value"). An Arrow dictionary-encoded column gives the dictionary and the codes
 * directly. What a function reports per person is its own contract: lifecycle's stage functions
 * report every id in `personIds`, in that order (people without events as `none`); features'
 * `aggregateEvents` reports what it reports for event objects (people with an event by `asOf`,
 * sorted by id, or its `people` option). Dictionaries may hold names no row uses. Functions
 * never copy or modify the arrays. The distinctness of `personIds` is checked on every call,
 * except for a frozen array already checked once (`toEventColumns` and `simulateWorld` return
 * frozen ones): freeze a large `personIds` you pass to several calls. Code columns may be any
 * integer typed array (Arrow dictionary indices are Int8/Int16/Int32); times must be Float64
 * epoch ms (convert a BigInt64 timestamp column once).
 */
export interface EventColumns {
  readonly kind: 'eventColumns';
  readonly version: 1;
  /** Distinct non-empty person ids; `person[i]` indexes this. */
  readonly personIds: readonly string[];
  readonly person: Int32Array;
  /** Epoch ms, finite. */
  readonly time: Float64Array;
  /** Event-type dictionary; `type[i]` indexes this. */
  readonly eventTypes: readonly string[];
  readonly type: CodeColumn;
  /** Channel dictionary; `channel[i]` indexes this (negative: no channel). */
  readonly channels?: readonly string[];
  readonly channel?: CodeColumn;
  /** Amount of the event (e.g. order value); `NaN` where an event has none. */
  readonly value?: Float64Array;
}

/** @returns true when `x` claims to be {@link EventColumns} (functions that take them check them in full). */
export function isEventColumns(x: unknown): x is EventColumns {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && (x as { kind?: unknown }).kind === 'eventColumns';
}

/** What {@link toEventColumns} returns: every optional column present, codes as Int32Array. */
export interface BuiltEventColumns extends EventColumns {
  readonly type: Int32Array;
  readonly channels: readonly string[];
  readonly channel: Int32Array;
  readonly value: Float64Array;
}

/** Field names of event objects read by {@link toEventColumns} (defaults shown). */
export const EventColumnFieldsSchema = z.object({
  personId: z.string().min(1).default('personId'),
  time: z.string().min(1).default('time'),
  type: z.string().min(1).default('type'),
  channel: z.string().min(1).default('channel'),
  value: z.string().min(1).default('value'),
}).strict();

/** Options of {@link toEventColumns}. */
export const ToEventColumnsOptionsSchema = z.object({
  /** Event field names (defaults personId, time, type, channel, value). */
  fields: EventColumnFieldsSchema.partial().strict().optional(),
}).strict();
export type ToEventColumnsOptions = z.input<typeof ToEventColumnsOptionsSchema>;

/**
 * Builds {@link EventColumns} from event objects `{ personId, time, type, channel?, value? }`
 * (field names configurable): person ids, event types and channels interned in order of first
 * appearance; rows in input order (row i is `events[i]`, so row indices a function returns map
 * back to the objects). Convert once and run several functions on the columns.
 *
 * Complexity: O(n) time (one hash lookup per event for each of person, type, channel), O(n + people) memory.
 *
 * @param events - event objects, any order (not mutated).
 * @param options - `{ fields? }`.
 * @returns the columns: `person`, `type` and `channel` as Int32Array (channel −1 where an event
 *   has none), `value` as Float64Array (NaN where an event has none).
 * @throws AudienceKitError `INVALID_INPUT` naming `events[i].field` for a non-object event, a
 *   missing or empty person id, a non-finite time, a type that is not a non-empty string, a
 *   channel present but not a non-empty string, a value present but not a finite number.
 * @example
 * const cols = toEventColumns([{ personId: 'a', time: 0, type: 'purchase', channel: 'web', value: 12.5 }]);
 * cols.personIds; // => ['a']
 * cols.value[0]; // => 12.5
 */
export function toEventColumns(events: readonly object[], options: ToEventColumnsOptions = {}): BuiltEventColumns {
  const o = parseWith(ToEventColumnsOptionsSchema, options, 'toEventColumns options', 'INVALID_OPTION');
  const f = EventColumnFieldsSchema.parse(o.fields ?? {});
  if (!Array.isArray(events)) throw new AudienceKitError('INVALID_INPUT', 'events must be an array of event objects');
  const list = events as readonly unknown[], n = list.length;
  const person = new Int32Array(n), time = new Float64Array(n), type = new Int32Array(n), channel = new Int32Array(n), value = new Float64Array(n);
  const pf = f.personId, tf = f.time, yf = f.type, cf = f.channel, vf = f.value;
  // Presized from a sample (growth rehashes every slot), and ids read ahead in blocks (see below).
  const index = new StringIndex(estimateDistinctIds(list, pf));
  const types = new Dictionary(), channels = new Dictionary();
  const ids = new Array<unknown>(AHEAD).fill(undefined), hashes = new Int32Array(AHEAD);
  let sink = 0;
  // The last id seen skips its lookup when the next event repeats it.
  let lastId: unknown = Symbol('none'), lastP = -1;
  for (let i0 = 0; i0 < n; i0 += AHEAD) {
    const m0 = Math.min(AHEAD, n - i0);
    // Ids read, hashed and their slots touched ahead (see readAhead); one not read there is read in order.
    sink += readAhead(list, i0, m0, pf, index, ids, hashes);
    for (let k = 0; k < m0; k++) {
      const i = i0 + k;
      const e = list[i];
      if (typeof e !== 'object' || e === null) throw badEvent([i], 'must be an event object');
      const rec = e as Record<string, unknown>;
      let id = ids[k], h = hashes[k]!;
      if (id === undefined) {
        id = rec[pf];
        if (typeof id === 'string' && id.length > 0) h = hashId(id);
      }
      if (id !== lastId) {
        if (typeof id !== 'string' || id.length === 0) throw badEvent([i, pf], 'must be a non-empty string');
        lastP = index.internHashed(id, h);
        lastId = id;
      }
      person[i] = lastP;
      const t = rec[tf];
      if (typeof t !== 'number' || !Number.isFinite(t)) throw badEvent([i, tf], 'must be a finite time in epoch ms');
      time[i] = t;
      const ty = rec[yf];
      if (typeof ty !== 'string' || ty.length === 0) throw badEvent([i, yf], 'must be a non-empty string');
      type[i] = types.code(ty);
      const ch = rec[cf];
      if (ch === undefined || ch === null) channel[i] = -1;
      else if (typeof ch !== 'string' || ch.length === 0) throw badEvent([i, cf], 'must be a non-empty string when present');
      else channel[i] = channels.code(ch);
      const v = rec[vf];
      if (v === undefined || v === null) value[i] = Number.NaN;
      else if (typeof v !== 'number' || !Number.isFinite(v)) throw badEvent([i, vf], 'must be a finite number when present');
      else value[i] = v;
    }
  }
  if (sink === -1) index.touch(0); // never true: makes the touching loads' results used
  const personIds = markDistinct(index.ids); // distinct by construction; frozen
  return { kind: 'eventColumns', version: 1, personIds, person, time, eventTypes: types.values, type, channels: channels.values, channel, value };
}

function badEvent(path: readonly (string | number)[], message: string): AudienceKitError {
  const full = ['events', ...path];
  return new AudienceKitError('INVALID_INPUT', `Invalid events: ${formatPath(full)} ${message}`, { issues: [{ path: full, message }] });
}
