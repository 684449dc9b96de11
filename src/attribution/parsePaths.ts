import { z } from 'zod';
import { AudienceKitError, parseWith } from '../core/index.js';
import { isReservedState, type JourneyTable } from './journeyTable.js';

/** Options of {@link parsePaths}: the column names and the path separator. */
export const ParsePathsOptionsSchema = z
  .object({
    path: z.string().default('path'),
    conversions: z.string().default('conversions'),
    value: z.string().default('value'),
    nulls: z.string().default('nulls'),
    sep: z.string().min(1).default('>'),
  })
  .strict();

export type ParsePathsOptions = z.input<typeof ParsePathsOptionsSchema>;

function numberAt(row: Record<string, unknown>, key: string, r: number, required: boolean): number {
  const v = row[key];
  if (v === undefined || v === null) {
    if (required) throw new AudienceKitError('INVALID_INPUT', `rows[${r}].${key} is missing`, { issues: [{ path: ['rows', r, key], message: 'missing' }] });
    return 0;
  }
  let x: number;
  if (typeof v === 'number') x = v;
  else if (typeof v === 'string' && v.trim() !== '') x = Number(v);
  else x = NaN;
  if (!(x >= 0) || x === Infinity) {
    throw new AudienceKitError('INVALID_INPUT', `rows[${r}].${key} must be a finite number >= 0 (or a numeric string)`, { issues: [{ path: ['rows', r, key], message: 'must be a finite number >= 0' }] });
  }
  return x;
}

/**
 * Parses rows holding a path string (`"a > b > c"`) and counts into a columnar
 * {@link JourneyTable}, one row per input row. Follows ChannelAttribution's conventions: the path
 * is split on `sep`, tokens are trimmed and empty tokens dropped; numeric columns may be numbers
 * or numeric strings; a missing `value` or `nulls` column counts as 0. Channel names are interned
 * once, and each distinct path string is split only once (a cache keyed by the string), so
 * repeated paths cost one map lookup.
 *
 * Rows are checked one by one (not with a zod schema per row: at 1M rows that alone costs more
 * than the parse); the error names the row and field.
 *
 * Complexity: O(rows + characters of the distinct path strings).
 *
 * @param rows - objects with the path and count columns (not mutated).
 * @param options - column names (`path`, `conversions`, `value`, `nulls`) and `sep` (default `'>'`).
 * @returns the table.
 * @throws AudienceKitError `INVALID_OPTION` for bad options; `INVALID_INPUT` (path `rows[i].field`)
 *   for a non-string path, a negative / non-finite / non-numeric count, a channel named like a
 *   reserved state, or an empty path with conversions.
 * @example
 * const t = parsePaths([{ path: 'a > b > a', conversions: '2', nulls: 1 }]);
 * t.channels; // => ['a', 'b']
 * t.touches;  // => Int32Array [0, 1, 0]
 */
export function parsePaths(rows: readonly Record<string, unknown>[], options: ParsePathsOptions = {}): JourneyTable {
  const o = parseWith(ParsePathsOptionsSchema, options, 'parsePaths options', 'INVALID_OPTION');
  const asUnknown: unknown = rows;
  if (!Array.isArray(asUnknown)) throw new AudienceKitError('INVALID_INPUT', 'rows must be an array');
  const n = rows.length;
  const channelIds = new Map<string, number>();
  const channels: string[] = [];
  // Distinct path strings → [start, length] in `uniq`.
  const cache = new Map<string, number>();
  let uniq = new Int32Array(1024);
  let uniqLen = 0;
  const uniqStart: number[] = [];
  const uniqCount: number[] = [];
  const offsets = new Int32Array(n + 1);
  let touches = new Int32Array(Math.max(16, n * 4));
  let w = 0;
  const conversions = new Float64Array(n);
  const values = new Float64Array(n);
  const nulls = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const item: unknown = rows[r];
    if (item === null || typeof item !== 'object') throw new AudienceKitError('INVALID_INPUT', `rows[${r}] must be an object`, { issues: [{ path: ['rows', r], message: 'must be an object' }] });
    const row = item as Record<string, unknown>;
    const s = row[o.path];
    if (typeof s !== 'string') throw new AudienceKitError('INVALID_INPUT', `rows[${r}].${o.path} must be a string`, { issues: [{ path: ['rows', r, o.path], message: 'must be a string' }] });
    let u = cache.get(s);
    if (u === undefined) {
      const tokens = s.split(o.sep);
      const start = uniqLen;
      for (const raw of tokens) {
        const name = raw.trim();
        if (name === '') continue;
        if (isReservedState(name)) throw new AudienceKitError('INVALID_INPUT', `rows[${r}].${o.path}: channel name ${name} collides with a reserved state`, { issues: [{ path: ['rows', r, o.path], message: 'reserved channel name' }] });
        let id = channelIds.get(name);
        if (id === undefined) { id = channels.length; channelIds.set(name, id); channels.push(name); }
        if (uniqLen === uniq.length) { const g = new Int32Array(uniq.length * 2); g.set(uniq); uniq = g; }
        uniq[uniqLen++] = id;
      }
      u = uniqStart.length;
      uniqStart.push(start);
      uniqCount.push(uniqLen - start);
      cache.set(s, u);
    }
    const start = uniqStart[u]!, len = uniqCount[u]!;
    if (w + len > touches.length) { const g = new Int32Array(Math.max(touches.length * 2, w + len)); g.set(touches.subarray(0, w)); touches = g; }
    for (let k = 0; k < len; k++) touches[w + k] = uniq[start + k]!;
    w += len;
    offsets[r + 1] = w;
    const conv = numberAt(row, o.conversions, r, true);
    const val = numberAt(row, o.value, r, false);
    conversions[r] = conv;
    values[r] = val;
    nulls[r] = numberAt(row, o.nulls, r, false);
    if (len === 0 && (conv > 0 || val > 0)) throw new AudienceKitError('INVALID_INPUT', `rows[${r}].${o.path} is empty but the row has conversions`, { issues: [{ path: ['rows', r, o.path], message: 'empty path with conversions' }] });
  }
  return { kind: 'journeyTable', version: 1, channels, offsets, touches: touches.slice(0, w), conversions, values, nulls };
}
