import { z } from 'zod';
import { AudienceKitError, EpochMs, isEventColumns, parseWith, type EventColumns } from '../../core/index.js';
import { rejectRowOptions } from '../../core/internal/eventColumns.js';
import { checkStageModel, type StageModel } from './stageModel.js';
import { badPersonId, compileModel, eventList, eventMask, eventRecord, EventFieldsSchema, eventTime, internRoster, type CompiledModel, type EventFields } from './internal/columnar.js';
import { estimateDistinctIds, hashId, PersonIndex } from './internal/personIndex.js';
import { Counters } from './internal/counters.js';
import { EventRefs, refEvent, refPerson } from './internal/eventRefs.js';
import { poolArray, readAhead, READ_AHEAD as AHEAD, type Pool } from '../../core/internal/stringIndex.js';
import { giveWorkspace, isStageWorkspace, takeWorkspace, type StageWorkspace } from './workspace.js';
import { checkColumns, rowMask, type CheckedColumns } from './eventColumns.js';

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
  /** Work arrays to reuse across calls ({@link createStageWorkspace}); results are the same without. */
  workspace: z.custom<StageWorkspace>((v) => isStageWorkspace(v), { message: 'must be a StageWorkspace from createStageWorkspace()' }).optional(),
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
 * Complexity: O(n · rules + people · (rules + evidenceLimit)) time; O(people · (rules + evidenceLimit)) memory, plus one
 * entry per event inside the window of a rule it matches (the evidence pass's candidates) when `evidenceLimit > 0`.
 *
 * @param events - event objects `{ personId, time, type, channel? }` (field names configurable), any order.
 * @param model - a stage model (`FOUR_A`, `AIPL`, or {@link defineStageModel}).
 * @param options - `{ asOf, fields?, people?, evidenceLimit?, workspace? }` (`workspace`: {@link createStageWorkspace}, arrays reused across calls).
 * @returns `{ kind, version, model, asOf, stages, distribution, people: [{ personId, stage, code, evidence }] }`.
 * @throws AudienceKitError `INVALID_MODEL` for a bad model; `INVALID_OPTION` for bad options (also a repeated
 *   id in `people`, and a `workspace` another call is using);
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
 * The columnar form: events as {@link EventColumns} (e.g. from Arrow/Parquet, or
 * {@link toEventColumns}). Same stages, distribution and evidence as the object form on the
 * same events, with the evidence given as ROW INDICES into the columns (most recent first, ties:
 * later row first). People are `columns.personIds`, in that order (people without events: `none`).
 * No person id is hashed per event: rows carry person indices. `fields` and `people` do not apply.
 *
 * Complexity: O(n · rules + people · (rules + evidenceLimit)) time; O(people · (rules + evidenceLimit)) memory (nothing per row).
 *
 * @throws AudienceKitError `INVALID_INPUT` naming `columns.<column>[row]`: unequal column lengths,
 *   a person/type/channel code out of range, a non-finite time, an event type (or, when a rule
 *   filters channels, a channel) not in the model; `INVALID_OPTION` when `fields` or `people` is given.
 * @example
 * const cols = toEventColumns(events); // or built from Arrow columns
 * assignStages(cols, FOUR_A, { asOf }).people[0].evidence; // => [17, 3] (row indices)
 */
export function assignStages(events: EventColumns, model: StageModel, options: AssignStagesOptions): StageAssignment<number>;
/** Either form, when the caller's type does not say which (e.g. a world from `simulateWorld(options)` with a non-literal layout). */
export function assignStages<E extends object>(events: readonly E[] | EventColumns, model: StageModel, options: AssignStagesOptions): StageAssignment<E> | StageAssignment<number>;
export function assignStages<E extends object>(events: readonly E[] | EventColumns, model: StageModel, options: AssignStagesOptions): StageAssignment<E> | StageAssignment<number> {
  const m = checkStageModel(model);
  const o = parseWith(AssignStagesOptionsSchema, options, 'assignStages options', 'INVALID_OPTION');
  const c = compileModel(m);
  const ws = o.workspace;
  if (ws === undefined) return isEventColumns(events) ? assignColumns(events, m, o, c, undefined) : assignObjects(events, m, o, c, undefined);
  const pool = takeWorkspace(ws);
  if (pool === false) throw new AudienceKitError('INVALID_OPTION', 'assignStages options: workspace is in use by another assignStages call (a nested call?); give each concurrent call its own', { issues: [{ path: ['workspace'], message: 'in use' }] });
  try {
    return isEventColumns(events) ? assignColumns(events, m, o, c, pool) : assignObjects(events, m, o, c, pool);
  } finally {
    giveWorkspace(ws);
  }
}

function assignColumns(events: EventColumns, m: StageModel, o: z.output<typeof AssignStagesOptionsSchema>, c: CompiledModel, pool: Pool | undefined): StageAssignment<number> {
  const N = o.evidenceLimit;
  rejectRowOptions('assignStages', o, ['fields', 'people'], 'the columns carry personIds');
  const enc = checkColumns(events, c);
  const pass = countColumns(enc, c, o.asOf, N, pool);
  const evidence = N > 0 ? collectEvidenceColumns(enc, pass, c, o.asOf, N, pool) : undefined;
  const rows = { length: enc.n } as unknown as readonly number[];
  const { distribution, people } = buildPeople<number>(rows, pass.personIds, pass.stage, c, evidence, N, true);
  return { kind: 'stage-assignment', version: 1, model: m.name, asOf: o.asOf, stages: c.stages, distribution, people };
}

function assignObjects<E extends object>(events: readonly E[], m: StageModel, o: z.output<typeof AssignStagesOptionsSchema>, c: CompiledModel, pool: Pool | undefined): StageAssignment<E> {
  const N = o.evidenceLimit;
  const list = eventList(events), fields = o.fields ?? EventFieldsSchema.parse({});
  const pass = countPass(list, c, fields, o.asOf, o.people, N, pool);
  const ids = pass.personIds, stage = pass.stage;
  const evidence = N > 0 ? collectEvidence(list, fields, pass, c, o.asOf, N, pool) : undefined;
  const { distribution, people } = buildPeople(events, ids, stage, c, evidence, N);
  return { kind: 'stage-assignment', version: 1, model: m.name, asOf: o.asOf, stages: c.stages, distribution, people };
}

function buildPeople<E>(events: readonly E[], ids: readonly string[], stage: Uint8Array, c: CompiledModel, evidence: Evidence | undefined, N: number, rowIndices = false): { distribution: number[]; people: PersonStage<E>[] } {
  const P = ids.length;
  const distribution = new Array<number>(c.codes).fill(0);
  const people = new Array<PersonStage<E>>(P);
  for (let p = 0; p < P; p++) {
    const s = stage[p]!;
    distribution[s]!++;
    let ev: readonly E[] = NO_EVIDENCE;
    const row = p * (N + 1), v = evidence === undefined ? 0 : evidence.rows[row]!;
    if (v > 0) {
      const k = Math.min(v, N), a = new Array<E>(k), rows = evidence!.rows, b = row + 1;
      // Sorted rows hold the latest first; a ring (see keepRing) holds the latest just before its next slot.
      const ring = evidence!.ring, next = v < N ? v : v - N;
      for (let j = 0; j < k; j++) {
        const at = ring ? b + ((next - 1 - j + 2 * N) % N) : b + j;
        a[j] = rowIndices ? rows[at]! as E : events[rows[at]!]!;
      }
      ev = a;
    }
    people[p] = { personId: ids[p]!, stage: c.stages[s]!, code: s, evidence: ev };
  }
  return { distribution, people };
}

/** One shared frozen empty array for people without evidence (saves an allocation per person). */
const NO_EVIDENCE: readonly never[] = Object.freeze([]);

/**
 * Per person p, a row `rows[p*(N+1) ..]` of a count and up to N event positions. Either sorted
 * (`ring` false: count ≤ N positions, the latest first, their times at `time[p*ts ..]`), or a
 * ring (`ring` true, for candidates in time order: the last N qualifying events in input order,
 * see {@link keepRing}; no times needed).
 */
interface Evidence { readonly rows: number[]; readonly ring: boolean; readonly time: number[]; readonly ts: number }

interface CountPass {
  readonly personIds: readonly string[];
  /** Stage code per person. */
  readonly stage: Uint8Array;
  /** The counters: the evidence pass reads the repeat rules' first times and keeps its rows in `cnt` (see newEvidence). */
  readonly counters: Counters;
  /** The events in some matching rule's window, with their person: kept only when evidence is wanted (the evidence pass looks at these alone). */
  readonly refs: EventRefs | undefined;
  /** Whether those events' times never decrease in input order (then the latest N of a person are its last N). */
  readonly sorted: boolean;
}

/**
 * The single pass over the event objects: validates each event, interns its person into a
 * {@link PersonIndex} (dense index p) and counts in person p's counters — per rule, the matching
 * events in the window; per repeat rule, the first matching time and how many in-window events
 * share it (those are not repeats). When evidence is wanted, the events inside some matching
 * rule's window are kept with their person ({@link EventRefs}; the evidence pass re-reads time
 * and type from those objects alone). Then one sweep over the counters gives each stage code.
 *
 * Layout, measured at 10M events / 1M people in one process (presized, 2 rounds): state in 40-byte
 * hash-slot rows (an 80 MB table, the previous layout) 6.0–6.8 s; a 16 MB slot table + 32-byte
 * dense rows 3.9 s (fewer bytes touched at random: TLB misses dominate on the VM); the same in
 * plain arrays 4.3–4.6 s — kept, because the typed arrays' external memory started 2 full
 * collections of 1–2.5 s each per call (see {@link PersonIndex}).
 */
function countPass(list: readonly unknown[], c: CompiledModel, f: EventFields, asOf: number, roster: readonly string[] | undefined, N: number, pool: Pool | undefined): CountPass {
  const n = list.length, R = c.rules, reps = c.repeats, rc = R + reps, where = 'events';
  const expected = estimateDistinctIds(list, f.personId, pool) + (roster?.length ?? 0);
  const index = new PersonIndex(expected, pool);
  internRoster(index, roster);
  const counters = new Counters(R, reps, Math.max(index.size, Math.ceil(expected * 1.15)), pool);
  let sorted = true, lastT = -Infinity;
  const refs = N > 0 ? new EventRefs(EventRefs.packs(n, n + (roster?.length ?? 0)), n, pool) : undefined;
  const floor = new Float64Array(R);
  for (let r = 0; r < R; r++) floor[r] = asOf - c.ruleWindowMs[r]!;
  const repeatSlot = c.repeatSlot, pf = f.personId;
  let cnt = counters.cnt, first = counters.first;
  let lastId: unknown = Symbol('none'), lastP = -1;
  const ids = new Array<unknown>(AHEAD).fill(undefined), hashes = new Int32Array(AHEAD), ps = new Int32Array(AHEAD);
  let sink = 0;
  for (let i0 = 0; i0 < n; i0 += AHEAD) {
    const m0 = Math.min(AHEAD, n - i0);
    // Ids read, hashed and their table slots touched ahead of the in-order step (see readAhead:
    // 10M events / 1M people, 6.5 → 5.2 s per call in back-to-back bench runs).
    sink += readAhead(list, i0, m0, pf, index, ids, hashes);
    // Then the block's ids interned in order, up to the first that is not a usable id (from
    // there on the in-order step reads and checks each id itself, so errors come in input order),
    // and each person's counters touched in a tight loop: many misses in flight at once.
    let good = 0;
    for (; good < m0; good++) {
      const id = ids[good];
      if (id === lastId) { ps[good] = lastP; continue; }
      if (typeof id !== 'string' || id.length === 0) break;
      const p = index.internHashed(id, hashes[good]!);
      if (p >= counters.cap) { counters.grow(index.size); cnt = counters.cnt; first = counters.first; }
      ps[good] = p; lastId = id; lastP = p;
    }
    for (let k = 0; k < good; k++) sink += cnt[ps[k]! * rc]! + (reps > 0 && first[ps[k]! * reps] === 0 ? 1 : 0);
    for (let k = 0; k < m0; k++) {
      const i = i0 + k;
      const rec = eventRecord(list[i], i, where);
      let p: number;
      if (k < good) p = ps[k]!;
      else {
        let id = ids[k], h = hashes[k]!;
        if (id === undefined) { // not read ahead (or a getter threw there): read in order, so its error comes in order too
          id = rec[pf];
          if (typeof id === 'string' && id.length > 0) h = hashId(id);
        }
        if (id === lastId) p = lastP;
        else {
          if (typeof id !== 'string' || id.length === 0) throw badPersonId(i, pf, where);
          p = index.internHashed(id, h);
          if (p >= counters.cap) { counters.grow(index.size); cnt = counters.cnt; first = counters.first; }
          lastId = id; lastP = p;
        }
      }
      const t = eventTime(rec, f, i, where);
      const m = eventMask(rec, c, f, i, where);
      if (t > asOf) continue;
      if (countEvent(cnt, first, p * rc, p * reps, R, m, t, floor, repeatSlot) && refs !== undefined) {
        refs.push(i, p);
        if (t < lastT) sorted = false;
        lastT = t;
      }
    }
  }
  if (sink === -1) index.touch(0); // never true: makes the touching loads' results used
  return { personIds: index.ids, stage: stagesOf(counters, index.size, c), counters, refs, sorted };
}


/**
 * Counts one event (time t ≤ asOf, rule mask m) into the counters of the person at cnt[base ..], first[fb ..].
 * @returns whether the event is inside the window of some rule it matches (only such an event can be evidence).
 */
function countEvent(cnt: number[], first: number[], base: number, fb: number, R: number, m: number, t: number, floor: Float64Array, repeatSlot: Int32Array): boolean {
  let any = false;
  while (m !== 0) {
    const r = 31 - Math.clz32(m & -m);
    m &= m - 1;
    const inWin = t > floor[r]! ? 1 : 0;
    const slot = repeatSlot[r]!;
    if (slot >= 0) {
      const fv = first[fb + slot]!;
      if (t < fv) { first[fb + slot] = t; cnt[base + R + slot] = inWin; } else if (t === fv) cnt[base + R + slot]! += inWin;
    }
    if (inWin === 1) { cnt[base + r]!++; any = true; }
  }
  return any;
}

/** Stage code of each of the first P people: the highest stage with a rule whose count (repeat rules: minus the in-window events at the first matching time) reaches minCount. */
function stagesOf(counters: Counters, P: number, c: CompiledModel): Uint8Array {
  const R = c.rules, rc = R + c.repeats, cnt = counters.cnt, repeatSlot = c.repeatSlot, minCount = c.ruleMinCount, ruleStage = c.ruleStage;
  const stage = new Uint8Array(P);
  for (let p = 0; p < P; p++) {
    const base = p * rc;
    let s = 0;
    for (let r = 0; r < R; r++) {
      const slot = repeatSlot[r]!;
      const k = cnt[base + r]! - (slot >= 0 ? cnt[base + R + slot]! : 0);
      if (k >= minCount[r]! && ruleStage[r]! > s) s = ruleStage[r]!;
    }
    stage[p] = s;
  }
  return stage;
}

/** Per stage code, the lowest rule floor (asOf − window) of its rules; per rule, its floor. */
function floors(c: CompiledModel, asOf: number): { floor: Float64Array; stageFloor: Float64Array } {
  const R = c.rules, floor = new Float64Array(R), stageFloor = new Float64Array(c.codes).fill(asOf);
  for (let r = 0; r < R; r++) {
    floor[r] = asOf - c.ruleWindowMs[r]!;
    const st = c.ruleStage[r]!;
    stageFloor[st] = Math.min(stageFloor[st]!, floor[r]!);
  }
  return { floor, stageFloor };
}

/**
 * The evidence arrays. `rows` takes over the counting pass's `cnt` array when it is long enough
 * (it is not read after the stage sweep; at 10M events / 1M people that is 48 MB less fresh
 * memory, where first-touching fresh pages costs about 5 s per GB on a VM). When the candidates
 * came in time order (`sorted`; an event log usually does), each row is a ring of the last N
 * positions and no times are kept (46 MB less at 10M events / 1M people); otherwise rows are kept
 * sorted by time, the times in an array of their own, N per person.
 */
function newEvidence(P: number, N: number, pool: Pool | undefined, counters: Counters, sorted: boolean): Evidence {
  const w = N + 1;
  // Positions and times need no reset: only entries this call wrote are read (sorted rows: the first
  // count of them; a ring: min(v, N) of them, see keepRing).
  const rows = counters.cnt.length >= P * w ? counters.cnt : poolArray(pool, 'evidence.rows', P * w, 0, false);
  for (let p = 0; p < P; p++) rows[p * w] = 0;
  if (sorted) return { rows, ring: true, time: [], ts: 0 };
  return { rows, ring: false, time: poolArray(pool, 'evidence.time', P * N, 0.5, false), ts: N };
}

/**
 * Second pass, over the events the counting pass kept (those inside some matching rule's window):
 * the latest N qualifying events of each person's assigned stage. Only events of people with a
 * stage, inside that stage's widest window, are looked at further.
 */
function collectEvidence(list: readonly unknown[], f: EventFields, s: CountPass, c: CompiledModel, asOf: number, N: number, pool: Pool | undefined): Evidence {
  const P = s.personIds.length, reps = c.repeats;
  const ev = newEvidence(P, N, pool, s.counters, s.sorted);
  const ring = ev.ring, time = ev.time;
  const { floor, stageFloor } = floors(c, asOf);
  const refs = s.refs!, stage = s.stage, first = s.counters.first, rows = ev.rows, w = N + 1;
  const repeatSlot = c.repeatSlot, stageRuleMask = c.stageRuleMask, tf = f.time, packed = refs.packed;
  // Positions below 2^32 (an array's length); people below 2^31 (P·(N + 1) ≤ 2^32 − 1 entries of `rows`, N ≥ 1).
  const is = new Uint32Array(AHEAD), ps = new Int32Array(AHEAD);
  let sink = 0;
  for (let ch = 0, chunks = refs.chunkCount; ch < chunks; ch++) {
    const a = refs.chunkAt(ch), m = refs.entriesIn(ch);
    for (let j0 = 0; j0 < m; j0 += AHEAD * refs.width) {
      // A block's people first, their evidence rows, first-time rows (and time rows, out of time order) touched in a tight loop
      // (many cache misses in flight at once), then the events in order.
      let b = 0;
      for (let j = j0, end = Math.min(m, j0 + AHEAD * refs.width); j < end; j += refs.width) {
        let i: number, p: number;
        if (packed) { const v = a[j]!; i = refEvent(v); p = refPerson(v, i); } else { i = a[j]!; p = a[j + 1]!; }
        if (stage[p] === 0) continue;
        is[b] = i; ps[b++] = p;
      }
      for (let k = 0; k < b; k++) sink += rows[ps[k]! * w]! + (reps > 0 && first[ps[k]! * reps] === 0 ? 1 : 0) + (ring || time[ps[k]! * N] !== 0 ? 0 : 1);
      for (let k = 0; k < b; k++) {
        const i = is[k]!, p = ps[k]!, st = stage[p]!;
        const rec = list[i] as Record<string, unknown>;
        const t = rec[tf] as number; // checked finite and <= asOf by the counting pass
        if (t <= stageFloor[st]!) continue;
        const mask = eventMask(rec, c, f, i, 'events') & stageRuleMask[st]!;
        if (isEvidence(mask, t, p * reps, floor, repeatSlot, first)) keepEvidence(ev, p, N, i, t);
      }
    }
  }
  if (sink === -1) ev.rows[0] = 0; // never true: makes the touching loads' results used
  return ev;
}

/**
 * Whether an event at time `t` matching the rules in bit mask `m` (already limited to the rules of
 * the person's stage) is evidence: inside some matching rule's window and, for a repeat rule,
 * after the person's first qualifying event of that rule (`first[fb + slot]`).
 */
function isEvidence(m: number, t: number, fb: number, floor: Float64Array, repeatSlot: Int32Array, first: readonly number[]): boolean {
  while (m !== 0) {
    const r = 31 - Math.clz32(m & -m);
    m &= m - 1;
    if (t <= floor[r]!) continue;
    const slot = repeatSlot[r]!;
    if (slot >= 0 && t <= first[fb + slot]!) continue;
    return true;
  }
  return false;
}

/** Keeps qualifying event i (time t) of person p in its evidence row: a ring or sorted rows, as the row is kept (see {@link Evidence}). */
function keepEvidence(ev: Evidence, p: number, N: number, i: number, t: number): void {
  if (ev.ring) keepRing(ev.rows, p * (N + 1), N, i); else keepLatest(ev, p, N, i, t);
}

/**
 * Appends position i to the ring of the person whose row starts at `row`: `rows[row]` = v, the
 * events kept so far while v < N (the next slot is v), else N + the next slot (v in [N, 2N)).
 */
function keepRing(rows: number[], row: number, N: number, i: number): void {
  const v = rows[row]!;
  rows[row + 1 + (v < N ? v : v - N)] = i;
  rows[row] = v + 1 === 2 * N ? N : v + 1;
}

/** Keeps the N latest qualifying events of person p (time desc, input position desc), sorted, in its evidence row (see {@link Evidence}). */
function keepLatest(ev: Evidence, p: number, N: number, i: number, t: number): void {
  const { rows, time } = ev;
  const row = p * (N + 1) + 1, tb = p * ev.ts, k = rows[row - 1]!;
  let j: number;
  if (k < N) { j = k; rows[row - 1] = k + 1; } else {
    const tl = time[tb + N - 1]!;
    if (t < tl || (t === tl && i < rows[row + N - 1]!)) return;
    j = N - 1;
  }
  while (j > 0) {
    const prev = rows[row + j - 1]!, tp = time[tb + j - 1]!;
    if (tp > t || (tp === t && prev > i)) break;
    rows[row + j] = prev;
    time[tb + j] = tp;
    j--;
  }
  rows[row + j] = i;
  time[tb + j] = t;
}

/**
 * The counting pass on columns: the same counters, per-event update ({@link countEvent}) and
 * stage sweep ({@link stagesOf}) as {@link countPass}, the person of each row given by the
 * person column — no id is hashed, nothing grows.
 */
function countColumns(x: CheckedColumns, c: CompiledModel, asOf: number, N: number, pool: Pool | undefined): CountPass {
  const { n, person, time } = x, P = x.personIds.length, R = c.rules, reps = c.repeats, rc = R + reps;
  const counters = new Counters(R, reps, P, pool), cnt = counters.cnt, first = counters.first;
  const { floor } = floors(c, asOf);
  const repeatSlot = c.repeatSlot;
  let sorted = true, lastT = -Infinity;
  for (let i = 0; i < n; i++) {
    const t = time[i]!;
    if (t > asOf) continue;
    const p = person[i]!;
    if (countEvent(cnt, first, p * rc, p * reps, R, rowMask(x, i), t, floor, repeatSlot)) {
      if (t < lastT) sorted = false;
      lastT = t;
    }
  }
  return { personIds: x.personIds, stage: stagesOf(counters, P, c), counters, refs: undefined, sorted };
}

/** {@link collectEvidence} on columns: time and rule mask read from the columns instead of the objects. */
function collectEvidenceColumns(x: CheckedColumns, s: CountPass, c: CompiledModel, asOf: number, N: number, pool: Pool | undefined): Evidence {
  const P = s.personIds.length, reps = c.repeats;
  const ev = newEvidence(P, N, pool, s.counters, s.sorted);
  const { floor, stageFloor } = floors(c, asOf);
  const stage = s.stage, first = s.counters.first, { n, person, time } = x;
  const repeatSlot = c.repeatSlot, stageRuleMask = c.stageRuleMask;
  for (let i = 0; i < n; i++) {
    const p = person[i]!, st = stage[p]!;
    if (st === 0) continue;
    const t = time[i]!;
    if (t > asOf || t <= stageFloor[st]!) continue;
    if (isEvidence(rowMask(x, i) & stageRuleMask[st]!, t, p * reps, floor, repeatSlot, first)) keepEvidence(ev, p, N, i, t);
  }
  return ev;
}
