import { z } from 'zod';
import { AudienceKitError, parseWith } from '../../core/index.js';

/** A balanced panel: `values[u * times.length + t]` is the outcome of unit `u` at time `t`. */
export interface Panel {
  readonly units: readonly string[];
  /** Distinct times, ascending (numbers, or strings such as ISO dates, compared as given). */
  readonly times: readonly (number | string)[];
  readonly values: Float64Array;
}

export const PanelColumnsSchema = z.strictObject({
  unit: z.string().min(1).default('unit'),
  time: z.string().min(1).default('time'),
  outcome: z.string().min(1).default('outcome'),
});
export type PanelColumns = z.input<typeof PanelColumnsSchema>;

const cmp = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Builds a balanced panel from long rows `{ unit, time, outcome }` (column names as options).
 * Units and times are sorted ascending, so every estimator's result (and its seeded placebos and
 * permutations) is the same whatever the order of the rows.
 *
 * Complexity: O(rows + units × times).
 * @throws AudienceKitError `INVALID_INPUT` naming the unit and time of a duplicate row, a missing
 *   cell, a non-finite outcome, or times of mixed types.
 */
export function buildPanel(rows: readonly Readonly<Record<string, unknown>>[], columns: PanelColumns = {}): Panel {
  const c = parseWith(PanelColumnsSchema, columns, 'panel columns');
  if (rows.length === 0) throw new AudienceKitError('EMPTY_INPUT', 'panel has no rows');
  const unitIndex = new Map<string, number>();
  const timeSet = new Map<number | string, number>();
  let timeKind: 'number' | 'string' | undefined;
  rows.forEach((r, i) => {
    const u = r[c.unit], t = r[c.time], y = r[c.outcome];
    if (typeof u !== 'string' && typeof u !== 'number') throw new AudienceKitError('INVALID_INPUT', `rows[${i}].${c.unit} must be a string or number`);
    if (typeof t !== 'string' && typeof t !== 'number') throw new AudienceKitError('INVALID_INPUT', `rows[${i}].${c.time} must be a number or a string`);
    const kind = typeof t === 'number' ? 'number' : 'string';
    if (timeKind !== undefined && kind !== timeKind) throw new AudienceKitError('INVALID_INPUT', `rows[${i}].${c.time} mixes numbers and strings`);
    timeKind = kind;
    if (typeof y !== 'number' || !Number.isFinite(y)) throw new AudienceKitError('INVALID_INPUT', `rows[${i}].${c.outcome} (unit '${String(u)}', time ${String(t)}) must be a finite number`);
    if (!unitIndex.has(String(u))) unitIndex.set(String(u), unitIndex.size);
    if (!timeSet.has(t)) timeSet.set(t, 0);
  });
  const times = [...timeSet.keys()].sort(cmp);
  const tIndex = new Map<number | string, number>(times.map((t, k) => [t, k]));
  const units = [...unitIndex.keys()].sort(cmp);
  const uIndex = new Map<string, number>(units.map((u, k) => [u, k]));
  const T = times.length;
  const values = new Float64Array(units.length * T).fill(Number.NaN);
  rows.forEach((r) => {
    const u = uIndex.get(String(r[c.unit]))!, t = tIndex.get(r[c.time] as number | string)!;
    if (!Number.isNaN(values[u * T + t]!)) throw new AudienceKitError('INVALID_INPUT', `duplicate row for unit '${units[u]!}' at time ${String(times[t])}`);
    values[u * T + t] = r[c.outcome] as number;
  });
  for (let u = 0; u < units.length; u++) {
    for (let t = 0; t < T; t++) {
      if (Number.isNaN(values[u * T + t]!)) throw new AudienceKitError('INVALID_INPUT', `panel is not balanced: unit '${units[u]!}' has no row at time ${String(times[t])}`);
    }
  }
  return { units, times, values };
}

/** Resolved design: treated/control unit indices and the first treated time index. */
export interface Design {
  readonly treated: number[];
  readonly control: number[];
  /** Index of the first post-period time. */
  readonly t0: number;
  /** One past the last post-period time index. */
  readonly tEnd: number;
}

export function resolveDesign(panel: Panel, treatedUnits: readonly string[], treatmentStart: number | string, treatmentEnd?: number | string): Design {
  if (treatedUnits.length === 0) throw new AudienceKitError('INVALID_INPUT', 'treatedUnits is empty');
  const index = new Map(panel.units.map((u, i) => [u, i]));
  const treated = treatedUnits.map((u) => {
    const i = index.get(u);
    if (i === undefined) throw new AudienceKitError('INVALID_INPUT', `treated unit '${u}' is not in the panel`);
    return i;
  });
  const treatedSet = new Set(treated);
  if (treatedSet.size !== treated.length) throw new AudienceKitError('INVALID_INPUT', 'treatedUnits has duplicates');
  const control = panel.units.map((_, i) => i).filter((i) => !treatedSet.has(i));
  if (control.length === 0) throw new AudienceKitError('INVALID_INPUT', 'no control units left: every unit is treated');
  if (typeof treatmentStart !== typeof panel.times[0]) throw new AudienceKitError('INVALID_INPUT', `treatmentStart must be a ${typeof panel.times[0]} like the panel's times`);
  const t0 = panel.times.findIndex((t) => t >= treatmentStart);
  if (t0 <= 0) throw new AudienceKitError('INVALID_INPUT', `treatmentStart ${String(treatmentStart)} leaves ${t0 === 0 ? 'no pre-period' : 'no post-period'}`);
  let tEnd = panel.times.length;
  if (treatmentEnd !== undefined) {
    if (typeof treatmentEnd !== typeof panel.times[0]) throw new AudienceKitError('INVALID_INPUT', `treatmentEnd must be a ${typeof panel.times[0]} like the panel's times`);
    tEnd = panel.times.findIndex((t) => t > treatmentEnd);
    if (tEnd === -1) tEnd = panel.times.length;
    if (tEnd <= t0) throw new AudienceKitError('INVALID_INPUT', `treatmentEnd ${String(treatmentEnd)} is before treatmentStart`);
  }
  return { treated, control, t0, tEnd };
}

/** Panel input schema pieces shared by the geo estimators. */
export const PanelRowsSchema = z.array(z.record(z.string(), z.unknown())).min(1, 'panel has no rows');
export const TimeValue = z.union([z.number().refine(Number.isFinite, 'must be finite'), z.string()]);
