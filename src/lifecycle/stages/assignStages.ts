import { z } from 'zod';
import { EpochMs, parseWith } from '../../core/index.js';
import { checkStageModel, type StageModel } from './stageModel.js';
import { compileModel, encodeEvents, EventFieldsSchema, type CompiledModel, type EncodedEvents } from './internal/columnar.js';

/** Options of {@link assignStages}. */
export const AssignStagesOptionsSchema = z.object({
  /** The moment stages are evaluated at (epoch ms); events at exactly `asOf` count, later events are not looked at. */
  asOf: EpochMs,
  /** Event field names (defaults personId, time, type, channel). */
  fields: EventFieldsSchema.optional(),
  /** A roster of person ids: people on it without events are reported as `none`. Output order: the roster, then new ids in order of first appearance in `events`. */
  people: z.array(z.string().min(1)).readonly().optional(),
  /** Evidence kept per person: the latest `evidenceLimit` qualifying events of the assigned stage (default 5; 0 keeps none). */
  evidenceLimit: z.number().int().min(0).max(255).default(5),
}).strict();
export type AssignStagesOptions = z.input<typeof AssignStagesOptionsSchema>;

/** One person's stage at `asOf`, with the events that put them there. */
export interface PersonStage<E> {
  readonly personId: string;
  /** Stage name (`none` when out of the ladder). */
  readonly stage: string;
  /** Stage code: 0 = none, 1 = lowest stage, … */
  readonly code: number;
  /** The latest qualifying events of the assigned stage, most recent first (ties: later input position first); at most `evidenceLimit`. Empty for `none`. */
  readonly evidence: readonly E[];
}

/** The result of {@link assignStages}. */
export interface StageAssignment<E> {
  readonly kind: 'stage-assignment';
  readonly version: 1;
  readonly model: string;
  readonly asOf: number;
  /** Stage names by code, `none` first. */
  readonly stages: readonly string[];
  /** Number of people at each stage code. */
  readonly distribution: readonly number[];
  readonly people: readonly PersonStage<E>[];
}

/**
 * Places every person on the model's ladder at `asOf`: the highest stage with a qualifying rule
 * (≥ minCount matching events in (asOf − window, asOf], repeat rules counting only events with a
 * strictly earlier matching event in the whole history given up to asOf), else `none` — and keeps
 * the evidence: the latest qualifying events of the assigned stage, so a marketer sees why.
 *
 * A columnar pass (no sort; input order does not matter, events are not mutated): person ids are
 * interned, events become typed columns (person, time, rule mask), then one pass counts, per
 * person and rule, the matching events in the window (repeat rules also track the person's first
 * matching time and how many in-window events share it), and a second pass collects the evidence
 * of the assigned stage into a fixed-size buffer per person.
 *
 * Complexity: O(n · rules + people · (rules + evidenceLimit)) time, O(n + people · rules) memory.
 *
 * @param events - event objects `{ personId, time, type, channel? }` (field names configurable), any order.
 * @param model - a stage model (`FOUR_A`, `AIPL`, or {@link defineStageModel}).
 * @param options - `{ asOf, fields?, people?, evidenceLimit? }`.
 * @returns `{ kind, version, model, asOf, stages, distribution, people: [{ personId, stage, code, evidence }] }`.
 * @throws AudienceKitError `INVALID_MODEL` for a bad model; `INVALID_OPTION` for bad options;
 *   `INVALID_INPUT` naming `events[i].field` for a missing person id, a non-finite time, an event
 *   type not in the model's vocabulary, or (when a rule filters channels) a missing channel.
 * @example
 * const day = 86_400_000;
 * const r = assignStages([
 *   { personId: 'a', time: 0, type: 'impression', channel: 'qq_feed' },
 *   { personId: 'a', time: 2 * day, type: 'purchase', channel: 'jd_search' },
 * ], FOUR_A, { asOf: 10 * day });
 * r.people[0].stage; // => 'act'
 * r.distribution; // => [0, 0, 0, 1, 0]
 */
export function assignStages<E extends object>(events: readonly E[], model: StageModel, options: AssignStagesOptions): StageAssignment<E> {
  const m = checkStageModel(model);
  const o = parseWith(AssignStagesOptionsSchema, options, 'assignStages options', 'INVALID_OPTION');
  const c = compileModel(m);
  const enc = encodeEvents(events, c, o.fields ?? EventFieldsSchema.parse({}), o.people);
  const state = countAt(enc, c, o.asOf);
  const stage = stageCodes(state, c, enc.personIds.length);
  const P = enc.personIds.length, N = o.evidenceLimit;
  const evidence = N > 0 ? collectEvidence(enc, c, o.asOf, state, stage, N) : undefined;
  const distribution = new Array<number>(c.codes).fill(0);
  const people = new Array<PersonStage<E>>(P);
  for (let p = 0; p < P; p++) {
    const s = stage[p]!;
    distribution[s]!++;
    let ev: readonly E[] = NO_EVIDENCE;
    const k = evidence === undefined ? 0 : evidence.count[p]!;
    if (k > 0) {
      const a = new Array<E>(k);
      for (let j = 0; j < k; j++) a[j] = events[evidence!.index[p * N + j]!]!;
      ev = a;
    }
    people[p] = { personId: enc.personIds[p]!, stage: c.stages[s]!, code: s, evidence: ev };
  }
  return { kind: 'stage-assignment', version: 1, model: m.name, asOf: o.asOf, stages: c.stages, distribution, people };
}

/** One shared frozen empty array for people without evidence (saves an allocation per person). */
const NO_EVIDENCE: readonly never[] = Object.freeze([]);

interface CountState {
  /** count[p * R + r]: matching events in rule r's window (for repeat rules, including those at the person's first matching time). */
  readonly count: Int32Array;
  /** Per repeat slot: first matching time, and in-window events at exactly that time. */
  readonly first: Float64Array;
  readonly atFirst: Int32Array;
  readonly repeatSlot: Int32Array;
  readonly repeats: number;
}

function countAt(enc: EncodedEvents, c: CompiledModel, asOf: number): CountState {
  const P = enc.personIds.length, R = c.rules, n = enc.n;
  const repeatSlot = new Int32Array(R).fill(-1);
  let repeats = 0;
  for (let r = 0; r < R; r++) if (c.ruleRepeat[r] === 1) repeatSlot[r] = repeats++;
  const floor = new Float64Array(R);
  for (let r = 0; r < R; r++) floor[r] = asOf - c.ruleWindowMs[r]!;
  const count = new Int32Array(P * R);
  const first = new Float64Array(P * repeats).fill(Infinity);
  const atFirst = new Int32Array(P * repeats);
  const { personIndex, time, mask } = enc;
  for (let i = 0; i < n; i++) {
    const t = time[i]!;
    if (t > asOf) continue;
    let m = mask[i]!;
    if (m === 0) continue;
    const p = personIndex[i]!;
    while (m !== 0) {
      const r = 31 - Math.clz32(m & -m);
      m &= m - 1;
      const inWin = t > floor[r]! ? 1 : 0;
      const slot = repeatSlot[r]!;
      if (slot >= 0) {
        const q = p * repeats + slot, f = first[q]!;
        if (t < f) { first[q] = t; atFirst[q] = inWin; } else if (t === f) atFirst[q]! += inWin;
      }
      count[p * R + r]! += inWin;
    }
  }
  return { count, first, atFirst, repeatSlot, repeats };
}

function stageCodes(s: CountState, c: CompiledModel, P: number): Uint8Array {
  const R = c.rules, out = new Uint8Array(P);
  for (let p = 0; p < P; p++) {
    let stage = 0;
    for (let r = 0; r < R; r++) {
      const slot = s.repeatSlot[r]!;
      const k = s.count[p * R + r]! - (slot >= 0 ? s.atFirst[p * s.repeats + slot]! : 0);
      if (k >= c.ruleMinCount[r]! && c.ruleStage[r]! > stage) stage = c.ruleStage[r]!;
    }
    out[p] = stage;
  }
  return out;
}

function collectEvidence(enc: EncodedEvents, c: CompiledModel, asOf: number, s: CountState, stage: Uint8Array, N: number): { index: Int32Array; count: Uint8Array } {
  const P = enc.personIds.length, R = c.rules, n = enc.n;
  const index = new Int32Array(P * N), count = new Uint8Array(P);
  const floor = new Float64Array(R);
  for (let r = 0; r < R; r++) floor[r] = asOf - c.ruleWindowMs[r]!;
  const { personIndex, time, mask } = enc;
  for (let i = 0; i < n; i++) {
    const t = time[i]!;
    if (t > asOf) continue;
    const p = personIndex[i]!;
    let m = mask[i]! & c.stageRuleMask[stage[p]!]!;
    let ok = false;
    while (m !== 0) {
      const r = 31 - Math.clz32(m & -m);
      m &= m - 1;
      if (t <= floor[r]!) continue;
      const slot = s.repeatSlot[r]!;
      if (slot >= 0 && t <= s.first[p * s.repeats + slot]!) continue;
      ok = true;
      break;
    }
    if (!ok) continue;
    // Keep the N latest (time desc, input position desc), sorted, in index[p*N .. p*N+k).
    const base = p * N, k = count[p]!;
    let j: number;
    if (k < N) { j = k; count[p] = k + 1; } else {
      const last = index[base + N - 1]!, tl = time[last]!;
      if (t < tl || (t === tl && i < last)) continue;
      j = N - 1;
    }
    while (j > 0) {
      const prev = index[base + j - 1]!, tp = time[prev]!;
      if (tp > t || (tp === t && prev > i)) break;
      index[base + j] = prev;
      j--;
    }
    index[base + j] = i;
  }
  return { index, count };
}
