import { z } from 'zod';
import { AudienceKitError, formatPath, parseWith } from '../../core/index.js';
import { badPersonId, eventList, eventRecord, EventFieldsSchema, eventTime, type CompiledModel, type EncodedEvents } from './internal/columnar.js';
import { estimateDistinctIds, PersonIndex } from './internal/personIndex.js';

/** Integer code columns accepted for `type` and `channel`. */
export type CodeColumn = Uint8Array | Uint16Array | Int32Array;

/**
 * Events as columns, for events that already come as columns (Arrow, Parquet, a warehouse
 * export) — the shape of the library's other columnar input, `JourneyTable`: names interned once
 * in dictionaries, rows as typed arrays. Row i is the event of person `personIds[person[i]]` at
 * `time[i]` (epoch ms), of type `eventTypes[type[i]]`, on channel `channels[channel[i]]` (a
 * negative channel code means "no channel"). An Arrow dictionary-encoded column gives the
 * dictionary and the codes directly. `personIds` is also the output order of people: every id in
 * it is reported, people without events as `none`. Dictionaries may hold names no row uses; a
 * type name a row uses must be in the model's `eventTypes`. The stage functions never copy or
 * modify the arrays. Every call checks the rows; the distinctness of `personIds` is checked once
 * per array (remembered): do not modify a `personIds` array in place after a call — pass a new one.
 */
export interface StageEventColumns {
  readonly kind: 'stageEventColumns';
  readonly version: 1;
  /** Distinct non-empty person ids; `person[i]` indexes this. */
  readonly personIds: readonly string[];
  readonly person: Int32Array;
  readonly time: Float64Array;
  /** Event-type dictionary; `type[i]` indexes this. */
  readonly eventTypes: readonly string[];
  readonly type: CodeColumn;
  /** Channel dictionary; `channel[i]` indexes this (negative: no channel). Needed only when a rule filters channels. */
  readonly channels?: readonly string[];
  readonly channel?: CodeColumn;
}

/** Options of {@link stageEventColumns}. */
export const StageEventColumnsOptionsSchema = z.object({
  /** Event field names (defaults personId, time, type, channel). */
  fields: EventFieldsSchema.optional(),
}).strict();
export type StageEventColumnsOptions = z.input<typeof StageEventColumnsOptionsSchema>;

/** @returns true when `x` claims to be {@link StageEventColumns} (checked in full by the stage functions). */
export function isStageEventColumns(x: unknown): x is StageEventColumns {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && (x as { kind?: unknown }).kind === 'stageEventColumns';
}

/**
 * Builds {@link StageEventColumns} from event objects `{ personId, time, type, channel? }` (field
 * names configurable): person ids, event types and channels interned in order of first
 * appearance; rows in input order (row i is `events[i]`, so evidence row indices map back). Useful
 * to convert once and run several stage functions on the columns.
 *
 * Complexity: O(n) time (one hash lookup per event for each of person, type, channel), O(n + people) memory.
 *
 * @param events - event objects, any order (not mutated).
 * @param options - `{ fields? }`.
 * @returns the columns (`person`, `type`, `channel` as Int32Array; channel −1 where an event has none).
 * @throws AudienceKitError `INVALID_INPUT` naming `events[i].field` for a missing person id, a
 *   non-finite time, a type that is not a string, or a channel present but not a string.
 * @example
 * const cols = stageEventColumns([{ personId: 'a', time: 0, type: 'click', channel: 'qq_feed' }]);
 * cols.personIds; // => ['a']
 * assignStages(cols, FOUR_A, { asOf: 1 }).people[0].stage; // => 'appeal'
 */
export function stageEventColumns(events: readonly object[], options: StageEventColumnsOptions = {}): StageEventColumns {
  const o = parseWith(StageEventColumnsOptionsSchema, options, 'stageEventColumns options', 'INVALID_OPTION');
  const f = o.fields ?? EventFieldsSchema.parse({});
  const list = eventList(events), n = list.length, where = 'events';
  const person = new Int32Array(n), time = new Float64Array(n), type = new Int32Array(n), channel = new Int32Array(n);
  const index = new PersonIndex(estimateDistinctIds(list, f.personId));
  const types = new Dictionary(), channels = new Dictionary();
  const pf = f.personId, tf = f.type, cf = f.channel;
  // The last id seen skips its lookup when the next event repeats it.
  let lastId: unknown = Symbol('none'), lastP = -1;
  for (let i = 0; i < n; i++) {
    const rec = eventRecord(list[i], i, where);
    const id = rec[pf];
    if (id !== lastId) {
      if (typeof id !== 'string' || id.length === 0) throw badPersonId(i, pf, where);
      lastP = index.intern(id);
      lastId = id;
    }
    person[i] = lastP;
    time[i] = eventTime(rec, f, i, where);
    const ty = rec[tf];
    if (typeof ty !== 'string') throw badColumn([where, i, tf], 'must be a string');
    type[i] = types.code(ty);
    const ch = rec[cf];
    if (ch === undefined) { channel[i] = -1; continue; }
    if (typeof ch !== 'string') throw badColumn([where, i, cf], 'must be a string');
    channel[i] = channels.code(ch);
  }
  distinctIds.add(index.ids); // distinct by construction
  return { kind: 'stageEventColumns', version: 1, personIds: index.ids, person, time, eventTypes: types.values, type, channels: channels.values, channel };
}

/** Dictionary encoding of a column's strings, codes in order of first appearance; a repeat of the last string skips the lookup. */
class Dictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();
  private last: string | undefined;
  private lastCode = -1;
  code(v: string): number {
    if (v === this.last) return this.lastCode;
    let c = this.codes.get(v);
    if (c === undefined) { c = this.values.length; this.values.push(v); this.codes.set(v, c); }
    this.last = v; this.lastCode = c;
    return c;
  }
}

function badColumn(path: readonly (string | number)[], message: string): AudienceKitError {
  return new AudienceKitError('INVALID_INPUT', `Invalid events: ${formatPath(path)} ${message}`, { issues: [{ path, message }] });
}

const isCodes = (a: unknown): a is CodeColumn => a instanceof Uint8Array || a instanceof Uint16Array || a instanceof Int32Array;

/**
 * `personIds` arrays known to hold distinct non-empty ids: built by {@link stageEventColumns} or
 * already checked (the check hashes every id once: ~0.5 s for 1M ids on the shared VM), so a second
 * call on the same columns skips it. Like `JourneyTable`: modify such an array in place and the
 * cache is stale — pass a new array to have it checked again.
 */
const distinctIds = new WeakSet();

function checkNames(a: unknown, name: string, distinct: boolean): readonly string[] {
  if (!Array.isArray(a)) throw badColumn(['columns', name], 'must be an array of strings');
  if (distinct && distinctIds.has(a)) return a as readonly string[];
  const seen = distinct ? new Set<string>() : undefined;
  for (let i = 0; i < a.length; i++) {
    const s: unknown = a[i];
    if (typeof s !== 'string' || s.length === 0) throw badColumn(['columns', name, i], 'must be a non-empty string');
    if (seen) { if (seen.has(s)) throw badColumn(['columns', name, i], 'repeats an earlier entry'); seen.add(s); }
  }
  if (distinct) distinctIds.add(a);
  return a as readonly string[];
}

/** Columns checked by {@link checkColumns}: the caller's arrays and per-dictionary-entry rule masks. */
export interface CheckedColumns {
  readonly n: number;
  readonly personIds: readonly string[];
  readonly person: Int32Array;
  readonly time: Float64Array;
  readonly type: CodeColumn;
  /** Rule mask of each event-type code. */
  readonly typeMask: Int32Array;
  /** When a rule filters channels: the channel column and, per channel code, its rule mask ORed with the rules that do not filter channels. */
  readonly channel: CodeColumn | undefined;
  readonly channelMask: Int32Array | undefined;
}

/** The rule mask of row i of checked columns. */
export function rowMask(x: CheckedColumns, i: number): number {
  const tm = x.typeMask[x.type[i]!]!;
  return x.channelMask === undefined ? tm : tm & x.channelMask[x.channel![i]!]!;
}

/**
 * Checks columns at the boundary (shape, equal lengths, person and dictionary codes in range,
 * finite times, types and — when a rule filters channels — channels known to the model) in one
 * pass without allocating anything per row: the arrays are used as they are, rule masks come from
 * small per-dictionary-entry tables ({@link rowMask}). Errors name `columns.<column>[row]`.
 */
export function checkColumns(input: unknown, c: CompiledModel): CheckedColumns {
  if (!isStageEventColumns(input)) throw new AudienceKitError('INVALID_INPUT', 'events must be an array of event objects or StageEventColumns (kind "stageEventColumns")');
  const x = input as unknown as Record<string, unknown>;
  if (x.version !== 1) throw badColumn(['columns', 'version'], 'must be 1');
  const personIds = checkNames(x.personIds, 'personIds', true);
  const eventTypes = checkNames(x.eventTypes, 'eventTypes', false);
  const { person, time, type, channel } = x;
  if (!(time instanceof Float64Array)) throw badColumn(['columns', 'time'], 'must be a Float64Array');
  const n = time.length;
  if (!(person instanceof Int32Array)) throw badColumn(['columns', 'person'], 'must be an Int32Array');
  if (!isCodes(type)) throw badColumn(['columns', 'type'], 'must be a Uint8Array, Uint16Array or Int32Array');
  if (person.length !== n) throw badColumn(['columns', 'person'], `must have one entry per row (time has ${n}), got ${person.length}`);
  if (type.length !== n) throw badColumn(['columns', 'type'], `must have one entry per row (time has ${n}), got ${type.length}`);
  // Per dictionary code: the rule mask of the name (-1 = not in the model's vocabulary).
  const typeMask = new Int32Array(eventTypes.length);
  for (let k = 0; k < eventTypes.length; k++) typeMask[k] = c.typeMask.get(eventTypes[k]!) ?? -1;
  let chMask: Int32Array | undefined, chCodes: CodeColumn | undefined, channels: readonly string[] | undefined;
  if (c.channelFiltered) {
    if (x.channel === undefined || x.channels === undefined) throw badColumn(['columns', 'channel'], 'is required (the model filters by channel)');
    channels = checkNames(x.channels, 'channels', false);
    if (!isCodes(channel)) throw badColumn(['columns', 'channel'], 'must be a Uint8Array, Uint16Array or Int32Array');
    if (channel.length !== n) throw badColumn(['columns', 'channel'], `must have one entry per row (time has ${n}), got ${channel.length}`);
    chMask = new Int32Array(channels.length);
    for (let k = 0; k < channels.length; k++) {
      const ch = channels[k]!;
      const m = c.channelMask.get(ch);
      // -1: a name outside the model's channel vocabulary (an error only if a row uses it).
      chMask[k] = m !== undefined ? m | c.unfilteredMask : c.channelVocabulary !== undefined && !c.channelVocabulary.has(ch) ? -1 : c.unfilteredMask;
    }
    chCodes = channel;
  }
  const P = personIds.length, T = eventTypes.length, C = channels?.length ?? 0;
  for (let i = 0; i < n; i++) {
    const p = person[i]!;
    if (!(p >= 0 && p < P)) throw badColumn(['columns', 'person', i], `must be a person index in [0, ${P})`);
    if (!Number.isFinite(time[i]!)) throw badColumn(['columns', 'time', i], 'must be a finite time in epoch ms');
    const tc = type[i]!;
    if (!(tc >= 0 && tc < T)) throw badColumn(['columns', 'type', i], `must be an event-type code in [0, ${T})`);
    if (typeMask[tc] === -1) throw badColumn(['columns', 'type', i], `is an unknown event type ${JSON.stringify(eventTypes[tc]!.slice(0, 40))}: not in the model's eventTypes`);
    if (chMask === undefined) continue;
    const cc = chCodes![i]!;
    if (cc < 0) throw badColumn(['columns', 'channel', i], 'is missing (the model filters by channel)');
    if (cc >= C) throw badColumn(['columns', 'channel', i], `must be a channel code in [0, ${C})`);
    if (chMask[cc] === -1) throw badColumn(['columns', 'channel', i], `is an unknown channel ${JSON.stringify(channels![cc]!.slice(0, 40))}: not in the model's channels`);
  }
  return { n, personIds, person, time, type, typeMask, channel: chCodes, channelMask: chMask };
}

/** {@link checkColumns}, then the rule mask of every row as a column (for the transition sweep, which groups rows by person). */
export function encodeColumns(input: unknown, c: CompiledModel): EncodedEvents {
  const x = checkColumns(input, c), n = x.n;
  const mask = new Uint32Array(n);
  for (let i = 0; i < n; i++) mask[i] = rowMask(x, i);
  return { n, personIndex: x.person, time: x.time, mask, personIds: x.personIds };
}
