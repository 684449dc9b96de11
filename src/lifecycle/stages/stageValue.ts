import { z } from 'zod';
import { AudienceKitError, isReadonlyMap, parseWith } from '../../core/index.js';

/** The stages input of {@link stageValue}: a {@link StageAssignment} fits. */
export interface StagedPeople {
  /** Stage names by code (`none` first). */
  readonly stages: readonly string[];
  readonly people: readonly { readonly personId: string; readonly code: number }[];
}

/** Values per person: a Map, or rows `{ personId, value }`. */
export type PersonValues = ReadonlyMap<string, number> | readonly { readonly personId: string; readonly value: number }[];

/** Options of {@link stageValue}. */
export const StageValueOptionsSchema = z.object({
  /** A person with no value: `'zero'` counts them with value 0 (right for revenue: no purchase, no revenue); `'exclude'` leaves them out of the mean (right for a model's LTV not computed for them). Default `'zero'`. */
  missing: z.enum(['zero', 'exclude']).default('zero'),
}).strict();
export type StageValueOptions = z.input<typeof StageValueOptionsSchema>;

/** Value summary of one stage. */
export interface StageValueRow {
  readonly stage: string;
  readonly code: number;
  /** People at the stage. */
  readonly people: number;
  /** People whose value entered the mean. */
  readonly valued: number;
  readonly total: number;
  /** Mean value per person (null when no valued person is at the stage). */
  readonly mean: number | null;
}

/** The value of moving one person up from `from` to the next stage `to`: mean(to) − mean(from). */
export interface StageUpgrade {
  readonly from: string;
  readonly to: string;
  /** null when either stage has no valued person. */
  readonly value: number | null;
}

/**
 * Mean value per stage (for example each person's CLV or revenue) and the value of moving one
 * person up each step of the ladder, read as the difference of the stage means (an observational
 * contrast: people at a higher stage may differ in other ways; a campaign test measures the causal
 * part). Sums use Neumaier-compensated addition.
 *
 * Complexity: O(people + values).
 *
 * @param stages - `{ stages, people: [{ personId, code }] }` (a {@link StageAssignment}).
 * @param values - value per person id (Map or `{ personId, value }` rows); ids not in `stages` are ignored.
 * @param options - `{ missing? }`.
 * @returns `{ stages: [{ stage, code, people, valued, total, mean }], upgrades: [{ from, to, value }] }`
 *   (upgrades between consecutive stage codes, `none` → first stage included).
 * @throws AudienceKitError `INVALID_INPUT` for a non-finite value (`values[i].value`), a repeated
 *   person id in the rows, or a stage code out of range (`people[i].code`).
 * @example
 * stageValue({ stages: ['none', 'buyer'], people: [{ personId: 'a', code: 1 }, { personId: 'b', code: 0 }] },
 *   new Map([['a', 30]])).upgrades; // => [{ from: 'none', to: 'buyer', value: 30 }]
 */
export function stageValue(stages: StagedPeople, values: PersonValues, options: StageValueOptions = {}): { stages: StageValueRow[]; upgrades: StageUpgrade[] } {
  const o = parseWith(StageValueOptionsSchema, options, 'stageValue options', 'INVALID_OPTION');
  let map: ReadonlyMap<string, number>;
  if (isReadonlyMap(values)) {
    for (const [k, v] of values) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new AudienceKitError('INVALID_INPUT', 'stageValue: a value in the map is not a finite number', { issues: [{ path: ['values'], message: 'not finite' }], details: { keyLength: k.length } });
    }
    map = values;
  } else {
    const rows = values as readonly { readonly personId: string; readonly value: number }[];
    const m = new Map<string, number>();
    rows.forEach((r, i) => {
      if (typeof r.value !== 'number' || !Number.isFinite(r.value)) throw new AudienceKitError('INVALID_INPUT', `stageValue: values[${i}].value must be a finite number`, { issues: [{ path: ['values', i, 'value'], message: 'not finite' }] });
      if (m.has(r.personId)) throw new AudienceKitError('INVALID_INPUT', `stageValue: values[${i}].personId repeats an earlier row`, { issues: [{ path: ['values', i, 'personId'], message: 'duplicate' }] });
      m.set(r.personId, r.value);
    });
    map = m;
  }
  const S = stages.stages.length;
  const people = new Array<number>(S).fill(0), valued = new Array<number>(S).fill(0);
  const sum = new Array<number>(S).fill(0), comp = new Array<number>(S).fill(0);
  stages.people.forEach((p, i) => {
    const c = p.code;
    if (!Number.isInteger(c) || c < 0 || c >= S) throw new AudienceKitError('INVALID_INPUT', `stageValue: people[${i}].code ${String(c)} is not a stage code in [0, ${S})`, { issues: [{ path: ['people', i, 'code'], message: 'out of range' }] });
    people[c]!++;
    const v = map.get(p.personId);
    if (v === undefined && o.missing === 'exclude') return;
    const x = v ?? 0;
    valued[c]!++;
    const s = sum[c]!, t = s + x;
    comp[c]! += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    sum[c] = t;
  });
  const rows: StageValueRow[] = stages.stages.map((stage, c) => {
    const total = sum[c]! + comp[c]!;
    return { stage, code: c, people: people[c]!, valued: valued[c]!, total, mean: valued[c]! > 0 ? total / valued[c]! : null };
  });
  const upgrades: StageUpgrade[] = [];
  for (let c = 0; c + 1 < S; c++) {
    const a = rows[c]!.mean, b = rows[c + 1]!.mean;
    upgrades.push({ from: rows[c]!.stage, to: rows[c + 1]!.stage, value: a === null || b === null ? null : b - a });
  }
  return { stages: rows, upgrades };
}
