import { AudienceKitError, type MergeableSummary } from '../core/index.js';

/** One arm's running counts. */
export interface ArmCounts {
  users: number;
  conversions: number;
  value: number;
  valueSumSquares: number;
  /** Rows that carried a `value` (so "no values recorded" is not mistaken for "worth 0"). */
  valueRows: number;
}

/** One arm as `finish` returns it: `value` fields only when some row carried a value. */
export interface FinishedArm {
  users: number;
  conversions: number;
  value?: number;
  valueSumSquares?: number;
}

/** The state of {@link experimentCounts}: plain JSON, ready for `holdoutLift`. */
export interface ExperimentCountsState {
  treatment: ArmCounts;
  control: ArmCounts;
}

/** The finished counts, ready for `holdoutLift`. */
export interface ExperimentCounts {
  treatment: FinishedArm;
  control: FinishedArm;
}

/** A person row of an experiment: which group, whether they converted, and their conversion value. */
export interface ExperimentRow {
  readonly group: 'treatment' | 'control';
  readonly converted: boolean | 0 | 1;
  readonly value?: number;
}

const emptyArm = (): ArmCounts => ({ users: 0, conversions: 0, value: 0, valueSumSquares: 0, valueRows: 0 });

function checkArm(x: unknown, path: string): ArmCounts {
  const a = x as Partial<Record<keyof ArmCounts, unknown>> | null;
  if (typeof a !== 'object' || a === null) throw new AudienceKitError('INVALID_INPUT', `${path} must be an object`);
  for (const k of ['users', 'conversions', 'value', 'valueSumSquares', 'valueRows'] as const) {
    const v = a[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new AudienceKitError('INVALID_INPUT', `${path}.${k} must be a finite number >= 0`);
  }
  const arm = a as ArmCounts;
  if (!Number.isInteger(arm.users) || !Number.isInteger(arm.conversions) || arm.conversions > arm.users || !Number.isInteger(arm.valueRows) || arm.valueRows > arm.users) {
    throw new AudienceKitError('INVALID_INPUT', `${path}: users, conversions and valueRows must be integers with conversions, valueRows <= users`);
  }
  return { users: arm.users, conversions: arm.conversions, value: arm.value, valueSumSquares: arm.valueSumSquares, valueRows: arm.valueRows };
}

/**
 * Counts of a person-level experiment as a mergeable summary (DESIGN.md, "Scale"): stream
 * `{ group, converted, value? }` rows through `add` (100M exposure rows in shards), `merge` the
 * shards, and pass the finished counts to `holdoutLift`. The state is plain JSON.
 *
 * Each row is checked as it is added (group is `treatment` or `control`, converted is boolean or
 * 0/1, value finite and >= 0) and a bad row raises with its index, leaving the state as it was.
 * Arms whose rows carried no `value` finish without value fields, so `holdoutLift` reports no
 * incremental value or iROAS instead of a false 0.
 *
 * Complexity: O(1) per row and per merge.
 * @example
 * summarize(experimentCounts, rows); // => { treatment: { users, conversions, value, valueSumSquares }, control: {...} }
 */
export const experimentCounts: MergeableSummary<ExperimentCountsState, ExperimentRow, ExperimentCounts> = {
  kind: 'audience-kit/experiment-counts',
  empty: () => ({ treatment: emptyArm(), control: emptyArm() }),
  add(state, row, index) {
    // Validate the whole row before touching the state: a caller that catches and skips a bad row keeps exact counts.
    const g: unknown = row.group;
    const arm = g === 'treatment' ? state.treatment : g === 'control' ? state.control : undefined;
    if (arm === undefined) throw new AudienceKitError('INVALID_INPUT', `rows[${index}].group must be 'treatment' or 'control'`);
    const c: unknown = row.converted;
    const converted = c === true || c === 1;
    if (!converted && c !== false && c !== 0) throw new AudienceKitError('INVALID_INPUT', `rows[${index}].converted must be a boolean or 0/1`);
    const v: unknown = row.value;
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v) || v < 0)) throw new AudienceKitError('INVALID_INPUT', `rows[${index}].value must be a finite number >= 0`);
    arm.users++;
    if (converted) arm.conversions++;
    if (v !== undefined) {
      arm.value += v;
      arm.valueSumSquares += v * v;
      arm.valueRows++;
    }
    return state;
  },
  merge: (a, b) => ({
    treatment: sumArms(a.treatment, b.treatment),
    control: sumArms(a.control, b.control),
  }),
  finish: (s) => ({ treatment: finishArm(s.treatment), control: finishArm(s.control) }),
  toJSON: (s) => ({ kind: 'audience-kit/experiment-counts', version: 1, treatment: { ...s.treatment }, control: { ...s.control } }),
  fromJSON(json) {
    const j = json as { kind?: unknown; version?: unknown; treatment?: unknown; control?: unknown } | null;
    if (typeof j !== 'object' || j === null || j.kind !== 'audience-kit/experiment-counts' || j.version !== 1) {
      throw new AudienceKitError('INVALID_MODEL', 'not an audience-kit/experiment-counts v1 state');
    }
    return { treatment: checkArm(j.treatment, 'treatment'), control: checkArm(j.control, 'control') };
  },
};

function sumArms(a: ArmCounts, b: ArmCounts): ArmCounts {
  return { users: a.users + b.users, conversions: a.conversions + b.conversions, value: a.value + b.value, valueSumSquares: a.valueSumSquares + b.valueSumSquares, valueRows: a.valueRows + b.valueRows };
}

function finishArm(a: ArmCounts): FinishedArm {
  return a.valueRows === 0 ? { users: a.users, conversions: a.conversions } : { users: a.users, conversions: a.conversions, value: a.value, valueSumSquares: a.valueSumSquares };
}
