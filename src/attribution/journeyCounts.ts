import { z } from 'zod';
import { AudienceKitError, FiniteNumber, formatPath, parseWith, type MergeableSummary } from '../core/index.js';
import { JourneySchema, asJourneyTable, isReservedState, type Journey, type JourneyInput, type JourneyTable } from './journeyTable.js';

/** One aggregated path in a {@link JourneyCountsState}. */
interface PathCounts {
  readonly path: readonly string[];
  conversions: number;
  value: number;
  nulls: number;
}

/**
 * The state of the {@link journeyCounts} summary: counts summed per distinct path, keyed by the
 * path's JSON encoding (a `Map`, so any channel name works, `__proto__` included).
 */
export interface JourneyCountsState {
  readonly paths: Map<string, PathCounts>;
}

const Count = FiniteNumber.refine((x) => x >= 0, { message: 'must be a finite number >= 0' });

/** Schema of the JSON form of a {@link JourneyCountsState}. */
export const JourneyCountsJsonSchema = z.object({
  kind: z.literal('journeyCounts'),
  version: z.literal(1),
  rows: z.array(z.tuple([z.array(z.string().min(1).refine((s) => !isReservedState(s), { message: 'reserved channel name' })), Count, Count, Count])),
});

export type JourneyCountsJson = z.infer<typeof JourneyCountsJsonSchema>;

function addCounts(paths: Map<string, PathCounts>, path: readonly string[], conversions: number, value: number, nulls: number): void {
  const key = JSON.stringify(path);
  const cur = paths.get(key);
  if (cur) { cur.conversions += conversions; cur.value += value; cur.nulls += nulls; }
  else paths.set(key, { path: path.slice(), conversions, value, nulls });
}

function sortedEntries(state: JourneyCountsState): PathCounts[] {
  const keys = Array.from(state.paths.keys()).sort();
  return keys.map((k) => state.paths.get(k)!);
}

/**
 * Journey counts as a mergeable summary (DESIGN.md "Scale"): journeys summed per distinct path.
 * Shards summarized apart and merged give exactly the table of the whole (counts are sums;
 * `finish` orders rows by path, so the result does not depend on shard order). `finish` returns
 * an aggregated {@link JourneyTable} (touch times are not kept: aggregation forgets them).
 *
 * Complexity: `add` O(path length); `merge` O(distinct paths); `finish` O(P log P) for P paths.
 *
 * @throws AudienceKitError `INVALID_INPUT` from `add` (path `journey.field`) or `fromJSON`.
 * @example
 * const s = accumulate(journeyCounts, [{ path: ['a'], conversions: 1 }, { path: ['a'], conversions: 0, nulls: 2 }]);
 * toJourneys(journeyCounts.finish(s)); // => [{ path: ['a'], conversions: 1, value: 0, nulls: 2 }]
 */
export const journeyCounts: MergeableSummary<JourneyCountsState, Journey, JourneyTable> = {
  kind: 'journeyCounts',
  empty: () => ({ paths: new Map() }),
  add(state, journey, index) {
    const j = parseWith(JourneySchema, journey, `journey ${String(index)}`);
    addCounts(state.paths, j.path, j.conversions, j.value ?? 0, j.nulls ?? 0);
    return state;
  },
  merge(a, b) {
    const paths = new Map<string, PathCounts>();
    for (const [k, v] of a.paths) paths.set(k, { ...v });
    for (const [k, v] of b.paths) {
      const cur = paths.get(k);
      if (cur) { cur.conversions += v.conversions; cur.value += v.value; cur.nulls += v.nulls; }
      else paths.set(k, { ...v });
    }
    return { paths };
  },
  finish(state) {
    const rows = sortedEntries(state);
    const ids = new Map<string, number>();
    const channels: string[] = [];
    let total = 0;
    for (const r of rows) total += r.path.length;
    const offsets = new Int32Array(rows.length + 1);
    const touches = new Int32Array(total);
    const conversions = new Float64Array(rows.length), values = new Float64Array(rows.length), nulls = new Float64Array(rows.length);
    let w = 0;
    rows.forEach((r, i) => {
      for (const name of r.path) {
        let id = ids.get(name);
        if (id === undefined) { id = channels.length; ids.set(name, id); channels.push(name); }
        touches[w++] = id;
      }
      offsets[i + 1] = w;
      conversions[i] = r.conversions; values[i] = r.value; nulls[i] = r.nulls;
    });
    return { kind: 'journeyTable', version: 1, channels, offsets, touches, conversions, values, nulls };
  },
  toJSON(state): JourneyCountsJson {
    return { kind: 'journeyCounts', version: 1, rows: sortedEntries(state).map((r) => [r.path.slice(), r.conversions, r.value, r.nulls]) };
  },
  fromJSON(json) {
    const j = parseWith(JourneyCountsJsonSchema, json, 'journeyCounts JSON', 'INVALID_MODEL');
    const paths = new Map<string, PathCounts>();
    j.rows.forEach(([path, c, v, nl], i) => {
      if (path.length === 0 && (c > 0 || v > 0)) throw new AudienceKitError('INVALID_MODEL', `Invalid journeyCounts JSON: ${formatPath(['rows', i])}: an empty path cannot carry conversions`);
      addCounts(paths, path, c, v, nl);
    });
    return { paths };
  },
};

/**
 * Sums the rows of journeys that share a path (the `finish` of {@link journeyCounts} over them):
 * a smaller table for the same attribution, rows ordered by path. O(touches + P log P).
 *
 * @throws AudienceKitError `INVALID_INPUT`
 * @example
 * aggregateJourneys([{ path: ['a'], conversions: 1 }, { path: ['a'], conversions: 2 }]).conversions; // => Float64Array [3]
 */
export function aggregateJourneys(input: JourneyInput): JourneyTable {
  const t = asJourneyTable(input);
  const state = journeyCounts.empty();
  const path: string[] = [];
  for (let r = 0; r < t.conversions.length; r++) {
    path.length = 0;
    for (let i = t.offsets[r]!; i < t.offsets[r + 1]!; i++) path.push(t.channels[t.touches[i]!]!);
    addCounts(state.paths, path, t.conversions[r]!, t.values[r]!, t.nulls[r]!);
  }
  return journeyCounts.finish(state);
}
