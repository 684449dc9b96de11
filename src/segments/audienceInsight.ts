import { z } from 'zod';
import { AudienceKitError, parseWith } from '../core/index.js';
import { DEFAULT_MIN_AUDIENCE_SIZE } from './audienceOverlap.js';
import type { AudienceMembers } from './setOperations.js';

export const InsightOptionsSchema = z.strictObject({
  /** Privacy floor: an audience smaller than this gets no insight at all. Default 100. */
  minAudienceSize: z.number().int().min(1).default(DEFAULT_MIN_AUDIENCE_SIZE),
  /** A cell (field value) with fewer audience members than this is not reported. Default 30. */
  minCellCount: z.number().int().min(1).default(30),
});

/** One field value's shares and TGI. */
export interface InsightCell {
  readonly field: string;
  /** The value as a string (`'__missing__'` for absent/null); tags are reported one by one. */
  readonly value: string;
  readonly audienceCount: number;
  /** audienceCount / audience size. */
  readonly audienceShare: number;
  readonly populationCount: number;
  readonly populationShare: number;
  /** Target Group Index = 100 × audienceShare / populationShare (100 = same as the population). */
  readonly tgi: number;
}

export type InsightResult =
  | { readonly withheld?: undefined; readonly audienceSize: number; readonly populationSize: number; readonly cells: readonly InsightCell[]; readonly suppressedCells: number }
  | { readonly withheld: string; readonly audienceSize: number; readonly populationSize: number };

const MISSING = '__missing__';

function keysOf(v: unknown): string[] {
  if (v === undefined || v === null) return [MISSING];
  if (Array.isArray(v)) return [...new Set(v.map((x) => String(x)))];
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return [String(v)];
  throw new AudienceKitError('INVALID_INPUT', 'audienceInsight fields must hold scalars or lists of scalars');
}

/**
 * Describes an audience against its population: for each value of each field, the share of the
 * audience and of the population that have it, and the TGI index (100 × audience share /
 * population share; above 100 = over-represented). Tag lists count each tag (a person can have
 * several, so shares of a tag field need not sum to 1). Cells with fewer than `minCellCount`
 * audience members are not reported (counted in `suppressedCells`); when a scalar field would hide
 * exactly one cell, its smallest shown cell is hidden too (complementary suppression: otherwise the
 * hidden count is the audience size minus the shown ones). An audience below
 * `minAudienceSize` gets nothing but the reason (`withheld`). Cells are sorted by field order,
 * then TGI descending, then value.
 *
 * Complexity: O((population + audience) × fields × tags per row).
 * @throws AudienceKitError `INVALID_INPUT` for an audience index outside the population, members not ascending, or an unknown field.
 * @example
 * audienceInsight(selection.indices, profiles, ['cityTier', 'interests']).cells[0]; // => { field: 'cityTier', value: '1', tgi: 187.5, ... }
 */
export function audienceInsight(
  audience: AudienceMembers,
  rows: readonly object[],
  fields: readonly string[],
  options: z.input<typeof InsightOptionsSchema> = {},
): InsightResult {
  const { minAudienceSize, minCellCount } = parseWith(InsightOptionsSchema, options, 'audienceInsight options');
  const population = rows as readonly Readonly<Record<string, unknown>>[];
  const N = population.length, n = audience.length;
  for (let i = 0; i < n; i++) {
    const a = audience[i]!;
    if (!Number.isInteger(a) || a < 0 || a >= N) throw new AudienceKitError('INVALID_INPUT', `audience[${i}] = ${String(a)} is not a row of the population (size ${N})`);
    if (i > 0 && a <= audience[i - 1]!) throw new AudienceKitError('INVALID_INPUT', `audience must be ascending and distinct (at index ${i})`);
  }
  if (n < minAudienceSize) {
    return { withheld: `audience has ${n < 10 ? 'fewer than 10' : `${n}`} people, below the privacy floor of ${minAudienceSize}`, audienceSize: n, populationSize: N };
  }
  const cells: InsightCell[] = [];
  let suppressedCells = 0;
  fields.forEach((field, f) => {
    if (N > 0 && !population.some((r) => field in r)) throw new AudienceKitError('INVALID_INPUT', `fields[${f}]: unknown field '${field}' (no population row has it)`);
    const pop = new Map<string, number>(), aud = new Map<string, number>();
    let lists = false;
    for (let i = 0; i < N; i++) { const v = population[i]![field]; if (Array.isArray(v)) lists = true; for (const k of keysOf(v)) pop.set(k, (pop.get(k) ?? 0) + 1); }
    for (let i = 0; i < n; i++) for (const k of keysOf(population[audience[i]!]![field])) aud.set(k, (aud.get(k) ?? 0) + 1);
    const fieldCells: InsightCell[] = [];
    let hidden = 0;
    for (const [value, audienceCount] of aud) {
      if (audienceCount < minCellCount) { hidden++; continue; }
      const populationCount = pop.get(value)!;
      const audienceShare = audienceCount / n, populationShare = populationCount / N;
      fieldCells.push({ field, value, audienceCount, audienceShare, populationCount, populationShare, tgi: (100 * audienceShare) / populationShare });
    }
    // Complementary suppression: the cells of a scalar field sum to the audience size, so one hidden
    // cell could be recovered by subtraction; hide the smallest shown cell too.
    if (hidden === 1 && !lists && fieldCells.length > 0) {
      let k = 0;
      for (let j = 1; j < fieldCells.length; j++) if (fieldCells[j]!.audienceCount < fieldCells[k]!.audienceCount) k = j;
      fieldCells.splice(k, 1);
      hidden++;
    }
    suppressedCells += hidden;
    fieldCells.sort((x, y) => y.tgi - x.tgi || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0));
    cells.push(...fieldCells);
  });
  return { audienceSize: n, populationSize: N, cells, suppressedCells };
}
