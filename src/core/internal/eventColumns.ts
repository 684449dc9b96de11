/**
 * The boundary check of {@link EventColumns} shared by the modules that take them: shape, column
 * types, equal lengths and distinct person ids (remembered per `personIds` array). The per-row
 * checks (codes in range, finite times) are fused by each caller into its own first pass.
 * Internal to the library (not exported from `core/index.ts`).
 */
import { AudienceKitError, formatPath } from '../errors.js';
import { isEventColumns, type CodeColumn } from '../eventColumns.js';

/** An `INVALID_INPUT` error naming `columns.<path>`. */
export function badColumn(path: readonly (string | number)[], message: string): AudienceKitError {
  const full = ['columns', ...path];
  return new AudienceKitError('INVALID_INPUT', `Invalid events: ${formatPath(full)} ${message}`, { issues: [{ path: full, message }] });
}

/**
 * Throws `INVALID_OPTION` naming the first of `names` set in `options`: options of the object form
 * (field names, a roster) that EventColumns do not take, `why` saying what the columns carry instead.
 * One check for every function that takes both forms.
 */
export function rejectRowOptions(fn: string, options: object, names: readonly string[], why: string): void {
  const set = names.find((k) => (options as Record<string, unknown>)[k] !== undefined);
  if (set !== undefined) throw new AudienceKitError('INVALID_OPTION', `${fn} options: ${names.join(' and ')} do not apply to EventColumns (${why})`, { issues: [{ path: [set], message: 'not allowed with columns' }] });
}

const isCodes = (a: unknown): a is CodeColumn => a instanceof Uint8Array || a instanceof Uint16Array || a instanceof Int8Array || a instanceof Int16Array || a instanceof Int32Array;

/**
 * FROZEN `personIds` arrays known to hold distinct non-empty ids (frozen by a builder that interned
 * them — `toEventColumns`, `simulateWorld` — or by the caller, and checked once): a later call on
 * the same columns skips the check (it hashes every id: ~0.5 s for 1M ids on the shared VM). Only
 * frozen arrays are remembered: an array that can still change is checked on every call, so an
 * in-place edit can never slip past the check. (A WeakSet of arrays that cannot change, not
 * scratch: it holds no state of a call and changes no result.)
 */
const distinctIds = new WeakSet();

/** Freezes `ids` (known to hold distinct non-empty ids: a builder interned them) and remembers it as checked. */
export function markDistinct(ids: readonly string[]): readonly string[] {
  Object.freeze(ids);
  distinctIds.add(ids);
  return ids;
}

function checkNames(a: unknown, name: string, distinct: boolean): readonly string[] {
  if (!Array.isArray(a)) throw badColumn([name], 'must be an array of strings');
  if (distinct && distinctIds.has(a)) return a as readonly string[]; // frozen, so still as checked
  const seen = distinct ? new Set<string>() : undefined;
  for (let i = 0; i < a.length; i++) {
    const s: unknown = a[i];
    if (typeof s !== 'string' || s.length === 0) throw badColumn([name, i], 'must be a non-empty string');
    if (seen) { if (seen.has(s)) throw badColumn([name, i], 'repeats an earlier entry'); seen.add(s); }
  }
  if (distinct && Object.isFrozen(a)) distinctIds.add(a);
  return a as readonly string[];
}

/** {@link EventColumns} whose shape is checked (not yet the rows). */
export interface ShapedColumns {
  readonly n: number;
  readonly personIds: readonly string[];
  readonly person: Int32Array;
  readonly time: Float64Array;
  readonly eventTypes: readonly string[];
  readonly type: CodeColumn;
  /** Present when `need.channel` or the columns carry both `channels` and `channel`. */
  readonly channels: readonly string[] | undefined;
  readonly channel: CodeColumn | undefined;
  readonly value: Float64Array | undefined;
}

/**
 * Checks the shape of {@link EventColumns}: kind and version, distinct non-empty `personIds`,
 * non-empty type (and channel) names, column types and lengths. `need.channel`: the channel
 * columns are required (their absence is an error naming why); `need.value` likewise.
 * @throws AudienceKitError `INVALID_INPUT` naming `columns.<column>[i]`.
 */
export function checkEventColumnsShape(input: unknown, need: { readonly channel?: string; readonly value?: string } = {}): ShapedColumns {
  if (!isEventColumns(input)) throw new AudienceKitError('INVALID_INPUT', 'events must be an array of event objects or EventColumns (kind "eventColumns")');
  const x = input as unknown as Record<string, unknown>;
  if (x.version !== 1) throw badColumn(['version'], 'must be 1');
  const personIds = checkNames(x.personIds, 'personIds', true);
  const eventTypes = checkNames(x.eventTypes, 'eventTypes', false);
  const { person, time, type } = x;
  if (!(time instanceof Float64Array)) throw badColumn(['time'], 'must be a Float64Array');
  const n = time.length;
  if (!(person instanceof Int32Array)) throw badColumn(['person'], 'must be an Int32Array');
  if (!isCodes(type)) throw badColumn(['type'], 'must be an integer typed array (Uint8, Uint16, Int8, Int16 or Int32)');
  if (person.length !== n) throw badColumn(['person'], `must have one entry per row (time has ${n}), got ${person.length}`);
  if (type.length !== n) throw badColumn(['type'], `must have one entry per row (time has ${n}), got ${type.length}`);
  let channels: readonly string[] | undefined, channel: CodeColumn | undefined;
  if (need.channel !== undefined && (x.channel === undefined || x.channels === undefined)) throw badColumn(['channel'], `is required (${need.channel})`);
  if (x.channel !== undefined || x.channels !== undefined) {
    if (x.channel === undefined) throw badColumn(['channel'], 'is required when channels is given');
    if (x.channels === undefined) throw badColumn(['channels'], 'is required when channel is given');
    channels = checkNames(x.channels, 'channels', false);
    if (!isCodes(x.channel)) throw badColumn(['channel'], 'must be an integer typed array (Uint8, Uint16, Int8, Int16 or Int32)');
    channel = x.channel;
    if (channel.length !== n) throw badColumn(['channel'], `must have one entry per row (time has ${n}), got ${channel.length}`);
  }
  let value: Float64Array | undefined;
  if (need.value !== undefined && x.value === undefined) throw badColumn(['value'], `is required (${need.value})`);
  if (x.value !== undefined) {
    if (!(x.value instanceof Float64Array)) throw badColumn(['value'], 'must be a Float64Array');
    value = x.value;
    if (value.length !== n) throw badColumn(['value'], `must have one entry per row (time has ${n}), got ${value.length}`);
  }
  return { n, personIds, person, time, eventTypes, type, channels, channel, value };
}
