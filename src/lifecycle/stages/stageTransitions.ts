import { z } from 'zod';
import { AudienceKitError, EpochMs, isEventColumns, parseWith, type EventColumns, type MergeableSummary } from '../../core/index.js';
import { rejectRowOptions } from '../../core/internal/eventColumns.js';
import { checkStageModel, type StageModel } from './stageModel.js';
import { compileModel, encodeEvents, eventList, EventFieldsSchema, stagesAt, type CompiledModel, type EventFields } from './internal/columnar.js';
import { encodeColumns } from './eventColumns.js';
import { MAX_BIT_ENDS, transitionCountsByBits } from './internal/transitionBits.js';

const DAY_MS = 86_400_000;

/**
 * Period ends: either explicit ends (epoch ms, strictly increasing; stages are evaluated AT each
 * end), or `{ start, lengthDays, count }`: `count` periods of `lengthDays` days from `start`,
 * period k ending at its last millisecond `start + (k+1)·lengthDays·DAY − 1` (weeks: lengthDays 7;
 * quarters: 91).
 */
export const PeriodsSchema = z.union([
  z.array(EpochMs).readonly(),
  z.object({ start: EpochMs, lengthDays: z.number().positive().max(36_500), count: z.number().int().min(0).max(100_000) }).strict(),
]);
export type Periods = z.input<typeof PeriodsSchema>;

/** Options of {@link stageTransitions} and {@link stageTransitionSummary}. */
export const StageTransitionsOptionsSchema = z.object({
  periods: PeriodsSchema,
  fields: EventFieldsSchema.optional(),
  /** A roster of person ids: people on it without events count as `none` at every period end (only in {@link stageTransitions}). */
  people: z.array(z.string().min(1)).readonly().optional(),
}).strict();
export type StageTransitionsOptions = z.input<typeof StageTransitionsOptionsSchema>;

/** Transition counts of one step (period end k → k+1). */
export interface TransitionStep {
  readonly from: number;
  readonly to: number;
  /** counts[i][j]: people at stage i at `from` and stage j at `to`. */
  readonly counts: readonly (readonly number[])[];
}

/** The result of {@link stageTransitions}: pooled counts and row-stochastic probabilities. */
export interface StageTransitions {
  readonly kind: 'stage-transitions';
  readonly version: 1;
  readonly model: string;
  /** Stage names by code, `none` first: rows and columns of the matrices. */
  readonly stages: readonly string[];
  readonly ends: readonly number[];
  /** People counted (distinct person ids in the events, plus the roster). */
  readonly people: number;
  /** Counts pooled over all steps: counts[i][j] = person-steps from stage i to stage j. */
  readonly counts: readonly (readonly number[])[];
  /** Row-normalised pooled counts; a stage never visited has the identity row (stays put), so every row sums to 1. */
  readonly probabilities: readonly (readonly number[])[];
  readonly steps: readonly TransitionStep[];
}

/** The mergeable state of {@link stageTransitionSummary} (plain JSON). */
export interface StageTransitionState {
  readonly kind: 'stage-transition-counts';
  readonly version: 1;
  readonly model: string;
  readonly stages: readonly string[];
  readonly ends: readonly number[];
  readonly people: number;
  /** One flat row-major (codes × codes) count array per step. */
  readonly counts: readonly (readonly number[])[];
}

const Count = z.number().int().min(0).refine(Number.isSafeInteger, { message: 'must be a safe integer' });
/** Schema of a serialized {@link StageTransitionState} (checked by `fromJSON`). */
export const StageTransitionStateSchema = z.object({
  kind: z.literal('stage-transition-counts'),
  version: z.literal(1),
  model: z.string(),
  stages: z.array(z.string()).min(2),
  ends: z.array(EpochMs).min(2),
  people: Count,
  counts: z.array(z.array(Count)),
}).strict().superRefine((s, ctx) => {
  if (s.counts.length !== s.ends.length - 1) ctx.addIssue({ code: 'custom', path: ['counts'], message: `expected ${s.ends.length - 1} steps` });
  s.counts.forEach((c, k) => { if (c.length !== s.stages.length ** 2) ctx.addIssue({ code: 'custom', path: ['counts', k], message: `expected ${s.stages.length ** 2} counts` }); });
});

function resolveEnds(periods: z.output<typeof PeriodsSchema>): number[] {
  let ends: number[];
  if ('start' in periods) {
    ends = [];
    const len = periods.lengthDays * DAY_MS;
    for (let k = 0; k < periods.count; k++) ends.push(periods.start + (k + 1) * len - 1);
  } else ends = periods.slice();
  if (ends.length < 2) {
    throw new AudienceKitError('EMPTY_INPUT', `stage transitions need at least 2 period ends, got ${ends.length}`, { issues: [{ path: ['periods'], message: 'at least 2 period ends' }] });
  }
  for (let k = 1; k < ends.length; k++) {
    if (!(ends[k]! > ends[k - 1]!)) {
      throw new AudienceKitError('INVALID_OPTION', `periods[${k}] must be later than periods[${k - 1}] (period ends strictly increasing)`, { issues: [{ path: ['periods', k], message: 'not increasing' }] });
    }
  }
  return ends;
}

function countSteps(events: unknown, c: CompiledModel, fields: EventFields, ends: number[], roster: readonly string[] | undefined): { people: number; counts: number[][] } {
  const K = ends.length, S = c.codes, endArr = Float64Array.from(ends);
  let people: number, flat: Float64Array;
  const columns = isEventColumns(events);
  if (!columns && c.allMinOne && K <= MAX_BIT_ENDS) {
    // One pass, bit sets of qualifying ends per person and rule (every rule has minCount 1).
    ({ people, flat } = transitionCountsByBits(eventList(events), c, fields, endArr, roster));
  } else {
    // General rules (minCount > 1) or very many ends: group by person, sort, sweep the ends.
    // Columns: person indices already interned, rule masks from the dictionaries (no id hashed per event).
    const enc = columns ? encodeColumns(events, c) : encodeEvents(events, c, fields, roster);
    const P = enc.personIds.length, st = stagesAt(enc, c, endArr);
    flat = new Float64Array((K - 1) * S * S);
    for (let p = 0; p < P; p++) {
      const o = p * K;
      for (let k = 0; k + 1 < K; k++) flat[k * S * S + st[o + k]! * S + st[o + k + 1]!]!++;
    }
    people = P;
  }
  const counts: number[][] = [];
  for (let k = 0; k + 1 < K; k++) counts.push(Array.from(flat.subarray(k * S * S, (k + 1) * S * S)));
  return { people, counts };
}

/**
 * The mergeable summary behind {@link stageTransitions}: `add(state, events)` takes a SHARD of
 * events that holds ALL events of each of its people (stages are person-level: split shards by
 * person, e.g. by a hash of the person id, never by time — a person split across shards would be
 * counted twice with partial histories); `merge` adds counts; `finish` gives the
 * {@link StageTransitions}. States are plain JSON (`toJSON` copies, `fromJSON` validates).
 *
 * Complexity: `add` O(n · rules + people · ends · rules + Σ k log k) for a shard of n events; merge O(ends · stages²).
 *
 * @throws AudienceKitError as {@link stageTransitions}; `merge`/`fromJSON` throw `INVALID_INPUT` when states come from another model or other period ends.
 * @example
 * const s = stageTransitionSummary(FOUR_A, { periods: { start, lengthDays: 7, count: 4 } });
 * const total = s.finish(s.merge(s.add(s.empty(), shardA), s.add(s.empty(), shardB)));
 * // => the same as stageTransitions(shardA.concat(shardB), FOUR_A, { periods })
 */
export function stageTransitionSummary(model: StageModel, options: StageTransitionsOptions): MergeableSummary<StageTransitionState, readonly object[], StageTransitions> {
  const m = checkStageModel(model);
  const o = parseWith(StageTransitionsOptionsSchema, options, 'stageTransitions options', 'INVALID_OPTION');
  const c = compileModel(m);
  const ends = resolveEnds(o.periods);
  const fields = o.fields ?? EventFieldsSchema.parse({});
  const S = c.codes;
  const zero = (): StageTransitionState => ({
    kind: 'stage-transition-counts', version: 1, model: m.name, stages: c.stages, ends,
    people: 0, counts: ends.slice(1).map(() => new Array<number>(S * S).fill(0)),
  });
  const compatible = (s: StageTransitionState, where: string): void => {
    if (s.model !== m.name || s.stages.length !== S || s.stages.some((x, i) => x !== c.stages[i]) || s.ends.length !== ends.length || s.ends.some((x, i) => x !== ends[i])) {
      throw new AudienceKitError('INVALID_INPUT', `${where}: a stage-transition state from another model or other period ends cannot be merged`);
    }
  };
  const addCounts = (a: StageTransitionState, people: number, counts: readonly (readonly number[])[]): StageTransitionState => ({
    ...a, people: a.people + people, counts: a.counts.map((row, k) => row.map((v, j) => v + counts[k]![j]!)),
  });
  return {
    kind: 'lifecycle.stage-transitions',
    empty: zero,
    add: (state, events) => {
      compatible(state, 'add');
      const r = countSteps(events, c, fields, ends, undefined);
      return addCounts(state, r.people, r.counts);
    },
    merge: (a, b) => { compatible(a, 'merge'); compatible(b, 'merge'); return addCounts(a, b.people, b.counts); },
    finish: (state) => finishTransitions(state),
    toJSON: (state) => ({ ...state, stages: [...state.stages], ends: [...state.ends], counts: state.counts.map((r) => [...r]) }),
    fromJSON: (json) => {
      const s = parseWith(StageTransitionStateSchema, json, 'stage-transition state');
      compatible(s, 'fromJSON');
      return s;
    },
  };
}

function finishTransitions(state: StageTransitionState): StageTransitions {
  const S = state.stages.length;
  const pooled = Array.from({ length: S }, () => new Array<number>(S).fill(0));
  const steps: TransitionStep[] = state.counts.map((flat, k) => {
    const rows = Array.from({ length: S }, (_, i) => flat.slice(i * S, (i + 1) * S));
    rows.forEach((row, i) => { row.forEach((v, j) => { pooled[i]![j]! += v; }); });
    return { from: state.ends[k]!, to: state.ends[k + 1]!, counts: rows };
  });
  const probabilities = pooled.map((row, i) => {
    const tot = row.reduce((a, b) => a + b, 0);
    return tot === 0 ? row.map((_, j) => (j === i ? 1 : 0)) : row.map((v) => v / tot);
  });
  return { kind: 'stage-transitions', version: 1, model: state.model, stages: [...state.stages], ends: [...state.ends], people: state.people, counts: pooled, probabilities, steps };
}

/**
 * Counts and probabilities of moving from each stage (including `none`, "not in the ladder") at
 * one period end to each stage at the next: every person is placed at every period end (as
 * {@link assignStages} would at that `asOf`), and consecutive ends give one transition per person
 * per step. Pooled over steps into a row-stochastic matrix (a first-order, time-homogeneous Markov
 * chain, the usual reading of marketing stage flows), with the per-step counts kept. The fit is
 * `finish(add(empty(), events))` of {@link stageTransitionSummary}, so shards split BY PERSON merge
 * to the same answer.
 *
 * Complexity: O(n · rules + people · ends · rules + Σ_person k log k).
 *
 * @param events - event objects, any order (sorted internally per person; the input is not mutated),
 *   or {@link EventColumns} (same counts; `people` = `columns.personIds`; `fields`/`people` options not allowed).
 * @param model - a stage model.
 * @param options - `{ periods, fields?, people? }`.
 * @returns `{ stages, ends, people, counts, probabilities, steps }`; every probability row sums to 1.
 * @throws AudienceKitError `EMPTY_INPUT` when fewer than 2 period ends; `INVALID_OPTION` for
 *   non-increasing ends or bad options; `INVALID_MODEL`; `INVALID_INPUT` for bad events (`events[i].field`).
 * @example
 * const t = stageTransitions(events, FOUR_A, { periods: { start, lengthDays: 7, count: 52 } });
 * t.probabilities[2]; // => the appeal row, e.g. [0.05, 0.30, 0.55, 0.08, 0.02]
 */
export function stageTransitions(events: readonly object[] | EventColumns, model: StageModel, options: StageTransitionsOptions): StageTransitions {
  const o = parseWith(StageTransitionsOptionsSchema, options, 'stageTransitions options', 'INVALID_OPTION');
  if (isEventColumns(events)) rejectRowOptions('stageTransitions', o, ['fields', 'people'], 'the columns carry personIds');
  const summary = stageTransitionSummary(model, { periods: options.periods, ...(options.fields ? { fields: options.fields } : {}) });
  const state = summary.empty();
  const m = checkStageModel(model);
  const r = countSteps(events, compileModel(m), o.fields ?? EventFieldsSchema.parse({}), state.ends.slice(), o.people);
  return summary.finish({ ...state, people: r.people, counts: r.counts });
}
