import { z } from 'zod';
import { AudienceKitError, EpochMs, parseWith } from '../../core/index.js';
import { checkStageModel, type StageModel } from './stageModel.js';
import { badPersonId, compileModel, eventList, eventMask, eventRecord, EventFieldsSchema, eventTime, internRoster, type CompiledModel, type EncodedEvents, type EventFields } from './internal/columnar.js';
import { PersonTable, ROW_STATE } from './internal/personTable.js';
import { encodeColumns, isStageEventColumns, type StageEventColumns } from './eventColumns.js';

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
export function assignStages<E extends object>(events: readonly E[], model: StageModel, options: AssignStagesOptions): StageAssignment<E>;
/**
 * The columnar form: events as {@link StageEventColumns} (e.g. from Arrow/Parquet, or
 * {@link stageEventColumns}). Same stages, distribution and evidence as the object form on the
 * same events, with the evidence given as ROW INDICES into the columns (most recent first, ties:
 * later row first). People are `columns.personIds`, in that order (people without events: `none`).
 * No person id is hashed per event: rows carry person indices. `fields` and `people` do not apply.
 *
 * Complexity: O(n · rules + people · (rules + evidenceLimit)) time; O(n) new memory (a rule mask per row) plus O(people · rules).
 *
 * @throws AudienceKitError `INVALID_INPUT` naming `columns.<column>[row]`: unequal column lengths,
 *   a person/type/channel code out of range, a non-finite time, an event type (or, when a rule
 *   filters channels, a channel) not in the model; `INVALID_OPTION` when `fields` or `people` is given.
 * @example
 * const cols = stageEventColumns(events); // or built from Arrow columns
 * assignStages(cols, FOUR_A, { asOf }).people[0].evidence; // => [17, 3] (row indices)
 */
export function assignStages(events: StageEventColumns, model: StageModel, options: AssignStagesOptions): StageAssignment<number>;
export function assignStages<E extends object>(events: readonly E[] | StageEventColumns, model: StageModel, options: AssignStagesOptions): StageAssignment<E> | StageAssignment<number> {
  const m = checkStageModel(model);
  const o = parseWith(AssignStagesOptionsSchema, options, 'assignStages options', 'INVALID_OPTION');
  const c = compileModel(m);
  const N = o.evidenceLimit;
  if (isStageEventColumns(events)) {
    if (o.fields !== undefined || o.people !== undefined) {
      throw new AudienceKitError('INVALID_OPTION', 'assignStages options: fields and people do not apply to StageEventColumns (the columns carry personIds)', { issues: [{ path: [o.fields !== undefined ? 'fields' : 'people'], message: 'not allowed with columns' }] });
    }
    const enc = encodeColumns(events, c);
    const pass = countColumns(enc, c, o.asOf, N > 0);
    const evidence = N > 0 ? collectEvidenceColumns(enc, pass, c, o.asOf, N) : undefined;
    const rows = { length: enc.n } as unknown as readonly number[];
    const { distribution, people } = buildPeople<number>(rows, pass.personIds, pass.stage, c, evidence, N, true);
    return { kind: 'stage-assignment', version: 1, model: m.name, asOf: o.asOf, stages: c.stages, distribution, people };
  }
  const list = eventList(events), fields = o.fields ?? EventFieldsSchema.parse({});
  const pass = countPass(list, c, fields, o.asOf, o.people, N > 0);
  const ids = pass.personIds, stage = pass.stage;
  const evidence = N > 0 ? collectEvidence(list, fields, pass, c, o.asOf, N) : undefined;
  const { distribution, people } = buildPeople(events, ids, stage, c, evidence, N);
  return { kind: 'stage-assignment', version: 1, model: m.name, asOf: o.asOf, stages: c.stages, distribution, people };
}

function buildPeople<E>(events: readonly E[], ids: readonly string[], stage: Uint8Array, c: CompiledModel, evidence: { index: Int32Array; count: Uint8Array } | undefined, N: number, rowIndices = false): { distribution: number[]; people: PersonStage<E>[] } {
  const P = ids.length;
  const distribution = new Array<number>(c.codes).fill(0);
  const people = new Array<PersonStage<E>>(P);
  for (let p = 0; p < P; p++) {
    const s = stage[p]!;
    distribution[s]!++;
    let ev: readonly E[] = NO_EVIDENCE;
    const k = evidence === undefined ? 0 : evidence.count[p]!;
    if (k > 0) {
      const a = new Array<E>(k);
      if (rowIndices) for (let j = 0; j < k; j++) a[j] = evidence!.index[p * N + j]! as E;
      else for (let j = 0; j < k; j++) a[j] = events[evidence!.index[p * N + j]!]!;
      ev = a;
    }
    people[p] = { personId: ids[p]!, stage: c.stages[s]!, code: s, evidence: ev };
  }
  return { distribution, people };
}

/** One shared frozen empty array for people without evidence (saves an allocation per person). */
const NO_EVIDENCE: readonly never[] = Object.freeze([]);

interface CountPass {
  readonly personIds: readonly string[];
  /** Stage code per person. */
  readonly stage: Uint8Array;
  /** Per person and repeat rule: the first matching time (≤ asOf), +Infinity when none. */
  readonly first: Float64Array;
  /** Person index of each event, kept only when evidence is wanted (else empty). */
  readonly personIndex: Int32Array;
}

/**
 * The single pass over the event objects: validates each event, interns its person into a
 * {@link PersonTable} whose slot row holds that person's counters, and counts in place — per rule,
 * the matching events in the window; per repeat rule, the first matching time and how many
 * in-window events share it (those are not repeats). The person index of each event is kept only when
 * evidence is wanted (10M events: 40 MB; the evidence pass re-reads time and type from the objects). Then one sweep over the table turns each row into a stage code.
 */
function countPass(list: readonly unknown[], c: CompiledModel, f: EventFields, asOf: number, roster: readonly string[] | undefined, keep: boolean): CountPass {
  const n = list.length, R = c.rules, reps = c.repeats, where = 'events';
  // Row: [hash, p | first (f64) per repeat rule | count per rule | count at first per repeat rule], padded to even words.
  const FB = ROW_STATE, CB = FB + 2 * reps, AB = CB + R, rw = (AB + reps + 1) & ~1;
  const template = new Int32Array(rw);
  new Float64Array(template.buffer, FB * 4, reps).fill(Infinity);
  const table = new PersonTable(rw, template, Math.min(n + (roster?.length ?? 0), 1 << 16));
  internRoster(table, roster);
  const personIndex = new Int32Array(keep ? n : 0);
  const floor = new Float64Array(R);
  for (let r = 0; r < R; r++) floor[r] = asOf - c.ruleWindowMs[r]!;
  const repeatSlot = c.repeatSlot, pf = f.personId;
  let lastId: unknown = Symbol('none'), lastQ = -1;
  for (let i = 0; i < n; i++) {
    const rec = eventRecord(list[i], i, where);
    const id = rec[pf];
    let q: number;
    // Consecutive events of one person skip the lookup (a slot moves only when a NEW id is inserted, which resets this cache).
    if (id === lastId) q = lastQ;
    else {
      if (typeof id !== 'string' || id.length === 0) throw badPersonId(i, pf, where);
      q = table.slot(id);
      lastId = id; lastQ = q;
    }
    const t = eventTime(rec, f, i, where);
    let m = eventMask(rec, c, f, i, where);
    const i32 = table.i32, base = q * rw;
    if (keep) personIndex[i] = i32[base + 1]!;
    if (t > asOf) continue;
    while (m !== 0) {
      const r = 31 - Math.clz32(m & -m);
      m &= m - 1;
      const inWin = t > floor[r]! ? 1 : 0;
      const slot = repeatSlot[r]!;
      if (slot >= 0) {
        const f64 = table.f64, fi = ((base + FB) >> 1) + slot, fv = f64[fi]!;
        if (t < fv) { f64[fi] = t; i32[base + AB + slot] = inWin; } else if (t === fv) i32[base + AB + slot]! += inWin;
      }
      if (inWin === 1) i32[base + CB + r]!++;
    }
  }
  // Sweep the table (in slot order: sequential memory) into per-person stage codes.
  const P = table.size, stage = new Uint8Array(P), first = new Float64Array(keep ? P * reps : 0);
  const { keys, i32, f64, cap } = table, minCount = c.ruleMinCount, ruleStage = c.ruleStage;
  for (let q = 0; q < cap; q++) {
    if (keys[q] === undefined) continue;
    const base = q * rw, p = i32[base + 1]!;
    stage[p] = rowStage(i32, base, R, repeatSlot, minCount, ruleStage, CB, AB);
    if (keep) for (let j = 0; j < reps; j++) first[p * reps + j] = f64[((base + FB) >> 1) + j]!;
  }
  return { personIds: table.ids, stage, first, personIndex };
}

/**
 * Second pass over the events: the latest N qualifying events of each person's assigned stage.
 * Only events of people with a stage, inside that stage's widest window, are looked at further.
 */
function collectEvidence(list: readonly unknown[], f: EventFields, s: CountPass, c: CompiledModel, asOf: number, N: number): { index: Int32Array; count: Uint8Array } {
  const P = s.personIds.length, R = c.rules, reps = c.repeats, S = c.codes;
  const index = new Int32Array(P * N), count = new Uint8Array(P), time = new Float64Array(P * N);
  const floor = new Float64Array(R), stageFloor = new Float64Array(S).fill(asOf);
  for (let r = 0; r < R; r++) {
    floor[r] = asOf - c.ruleWindowMs[r]!;
    const st = c.ruleStage[r]!;
    stageFloor[st] = Math.min(stageFloor[st]!, floor[r]!);
  }
  const { personIndex, stage, first } = s;
  const repeatSlot = c.repeatSlot, stageRuleMask = c.stageRuleMask, tf = f.time, n = personIndex.length;
  for (let i = 0; i < n; i++) {
    const p = personIndex[i]!, st = stage[p]!;
    if (st === 0) continue;
    const rec = list[i] as Record<string, unknown>;
    const t = rec[tf] as number; // checked finite by the counting pass
    if (t > asOf || t <= stageFloor[st]!) continue;
    const m = eventMask(rec, c, f, i, 'events') & stageRuleMask[st]!;
    if (isEvidence(m, t, p, floor, repeatSlot, first, reps)) keepLatest(index, time, count, p, N, i, t);
  }
  return { index, count };
}

/** The stage code of one person's counter row: the highest stage with a rule whose count (repeat rules: minus the in-window events at the first matching time) reaches minCount. */
function rowStage(i32: Int32Array, base: number, R: number, repeatSlot: Int32Array, minCount: Int32Array, ruleStage: Uint8Array, CB: number, AB: number): number {
  let s = 0;
  for (let r = 0; r < R; r++) {
    const slot = repeatSlot[r]!;
    const k = i32[base + CB + r]! - (slot >= 0 ? i32[base + AB + slot]! : 0);
    if (k >= minCount[r]! && ruleStage[r]! > s) s = ruleStage[r]!;
  }
  return s;
}

/**
 * Whether an event of person `p` at time `t` matching the rules in bit mask `m` (already limited to
 * the rules of the person's stage) is evidence: inside some matching rule's window and, for a
 * repeat rule, after the person's first qualifying event of that rule.
 */
function isEvidence(m: number, t: number, p: number, floor: Float64Array, repeatSlot: Int32Array, first: Float64Array, reps: number): boolean {
  while (m !== 0) {
    const r = 31 - Math.clz32(m & -m);
    m &= m - 1;
    if (t <= floor[r]!) continue;
    const slot = repeatSlot[r]!;
    if (slot >= 0 && t <= first[p * reps + slot]!) continue;
    return true;
  }
  return false;
}

/** Keeps the N latest qualifying events of person p (time desc, input position desc), sorted, in index[p*N .. p*N+k) (their times in time[]). */
function keepLatest(index: Int32Array, time: Float64Array, count: Uint8Array, p: number, N: number, i: number, t: number): void {
  const base = p * N, k = count[p]!;
  let j: number;
  if (k < N) { j = k; count[p] = k + 1; } else {
    const tl = time[base + N - 1]!;
    if (t < tl || (t === tl && i < index[base + N - 1]!)) return;
    j = N - 1;
  }
  while (j > 0) {
    const prev = index[base + j - 1]!, tp = time[base + j - 1]!;
    if (tp > t || (tp === t && prev > i)) break;
    index[base + j] = prev;
    time[base + j] = tp;
    j--;
  }
  index[base + j] = i;
  time[base + j] = t;
}

/**
 * The counting pass on columns: the same per-person counter rows and update as {@link countPass}
 * (same layout, same rule semantics, the same {@link rowStage} sweep), but the rows are addressed
 * by the person index each event already carries — no id is hashed. Returns the row of each
 * person's repeat-rule first times for the evidence pass; `personIndex` is the input column itself.
 */
function countColumns(enc: EncodedEvents, c: CompiledModel, asOf: number, keep: boolean): CountPass {
  const { n, personIndex, time, mask } = enc, P = enc.personIds.length, R = c.rules, reps = c.repeats;
  const FB = ROW_STATE, CB = FB + 2 * reps, AB = CB + R, rw = (AB + reps + 1) & ~1;
  const buf = new ArrayBuffer(P * rw * 4), i32 = new Int32Array(buf), f64 = new Float64Array(buf);
  for (let p = 0; p < P; p++) f64.fill(Infinity, ((p * rw + FB) >> 1), ((p * rw + FB) >> 1) + reps);
  const floor = new Float64Array(R);
  for (let r = 0; r < R; r++) floor[r] = asOf - c.ruleWindowMs[r]!;
  const repeatSlot = c.repeatSlot;
  for (let i = 0; i < n; i++) {
    const t = time[i]!;
    if (t > asOf) continue;
    const base = personIndex[i]! * rw;
    let m = mask[i]!;
    while (m !== 0) {
      const r = 31 - Math.clz32(m & -m);
      m &= m - 1;
      const inWin = t > floor[r]! ? 1 : 0;
      const slot = repeatSlot[r]!;
      if (slot >= 0) {
        const fi = ((base + FB) >> 1) + slot, fv = f64[fi]!;
        if (t < fv) { f64[fi] = t; i32[base + AB + slot] = inWin; } else if (t === fv) i32[base + AB + slot]! += inWin;
      }
      if (inWin === 1) i32[base + CB + r]!++;
    }
  }
  const stage = new Uint8Array(P), first = new Float64Array(keep ? P * reps : 0);
  for (let p = 0; p < P; p++) {
    const base = p * rw;
    stage[p] = rowStage(i32, base, R, repeatSlot, c.ruleMinCount, c.ruleStage, CB, AB);
    if (keep) for (let j = 0; j < reps; j++) first[p * reps + j] = f64[((base + FB) >> 1) + j]!;
  }
  return { personIds: enc.personIds, stage, first, personIndex };
}

/** {@link collectEvidence} on columns: time and rule mask read from the columns instead of the objects. */
function collectEvidenceColumns(enc: EncodedEvents, s: CountPass, c: CompiledModel, asOf: number, N: number): { index: Int32Array; count: Uint8Array } {
  const P = s.personIds.length, R = c.rules, reps = c.repeats, S = c.codes;
  const index = new Int32Array(P * N), count = new Uint8Array(P), times = new Float64Array(P * N);
  const floor = new Float64Array(R), stageFloor = new Float64Array(S).fill(asOf);
  for (let r = 0; r < R; r++) {
    floor[r] = asOf - c.ruleWindowMs[r]!;
    const st = c.ruleStage[r]!;
    stageFloor[st] = Math.min(stageFloor[st]!, floor[r]!);
  }
  const { stage, first } = s, { n, personIndex, time, mask } = enc;
  const repeatSlot = c.repeatSlot, stageRuleMask = c.stageRuleMask;
  for (let i = 0; i < n; i++) {
    const p = personIndex[i]!, st = stage[p]!;
    if (st === 0) continue;
    const t = time[i]!;
    if (t > asOf || t <= stageFloor[st]!) continue;
    if (isEvidence(mask[i]! & stageRuleMask[st]!, t, p, floor, repeatSlot, first, reps)) keepLatest(index, times, count, p, N, i, t);
  }
  return { index, count };
}
