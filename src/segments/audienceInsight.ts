import { z } from 'zod';
import { AudienceKitError, parseWith } from '../core/index.js';
import { DEFAULT_MIN_AUDIENCE_SIZE } from './audienceOverlap.js';
import type { AudienceMembers } from './setOperations.js';
import { fieldReader, hasField } from './fields.js';

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
  /** Below the privacy floor: the reason, and no size (`audienceSize: null`; the reason names the floor, not the size). */
  | { readonly withheld: string; readonly audienceSize: null; readonly populationSize: number };

const MISSING = '__missing__';

/**
 * The cell keys of one row's value (a tag list gives each distinct tag once). Values are reported as
 * strings, so two values of different types with the same string (the number 1 and the string
 * '1') would share a cell: `kinds` remembers each key's type and such a field is an error, as are
 * NaN and values that are not scalars. Errors name the field and the row, never the value.
 */
function keysOf(v: unknown, kinds: Map<string, string>, field: string, row: number): string[] {
  if (v === undefined || v === null) return [MISSING];
  if (!Array.isArray(v)) return [keyOf(v, kinds, field, row)];
  const keys: string[] = [];
  for (const x of v as readonly unknown[]) { const k = keyOf(x, kinds, field, row); if (!keys.includes(k)) keys.push(k); }
  return keys;
}

/** The cell key of one scalar (see {@link keysOf}); a top-level function, as it runs once per value (a closure per row cost ~10× the whole pass). */
function keyOf(x: unknown, kinds: Map<string, string>, field: string, row: number): string {
  const type = typeof x;
  if ((type !== 'string' && type !== 'number' && type !== 'boolean') || (type === 'number' && Number.isNaN(x))) badValue(x, field, row);
  const k = String(x), kind = kinds.get(k);
  if (kind === undefined) kinds.set(k, type);
  else if (kind !== type) throw new AudienceKitError('INVALID_INPUT', `population[${row}].${field} holds a ${type} that reads the same as a ${kind} value of another row: the two would share one cell (use one type per field)`);
  return k;
}

function badValue(x: unknown, field: string, row: number): never {
  if (typeof x === 'number') throw new AudienceKitError('INVALID_INPUT', `population[${row}].${field} holds NaN`);
  throw new AudienceKitError('INVALID_INPUT', `population[${row}].${field} must hold a scalar (string, number, boolean) or a list of scalars; found ${x === null ? 'null' : Array.isArray(x) ? 'a nested list' : typeof x}`);
}

/**
 * Describes an audience against its population: for each value of each field, the share of the
 * audience and of the population that have it, and the TGI index (100 × audience share /
 * population share; above 100 = over-represented). Tag lists count each tag (a person can have
 * several, so shares of a tag field need not sum to 1). Cells with fewer than `minCellCount`
 * audience members are not reported (counted in `suppressedCells`); when a field would hide exactly
 * one cell and its cells sum to the audience size (every member has one value: a scalar, missing,
 * or a single tag), its smallest shown cell is hidden too (complementary suppression: otherwise the
 * hidden count is the audience size minus the shown ones). An audience below `minAudienceSize`
 * gets nothing but the reason (`withheld`; `audienceSize` is `null`). Cells are sorted by field
 * order, then TGI descending, then value. A field's values are compared as strings, so one field
 * may not hold values of two types that read the same (1 and '1'): that is an error.
 *
 * Complexity: O((population + audience) × fields × tags per row).
 * @throws AudienceKitError `INVALID_INPUT` for an audience index outside the population, members not ascending, a population row
 *   that is not an object, an unknown field, or a value that is not a scalar or list of scalars, is NaN, or reads the same as a
 *   value of another type (each error names the field and row).
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
  for (let i = 0; i < N; i++) {
    const r: unknown = population[i];
    if (typeof r !== 'object' || r === null) throw new AudienceKitError('INVALID_INPUT', `population[${i}] must be an object`);
  }
  if (n < minAudienceSize) {
    return { withheld: `audience is below the privacy floor of ${minAudienceSize} people`, audienceSize: null, populationSize: N };
  }
  const cells: InsightCell[] = [];
  let suppressedCells = 0;
  fields.forEach((field, f) => {
    const get = fieldReader(field);
    if (N > 0 && !population.some((r) => hasField(r, field))) throw new AudienceKitError('INVALID_INPUT', `fields[${f}]: unknown field '${field}' (no population row has it)`);
    const pop = new Map<string, number>(), aud = new Map<string, number>(), kinds = new Map<string, string>();
    for (let i = 0; i < N; i++) for (const k of keysOf(get(population[i]!), kinds, field, i)) pop.set(k, (pop.get(k) ?? 0) + 1);
    // Whether the audience's cells of this field sum to the audience size (one key per member: a
    // scalar, a missing value, or a list of one distinct tag): then one hidden cell could be
    // recovered by subtraction.
    let onePerMember = true;
    for (let i = 0; i < n; i++) {
      const keys = keysOf(get(population[audience[i]!]!), kinds, field, audience[i]!);
      if (keys.length !== 1) onePerMember = false;
      for (const k of keys) aud.set(k, (aud.get(k) ?? 0) + 1);
    }
    const fieldCells: InsightCell[] = [];
    let hidden = 0;
    for (const [value, audienceCount] of aud) {
      if (audienceCount < minCellCount) { hidden++; continue; }
      const populationCount = pop.get(value)!;
      const audienceShare = audienceCount / n, populationShare = populationCount / N;
      fieldCells.push({ field, value, audienceCount, audienceShare, populationCount, populationShare, tgi: (100 * audienceShare) / populationShare });
    }
    // Complementary suppression: when the cells sum to the audience size, one hidden cell could be
    // recovered by subtraction; hide the smallest shown cell too.
    if (hidden === 1 && onePerMember && fieldCells.length > 0) {
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
