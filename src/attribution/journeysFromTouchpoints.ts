import { z } from 'zod';
import { AudienceKitError, EpochMs, FiniteNumber, parseWith } from '../core/index.js';
import { journeyCounts } from './journeyCounts.js';
import { isReservedState, type JourneyTable } from './journeyTable.js';

/** A time-stamped touchpoint of a person on a channel. */
export const TouchpointSchema = z.object({
  personId: z.string(),
  time: EpochMs,
  channel: z.string().min(1).refine((s) => !isReservedState(s), { message: 'channel name collides with a reserved state' }),
});
/** A conversion of a person (with an optional value). */
export const ConversionSchema = z.object({
  personId: z.string(),
  time: EpochMs,
  value: FiniteNumber.refine((x) => x >= 0, { message: 'must be >= 0' }).optional(),
});
export type Touchpoint = z.input<typeof TouchpointSchema>;
export type Conversion = z.input<typeof ConversionSchema>;

/** Options of {@link journeysFromTouchpoints}. */
export const JourneysFromTouchpointsOptionsSchema = z
  .object({
    /** Touchpoints older than this before a conversion do not count toward it (ms, > 0). */
    lookbackMs: z.number().positive(),
    /** true: sum journeys per path (no times); false: one row per journey with its touch times. */
    aggregate: z.boolean().default(true),
  })
  .strict();
export type JourneysFromTouchpointsOptions = z.input<typeof JourneysFromTouchpointsOptionsSchema>;

/** What {@link journeysFromTouchpoints} returns. */
export interface JourneysFromTouchpointsResult {
  readonly journeys: JourneyTable;
  /** Conversions with no touchpoint in their look-back window (not attributable to any channel). */
  readonly unattributed: { readonly conversions: number; readonly value: number };
  /** Counts: converting journeys, null journeys, touchpoints used. */
  readonly counts: { readonly convertingJourneys: number; readonly nullJourneys: number; readonly touchpoints: number };
}

function validateArray<T>(schema: z.ZodType<T>, rows: unknown, name: string): T[] {
  if (!Array.isArray(rows)) throw new AudienceKitError('INVALID_INPUT', `${name} must be an array`);
  const out: T[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = schema.safeParse(rows[i]);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      const path = [name, i, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
      throw new AudienceKitError('INVALID_INPUT', `${name}[${i}]${issue.path.length ? '.' + issue.path.map(String).join('.') : ''}: ${issue.message}`, { issues: [{ path, message: issue.message }] });
    }
    out.push(r.data);
  }
  return out;
}

/**
 * Builds journeys per person from time-stamped touchpoints and conversions, the way an analytics
 * suite's attribution report does. Per person, in time order: a conversion closes the journey of
 * the touchpoints since the previous conversion that lie within `lookbackMs` before it (a touch at
 * the conversion's own time counts as before it); touchpoints after it start the next journey.
 * Touchpoints since the previous conversion but older than the look-back, and touchpoints never
 * followed by a conversion, each make one null journey. A conversion with no touchpoint in its
 * look-back is not dropped: it is counted in `unattributed`. Each converting journey carries one
 * conversion and the conversion's value.
 *
 * With `aggregate: true` (default) journeys are summed per path ({@link journeyCounts}); with
 * `aggregate: false` each journey is a row that keeps its touch times and its end time (the
 * conversion time, or the last touch of a null journey), as the time-decay model needs. Rows are
 * then ordered by person id, then time.
 *
 * Complexity: O(T log T + C log C) for T touchpoints and C conversions.
 *
 * @param touchpoints - `{ personId, time, channel }` (not mutated).
 * @param conversions - `{ personId, time, value? }` (not mutated).
 * @param options - `lookbackMs` (required, > 0), `aggregate` (default true).
 * @returns the journeys, the unattributed conversions and counts.
 * @throws AudienceKitError `INVALID_OPTION` for bad options; `INVALID_INPUT` naming `touchpoints[i].field` or `conversions[i].field`.
 * @example
 * const r = journeysFromTouchpoints(
 *   [{ personId: 'p1', time: 1, channel: 'search' }, { personId: 'p1', time: 2, channel: 'feed' }],
 *   [{ personId: 'p1', time: 3, value: 50 }, { personId: 'p2', time: 3 }],
 *   { lookbackMs: 10 },
 * );
 * toJourneys(r.journeys); // => [{ path: ['search', 'feed'], conversions: 1, value: 50, nulls: 0 }]
 * r.unattributed;         // => { conversions: 1, value: 0 }
 */
export function journeysFromTouchpoints(
  touchpoints: readonly Touchpoint[],
  conversions: readonly Conversion[],
  options: JourneysFromTouchpointsOptions,
): JourneysFromTouchpointsResult {
  const o = parseWith(JourneysFromTouchpointsOptionsSchema, options, 'journeysFromTouchpoints options', 'INVALID_OPTION');
  const tps = validateArray(TouchpointSchema, touchpoints, 'touchpoints');
  const cvs = validateArray(ConversionSchema, conversions, 'conversions');

  const byPerson = new Map<string, { t: number[]; c: number[] }>();
  const slot = (id: string) => {
    let s = byPerson.get(id);
    if (!s) { s = { t: [], c: [] }; byPerson.set(id, s); }
    return s;
  };
  tps.forEach((t, i) => slot(t.personId).t.push(i));
  cvs.forEach((c, i) => slot(c.personId).c.push(i));
  const people = Array.from(byPerson.keys()).sort();

  // Journey rows (for the unaggregated table) or summary state.
  const state = journeyCounts.empty();
  const rowPaths: string[][] = [], rowTimes: number[][] = [], rowEnd: number[] = [], rowConv: number[] = [], rowVal: number[] = [], rowNull: number[] = [];
  let unConv = 0, unVal = 0, convJourneys = 0, nullJourneys = 0, used = 0;
  const emit = (ti: readonly number[], from: number, to: number, conv: number, value: number, end: number): void => {
    const path: string[] = [], times: number[] = [];
    for (let k = from; k < to; k++) { const t = tps[ti[k]!]!; path.push(t.channel); times.push(t.time); }
    used += to - from;
    if (conv > 0) convJourneys++; else nullJourneys++;
    if (o.aggregate) {
      journeyCounts.add(state, { path, conversions: conv, value, nulls: conv > 0 ? 0 : 1 }, 0);
    } else {
      rowPaths.push(path); rowTimes.push(times); rowEnd.push(end); rowConv.push(conv); rowVal.push(value); rowNull.push(conv > 0 ? 0 : 1);
    }
  };
  for (const id of people) {
    const s = byPerson.get(id)!;
    // Ties in time break by channel name, then input order: the path does not depend on row order (review finding).
    const ti = s.t.sort((a, b) => tps[a]!.time - tps[b]!.time || (tps[a]!.channel < tps[b]!.channel ? -1 : tps[a]!.channel > tps[b]!.channel ? 1 : a - b));
    const ci = s.c.sort((a, b) => cvs[a]!.time - cvs[b]!.time || (cvs[a]!.value ?? 0) - (cvs[b]!.value ?? 0) || a - b);
    let segStart = 0;
    for (const c of ci) {
      const conv = cvs[c]!;
      let end = segStart;
      while (end < ti.length && tps[ti[end]!]!.time <= conv.time) end++;
      let w = segStart;
      const from = conv.time - o.lookbackMs;
      while (w < end && tps[ti[w]!]!.time < from) w++;
      if (w > segStart) emit(ti, segStart, w, 0, 0, tps[ti[w - 1]!]!.time);
      if (end > w) emit(ti, w, end, 1, conv.value ?? 0, conv.time);
      else { unConv += 1; unVal += conv.value ?? 0; }
      segStart = end;
    }
    if (segStart < ti.length) emit(ti, segStart, ti.length, 0, 0, tps[ti[ti.length - 1]!]!.time);
  }

  let journeys: JourneyTable;
  if (o.aggregate) {
    journeys = journeyCounts.finish(state);
  } else {
    const ids = new Map<string, number>();
    const channels: string[] = [];
    const n = rowPaths.length;
    const offsets = new Int32Array(n + 1);
    const touches = new Int32Array(used);
    const times = new Float64Array(used);
    let w = 0;
    for (let r = 0; r < n; r++) {
      const p = rowPaths[r]!, tt = rowTimes[r]!;
      for (let k = 0; k < p.length; k++) {
        let cid = ids.get(p[k]!);
        if (cid === undefined) { cid = channels.length; ids.set(p[k]!, cid); channels.push(p[k]!); }
        times[w] = tt[k]!;
        touches[w++] = cid;
      }
      offsets[r + 1] = w;
    }
    journeys = {
      kind: 'journeyTable', version: 1, channels, offsets, touches,
      conversions: Float64Array.from(rowConv), values: Float64Array.from(rowVal), nulls: Float64Array.from(rowNull),
      times, endTimes: Float64Array.from(rowEnd),
    };
  }
  return { journeys, unattributed: { conversions: unConv, value: unVal }, counts: { convertingJourneys: convJourneys, nullJourneys, touchpoints: used } };
}
