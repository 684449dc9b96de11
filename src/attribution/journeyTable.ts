import { z } from 'zod';
import { AudienceKitError, FiniteNumber, formatPath, maskValue, neumaierSum } from '../core/index.js';

/** The absorbing and initial states of the Markov chain; no channel may use these names. */
export const RESERVED_STATES = ['(start)', '(conversion)', '(null)'] as const;

const reserved = new Set<string>(RESERVED_STATES);

/** @returns true when `name` is one of {@link RESERVED_STATES}. */
export function isReservedState(name: string): boolean {
  return reserved.has(name);
}

const Count = FiniteNumber.refine((x) => x >= 0, { message: 'must be a finite number >= 0' });

/**
 * Schema of one aggregated journey, the shape ChannelAttribution uses: the channels touched in
 * order, the conversions (and their value) of the people on that path, and `nulls`, the people on
 * that path who did not convert. `times` (epoch ms, one per touch, non-decreasing) and `endTime`
 * (the conversion time, or the journey's end) are only needed by the time-decay model.
 */
export const JourneySchema = z
  .object({
    path: z.array(z.string().min(1, 'channel names must be non-empty').refine((s) => !reserved.has(s), { message: 'channel name collides with a reserved state ((start), (conversion), (null))' })),
    conversions: Count,
    value: Count.optional(),
    nulls: Count.optional(),
    times: z.array(FiniteNumber).optional(),
    endTime: FiniteNumber.optional(),
  })
  .superRefine((j, ctx) => {
    if (j.path.length === 0 && (j.conversions > 0 || (j.value ?? 0) > 0)) {
      ctx.addIssue({ code: 'custom', path: ['path'], message: 'an empty path cannot carry conversions or value' });
    }
    if (j.times !== undefined && j.times.length !== j.path.length) {
      ctx.addIssue({ code: 'custom', path: ['times'], message: `must have one time per touch (${j.path.length}), got ${j.times.length}` });
    }
  });

/** One aggregated journey (see {@link JourneySchema}). */
export type Journey = z.input<typeof JourneySchema>;

/** Schema of an array of journeys (validated at every model's boundary). */
export const JourneysSchema = z.array(JourneySchema);

/**
 * Journeys in columnar form, what every model works on: channel names interned once
 * (`channels[id]`), the touches of row `r` are `touches[offsets[r] .. offsets[r + 1])` (channel
 * ids), and per-row `conversions`, `values`, `nulls` in Float64Arrays. Optional `times` (one per
 * touch) and `endTimes` (one per row) carry touch times for time decay. Rows may repeat a path;
 * every model sums them. An array may be a view of a larger buffer (`touches` from
 * {@link parsePaths}). Every model call checks the table it is given (O(rows + touches), one
 * tight pass that also sums the totals) and does not copy it, so a table may be modified in place
 * between calls: the next call sees, checks and sums the current arrays.
 */
export interface JourneyTable {
  readonly kind: 'journeyTable';
  readonly version: 1;
  readonly channels: readonly string[];
  readonly offsets: Int32Array;
  readonly touches: Int32Array;
  readonly conversions: Float64Array;
  readonly values: Float64Array;
  readonly nulls: Float64Array;
  readonly times?: Float64Array;
  readonly endTimes?: Float64Array;
}

/** What every model accepts. */
export type JourneyInput = JourneyTable | readonly Journey[];

/** The number of rows of a table. */
export function journeyCount(table: JourneyTable): number {
  return table.conversions.length;
}

/**
 * Builds a {@link JourneyTable} from journey objects, one row per journey, interning channel
 * names in order of first appearance. Validates every journey with {@link JourneySchema}.
 * O(total touches).
 *
 * @param journeys - journeys (not mutated).
 * @returns the columnar table.
 * @throws AudienceKitError `INVALID_INPUT` with the path `journeys[i].field` of the first bad row.
 * @example
 * journeyTable([{ path: ['a', 'b'], conversions: 1, nulls: 2 }]).channels; // => ['a', 'b']
 */
export function journeyTable(journeys: readonly Journey[]): JourneyTable {
  const asUnknown: unknown = journeys;
  if (!Array.isArray(asUnknown)) throw new AudienceKitError('INVALID_INPUT', 'journeys must be an array of journeys or a JourneyTable');
  for (let i = 0; i < journeys.length; i++) {
    const r = JourneySchema.safeParse(journeys[i]);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      const path = ['journeys', i, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
      throw new AudienceKitError('INVALID_INPUT', `Invalid journeys: ${formatPath(path)}: ${issue.message}`, {
        issues: r.error.issues.map((x) => ({ path: ['journeys', i, ...x.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: x.message })),
      });
    }
  }
  const n = journeys.length;
  let total = 0;
  let withTimes = n > 0;
  for (const j of journeys) {
    total += j.path.length;
    if (j.times === undefined) withTimes = false;
  }
  const ids = new Map<string, number>();
  const channels: string[] = [];
  const offsets = new Int32Array(n + 1);
  const touches = new Int32Array(total);
  const conversions = new Float64Array(n);
  const values = new Float64Array(n);
  const nulls = new Float64Array(n);
  const times = withTimes ? new Float64Array(total) : undefined;
  const endTimes = withTimes ? new Float64Array(n) : undefined;
  let w = 0;
  for (let r = 0; r < n; r++) {
    const j = journeys[r]!;
    for (let k = 0; k < j.path.length; k++) {
      const name = j.path[k]!;
      let id = ids.get(name);
      if (id === undefined) { id = channels.length; ids.set(name, id); channels.push(name); }
      if (times) times[w] = j.times![k]!;
      touches[w++] = id;
    }
    offsets[r + 1] = w;
    conversions[r] = j.conversions;
    values[r] = j.value ?? 0;
    nulls[r] = j.nulls ?? 0;
    if (endTimes) endTimes[r] = j.endTime ?? (j.times!.length > 0 ? j.times![j.times!.length - 1]! : 0);
  }
  const base = { kind: 'journeyTable' as const, version: 1 as const, channels, offsets, touches, conversions, values, nulls };
  return times && endTimes ? { ...base, times, endTimes } : base;
}

/**
 * Journey objects back from a table (one per row), e.g. to print or store as JSON. O(touches).
 *
 * @example
 * toJourneys(journeyTable([{ path: ['a'], conversions: 1 }])); // => [{ path: ['a'], conversions: 1, value: 0, nulls: 0 }]
 */
export function toJourneys(table: JourneyTable): Journey[] {
  const t = asJourneyTable(table);
  const out: Journey[] = [];
  for (let r = 0; r < t.conversions.length; r++) {
    const path: string[] = [];
    const times: number[] = [];
    for (let i = t.offsets[r]!; i < t.offsets[r + 1]!; i++) {
      path.push(t.channels[t.touches[i]!]!);
      if (t.times) times.push(t.times[i]!);
    }
    const j: Journey = { path, conversions: t.conversions[r]!, value: t.values[r]!, nulls: t.nulls[r]! };
    if (t.times && t.endTimes) { j.times = times; j.endTime = t.endTimes[r]!; }
    out.push(j);
  }
  return out;
}

function bad(message: string): AudienceKitError {
  return new AudienceKitError('INVALID_INPUT', `Invalid JourneyTable: ${message}`);
}

function countsArray(a: unknown, n: number, name: string): Float64Array {
  if (!(a instanceof Float64Array) || a.length !== n) throw bad(`${name} must be a Float64Array of length ${n}`);
  return a;
}

function badCount(name: string, i: number, x: number): AudienceKitError {
  return bad(`${name}[${i}] must be a finite number >= 0, got ${String(x)}`);
}

/**
 * One pass over the rows: offsets non-decreasing, counts finite and >= 0 (NaN fails `>= 0`), no
 * conversions or value on an empty path; writes the Neumaier sums (sum, compensation) of
 * conversions and values to `sums`. Returns the first bad row, or -1. Kept small so it optimizes
 * on its own.
 */
function checkRows(offsets: Int32Array, conv: Float64Array, val: Float64Array, nul: Float64Array, sums: Float64Array): number {
  const n = conv.length;
  let sc = 0, cc = 0, sv = 0, cv = 0, prev = 0;
  for (let r = 0; r < n; r++) {
    const e = offsets[r + 1]!;
    const c = conv[r]!, v = val[r]!, x = nul[r]!;
    // All >= 0 and finite when their sum is (an overflowing sum falls to the exact test below).
    if (!(e >= prev && c >= 0 && v >= 0 && x >= 0 && c + v + x < Infinity) || (e === prev && c + v > 0)) {
      if (!(e >= prev && c < Infinity && v < Infinity && x < Infinity && c >= 0 && v >= 0 && x >= 0) || (e === prev && c + v > 0)) return r;
    }
    prev = e;
    const tc = sc + c;
    cc += sc >= c ? sc - tc + c : c - tc + sc;
    sc = tc;
    const tv = sv + v;
    cv += sv >= v ? sv - tv + v : v - tv + sv;
    sv = tv;
  }
  sums[0] = sc; sums[1] = cc; sums[2] = sv; sums[3] = cv;
  return -1;
}

function rowError(offsets: Int32Array, conv: Float64Array, val: Float64Array, nul: Float64Array, r: number): AudienceKitError {
  const c = conv[r]!, v = val[r]!, x = nul[r]!;
  if (offsets[r + 1]! < offsets[r]!) return bad(`offsets must be non-decreasing (row ${r})`);
  if (!(c >= 0 && c < Infinity)) return badCount('conversions', r, c);
  if (!(v >= 0 && v < Infinity)) return badCount('values', r, v);
  if (!(x >= 0 && x < Infinity)) return badCount('nulls', r, x);
  return bad(`row ${r} has an empty path but carries conversions or value`);
}

/** A checked table and the Neumaier-compensated sums of its conversions and values. */
export interface CheckedTable {
  readonly table: JourneyTable;
  readonly total: { readonly conversions: number; readonly value: number };
}

/**
 * The table form of a model input, checked on every call, with its totals summed in the same pass
 * (internal; what every model starts with). A `Journey[]` is validated and converted; a
 * {@link JourneyTable} is checked for consistency in O(rows + touches): offsets, channel ids,
 * finite non-negative counts, reserved or duplicate channel names, conversions on empty paths,
 * finite times. Nothing is cached per table object, so arrays changed in place after an earlier
 * call are checked (and summed) again.
 *
 * @throws AudienceKitError `INVALID_INPUT`
 */
export function checkedTable(input: JourneyInput): CheckedTable {
  if (Array.isArray(input)) {
    const table = journeyTable(input as readonly Journey[]);
    return { table, total: { conversions: neumaierSum(table.conversions), value: neumaierSum(table.values) } };
  }
  const t = input as Partial<JourneyTable> | null;
  if (t === null || typeof t !== 'object' || t.kind !== 'journeyTable') {
    throw new AudienceKitError('INVALID_INPUT', 'journeys must be an array of journeys or a JourneyTable (kind "journeyTable")');
  }
  if (t.version !== 1) throw bad(`unsupported version ${String(t.version)}`);
  const { channels, offsets, touches } = t;
  if (!Array.isArray(channels)) throw bad('channels must be an array of names');
  const seen = new Set<string>();
  for (let i = 0; i < channels.length; i++) {
    const c: unknown = channels[i];
    if (typeof c !== 'string' || c.length === 0) throw bad(`channels[${i}] must be a non-empty string`);
    if (reserved.has(c)) throw bad(`channels[${i}] ${c} collides with a reserved state`);
    if (seen.has(c)) throw bad(`channels[${i}] ${maskValue(c)} is a duplicate`);
    seen.add(c);
  }
  if (!(offsets instanceof Int32Array) || offsets.length < 1) throw bad('offsets must be an Int32Array of length rows + 1');
  const n = offsets.length - 1;
  if (!(touches instanceof Int32Array)) throw bad('touches must be an Int32Array');
  if (offsets[0] !== 0 || offsets[n] !== touches.length) throw bad('offsets must start at 0 and end at touches.length');
  const conv = countsArray(t.conversions, n, 'conversions');
  const val = countsArray(t.values, n, 'values');
  const nul = countsArray(t.nulls, n, 'nulls');
  const sums = new Float64Array(4);
  const badRow = checkRows(offsets, conv, val, nul, sums);
  if (badRow >= 0) throw rowError(offsets, conv, val, nul, badRow);
  // Channel ids: one tight pass (an unsigned compare also catches negative ids).
  const nc = channels.length;
  for (let i = 0; i < touches.length; i++) {
    if (touches[i]! >>> 0 >= nc) throw bad(`touches[${i}] = ${touches[i]!} is not a channel id in [0, ${nc})`);
  }
  if (t.times !== undefined || t.endTimes !== undefined) {
    if (!(t.times instanceof Float64Array) || t.times.length !== touches.length) throw bad('times must be a Float64Array with one time per touch');
    if (!(t.endTimes instanceof Float64Array) || t.endTimes.length !== n) throw bad('endTimes must be a Float64Array with one time per row');
    for (let i = 0; i < t.times.length; i++) if (!Number.isFinite(t.times[i]!)) throw bad(`times[${i}] is not finite`);
    for (let i = 0; i < n; i++) if (!Number.isFinite(t.endTimes[i]!)) throw bad(`endTimes[${i}] is not finite`);
  }
  return { table: t as JourneyTable, total: { conversions: sums[0]! + sums[1]!, value: sums[2]! + sums[3]! } };
}

/**
 * The table form of a model input: a `Journey[]` is validated and converted; a
 * {@link JourneyTable} is checked for consistency in O(rows + touches) on every call (see
 * {@link checkedTable}).
 *
 * @throws AudienceKitError `INVALID_INPUT`
 */
export function asJourneyTable(input: JourneyInput): JourneyTable {
  return checkedTable(input).table;
}
