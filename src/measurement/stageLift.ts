import { z } from 'zod';
import { AudienceKitError, parseWith } from '../core/index.js';
import { holdoutLift } from './holdoutLift.js';
import type { Interval } from './interval.js';

const stageArray = z.custom<ArrayLike<number>>((v) => Array.isArray(v) || ArrayBuffer.isView(v), 'must be an array or typed array of stage indices');
const GroupSchema = z.strictObject({ before: stageArray, after: stageArray });
export const StageLiftInputSchema = z.strictObject({ treatment: GroupSchema, control: GroupSchema });
export const StageLiftOptionsSchema = z.strictObject({
  /** Stage names in ladder order (index = stage code), e.g. ['none', 'aware', 'appeal', 'act', 'advocate']. */
  stages: z.array(z.string().min(1)).min(2),
  level: z.number().gt(0).lt(1).default(0.9),
});

/** A group-vs-group comparison of one share. */
export interface ShareLift {
  readonly treatment: number;
  readonly control: number;
  /** treatment − control share, Wald interval. */
  readonly lift: Interval;
  /** treatment / control − 1 (fraction), log risk-ratio interval; undefined when the control share is 0. */
  readonly relativeLift: Interval | undefined;
  /** Pooled two-proportion z-test, two-sided. */
  readonly pValue: number;
  /** People the share is taken over, per group. */
  readonly base: { readonly treatment: number; readonly control: number };
}

export interface StageLiftResult {
  readonly kind: 'stageLift';
  readonly level: number;
  readonly stages: readonly string[];
  /** Stage transition matrices before → after per group: counts and row-stochastic probabilities (an empty row stays in place: identity row). */
  readonly transitions: {
    readonly treatment: { readonly counts: number[][]; readonly probabilities: number[][] };
    readonly control: { readonly counts: number[][]; readonly probabilities: number[][] };
  };
  /** Share of people who moved up at least one stage. */
  readonly movedUp: ShareLift;
  /** For each stage s > 0: among people below s before, the share at s or above after. */
  readonly reach: readonly ({ readonly stage: string } & ShareLift)[];
}

function matrix(before: ArrayLike<number>, after: ArrayLike<number>, S: number, group: string) {
  if (before.length !== after.length) throw new AudienceKitError('DIMENSION_MISMATCH', `${group}: before has ${before.length} people, after has ${after.length}`);
  const counts = Array.from({ length: S }, () => new Array<number>(S).fill(0));
  for (let i = 0; i < before.length; i++) {
    const b = before[i]!, a = after[i]!;
    if (!Number.isInteger(b) || b < 0 || b >= S) throw new AudienceKitError('INVALID_INPUT', `${group}.before[${i}] = ${String(b)} is not a stage index in [0, ${S})`);
    if (!Number.isInteger(a) || a < 0 || a >= S) throw new AudienceKitError('INVALID_INPUT', `${group}.after[${i}] = ${String(a)} is not a stage index in [0, ${S})`);
    counts[b]![a]!++;
  }
  const probabilities = counts.map((row, r) => {
    const total = row.reduce((s, x) => s + x, 0);
    return total === 0 ? row.map((_, c) => (c === r ? 1 : 0)) : row.map((x) => x / total);
  });
  return { counts, probabilities };
}

function compare(cT: number, nT: number, cC: number, nC: number, level: number): ShareLift {
  if (nT === 0 || nC === 0) {
    throw new AudienceKitError('EMPTY_INPUT', `a share has no people in the ${nT === 0 ? 'treatment' : 'control'} group`);
  }
  const h = holdoutLift({ treatment: { users: nT, conversions: cT }, control: { users: nC, conversions: cC } }, { level });
  return { treatment: cT / nT, control: cC / nC, lift: h.absoluteLift, relativeLift: h.relativeLift, pValue: h.pValue, base: { treatment: nT, control: nC } };
}

/**
 * Did the campaign move people up the ladder? From each person's stage index before and after the
 * campaign (e.g. from lifecycle's `assignStages`, passed as plain arrays), per group: the stage
 * transition matrix, the lift in the share that moved up at least one stage, and the lift in
 * reaching each stage (among people below it before) — each with an interval and a p-value from
 * the same two-proportion machinery as {@link holdoutLift}. A reach comparison with nobody below
 * the stage in a group is left out (nothing to reach).
 *
 * Complexity: O(people + stages²).
 * @throws AudienceKitError `DIMENSION_MISMATCH` (before/after lengths), `INVALID_INPUT` (a stage index out of range), `EMPTY_INPUT` (an empty group).
 * @example
 * stageLift({ treatment: { before, after }, control: { before: b0, after: a0 } }, { stages: ['none', 'aware', 'appeal', 'act', 'advocate'] }).movedUp.lift;
 */
export function stageLift(input: z.input<typeof StageLiftInputSchema>, options: z.input<typeof StageLiftOptionsSchema>): StageLiftResult {
  const { treatment, control } = parseWith(StageLiftInputSchema, input, 'stageLift input');
  const { stages, level } = parseWith(StageLiftOptionsSchema, options, 'stageLift options');
  const S = stages.length;
  const tm = matrix(treatment.before, treatment.after, S, 'treatment');
  const cm = matrix(control.before, control.after, S, 'control');
  const up = (m: number[][]) => m.reduce((s, row, b) => s + row.reduce((t, x, a) => t + (a > b ? x : 0), 0), 0);
  const movedUp = compare(up(tm.counts), treatment.before.length, up(cm.counts), control.before.length, level);
  const reach: ({ stage: string } & ShareLift)[] = [];
  for (let s = 1; s < S; s++) {
    const below = (m: number[][]) => m.slice(0, s).reduce((t, row) => t + row.reduce((u, x) => u + x, 0), 0);
    const reached = (m: number[][]) => m.slice(0, s).reduce((t, row) => t + row.slice(s).reduce((u, x) => u + x, 0), 0);
    const nT = below(tm.counts), nC = below(cm.counts);
    if (nT === 0 || nC === 0) continue;
    reach.push({ stage: stages[s]!, ...compare(reached(tm.counts), nT, reached(cm.counts), nC, level) });
  }
  return { kind: 'stageLift', level, stages, transitions: { treatment: tm, control: cm }, movedUp, reach };
}
