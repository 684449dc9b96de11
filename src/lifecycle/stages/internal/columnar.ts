import { z } from 'zod';
import { AudienceKitError, formatPath } from '../../../core/index.js';
import { stageNames, type StageModel } from '../stageModel.js';
import { estimateDistinctIds, PersonIndex } from './personIndex.js';

const DAY_MS = 86_400_000;

/** Names of the event fields read by the stage functions (defaults: personId, time, type, channel). */
export const EventFieldsSchema = z.object({
  personId: z.string().min(1).default('personId'),
  time: z.string().min(1).default('time'),
  type: z.string().min(1).default('type'),
  channel: z.string().min(1).default('channel'),
}).strict();
export type EventFields = z.output<typeof EventFieldsSchema>;
export const DEFAULT_FIELDS: EventFields = { personId: 'personId', time: 'time', type: 'type', channel: 'channel' };

/** A stage model compiled to flat arrays: rule r is bit r of an event's mask. */
export interface CompiledModel {
  readonly stages: readonly string[];
  /** Number of stage codes including none. */
  readonly codes: number;
  readonly rules: number;
  readonly ruleStage: Uint8Array;
  readonly ruleWindowMs: Float64Array;
  readonly ruleMinCount: Int32Array;
  readonly ruleRepeat: Uint8Array;
  /** Bits of the rules of each stage code (0 for none). */
  readonly stageRuleMask: Uint32Array;
  readonly typeMask: ReadonlyMap<string, number>;
  /** True when some rule filters by channel (then events need a channel). */
  readonly channelFiltered: boolean;
  readonly channelMask: ReadonlyMap<string, number>;
  readonly unfilteredMask: number;
  readonly channelVocabulary: ReadonlySet<string> | undefined;
  /** repeatSlot[r]: index of rule r among the repeat rules, or -1. */
  readonly repeatSlot: Int32Array;
  readonly repeats: number;
  /** True when every rule has minCount 1 (the bit-set transition kernel applies). */
  readonly allMinOne: boolean;
}

export function compileModel(model: StageModel): CompiledModel {
  const ruleStage: number[] = [], win: number[] = [], minc: number[] = [], rep: number[] = [];
  const typeMask = new Map<string, number>();
  const channelMask = new Map<string, number>();
  for (const t of model.eventTypes) typeMask.set(t, 0);
  const stageRuleMask = new Uint32Array(model.stages.length + 1);
  let unfilteredMask = 0, channelFiltered = false;
  model.stages.forEach((s, si) => {
    for (const r of s.rules) {
      const bit = 1 << ruleStage.length;
      ruleStage.push(si + 1);
      win.push((r.windowDays ?? s.windowDays) * DAY_MS);
      minc.push(r.minCount);
      rep.push(r.repeat ? 1 : 0);
      stageRuleMask[si + 1]! |= bit;
      for (const t of r.eventTypes) typeMask.set(t, (typeMask.get(t) ?? 0) | bit);
      if (r.channels === undefined) unfilteredMask |= bit;
      else {
        channelFiltered = true;
        for (const c of r.channels) channelMask.set(c, (channelMask.get(c) ?? 0) | bit);
      }
    }
  });
  const repeatSlot = new Int32Array(rep.length).fill(-1);
  let repeats = 0;
  rep.forEach((x, r) => { if (x === 1) repeatSlot[r] = repeats++; });
  return {
    repeatSlot, repeats, allMinOne: minc.every((x) => x === 1),
    stages: stageNames(model), codes: model.stages.length + 1, rules: ruleStage.length,
    ruleStage: Uint8Array.from(ruleStage), ruleWindowMs: Float64Array.from(win), ruleMinCount: Int32Array.from(minc),
    ruleRepeat: Uint8Array.from(rep), stageRuleMask, typeMask, channelFiltered, channelMask, unfilteredMask,
    channelVocabulary: model.channels === undefined ? undefined : new Set(model.channels),
  };
}

/** Events as columns: person index (interned ids), time, and the mask of rules each event matches by type and channel. */
export interface EncodedEvents {
  readonly n: number;
  readonly personIndex: Int32Array;
  readonly time: Float64Array;
  readonly mask: Uint32Array;
  /** personIds[p] = the id of person p: the roster first (in its order), then new ids in order of first appearance. */
  readonly personIds: readonly string[];
}

function badEvent(path: readonly (string | number)[], message: string): AudienceKitError {
  return new AudienceKitError('INVALID_INPUT', `Invalid events: ${formatPath(path)} ${message}`, { issues: [{ path, message }] });
}

/** Checks that `events` is an array (the per-event checks are in the passes). */
export function eventList(events: unknown, where = 'events'): readonly unknown[] {
  if (!Array.isArray(events)) throw new AudienceKitError('INVALID_INPUT', `${where} must be an array of event objects`);
  return events as readonly unknown[];
}

/** Event i as a record, or an `INVALID_INPUT` naming it. */
export function eventRecord(e: unknown, i: number, where: string): Record<string, unknown> {
  if (typeof e !== 'object' || e === null) throw badEvent([where, i], 'must be an event object');
  return e as Record<string, unknown>;
}

/** Throws the error of a person id that is not a non-empty string (never echoes the value). */
export function badPersonId(i: number, field: string, where: string): AudienceKitError {
  return badEvent([where, i, field], 'must be a non-empty string');
}

/** The event's time, checked finite. */
export function eventTime(rec: Record<string, unknown>, f: EventFields, i: number, where: string): number {
  const t = rec[f.time];
  if (typeof t !== 'number' || !Number.isFinite(t)) throw badEvent([where, i, f.time], 'must be a finite time in epoch ms');
  return t;
}

/** The mask of rules the event matches by type (and channel, when some rule filters channels); checks both against the model. */
export function eventMask(rec: Record<string, unknown>, c: CompiledModel, f: EventFields, i: number, where: string): number {
  const ty = rec[f.type];
  const tm = typeof ty === 'string' ? c.typeMask.get(ty) : undefined;
  if (tm === undefined) {
    throw badEvent([where, i, f.type], typeof ty === 'string' ? `is an unknown event type ${JSON.stringify(ty.slice(0, 40))}: not in the model's eventTypes` : 'must be a string');
  }
  if (!c.channelFiltered) return tm;
  const ch = rec[f.channel];
  if (typeof ch !== 'string') throw badEvent([where, i, f.channel], 'must be a string (the model filters by channel)');
  let cm = c.channelMask.get(ch);
  if (cm === undefined) {
    if (c.channelVocabulary !== undefined && !c.channelVocabulary.has(ch)) throw badEvent([where, i, f.channel], `is an unknown channel ${JSON.stringify(ch.slice(0, 40))}: not in the model's channels`);
    cm = 0;
  }
  return tm & (cm | c.unfilteredMask);
}

/** Interns the roster first (its order is the output order); a repeated id is an `INVALID_OPTION` at `people[i]`. */
export function internRoster(table: { readonly size: number; intern(id: string): number }, roster: readonly string[] | undefined): void {
  if (!roster) return;
  for (let i = 0; i < roster.length; i++) {
    const before = table.size;
    table.intern(roster[i]!);
    if (table.size === before) throw new AudienceKitError('INVALID_OPTION', `Invalid options: people[${i}] repeats an earlier person id`, { issues: [{ path: ['people', i], message: 'duplicate person id' }] });
  }
}

/**
 * One pass over event objects into columns, checking each event by hand (a zod parse of 10M
 * objects costs seconds; these typeof checks cost little). Never echoes a person id.
 */
export function encodeEvents(events: unknown, c: CompiledModel, f: EventFields, roster?: readonly string[], where = 'events'): EncodedEvents {
  const list = eventList(events, where);
  const n = list.length;
  const personIndex = new Int32Array(n), time = new Float64Array(n), mask = new Uint32Array(n);
  const table = new PersonIndex(estimateDistinctIds(list, f.personId) + (roster?.length ?? 0));
  internRoster(table, roster);
  const pf = f.personId;
  // Sentinel no event field can equal: consecutive events of one person skip the lookup.
  let lastId: unknown = Symbol('none'), lastP = -1;
  for (let i = 0; i < n; i++) {
    const rec = eventRecord(list[i], i, where);
    const id = rec[pf];
    let p: number;
    if (id === lastId) p = lastP;
    else {
      if (typeof id !== 'string' || id.length === 0) throw badPersonId(i, pf, where);
      p = table.intern(id);
      lastId = id; lastP = p;
    }
    personIndex[i] = p;
    time[i] = eventTime(rec, f, i, where);
    mask[i] = eventMask(rec, c, f, i, where);
  }
  return { n, personIndex, time, mask, personIds: table.ids };
}

/**
 * Stage codes of every person at each period end (person-major: out[p * ends.length + k]).
 * Groups events by person (counting sort), sorts each person's events by time, then sweeps the
 * ends with two pointers per rule: O(n + people · ends · rules + Σ k log k).
 */
export function stagesAt(enc: EncodedEvents, c: CompiledModel, ends: Float64Array): Uint8Array {
  const P = enc.personIds.length, K = ends.length, R = c.rules, n = enc.n;
  const { personIndex, time, mask } = enc;
  const start = new Int32Array(P + 1);
  for (let i = 0; i < n; i++) start[personIndex[i]! + 1]!++;
  for (let p = 0; p < P; p++) start[p + 1]! += start[p]!;
  const order = new Int32Array(n);
  const fill = start.slice(0, P);
  for (let i = 0; i < n; i++) order[fill[personIndex[i]!]!++] = i;
  const out = new Uint8Array(P * K);
  const hi = new Int32Array(R), lo = new Int32Array(R), cHi = new Int32Array(R), cLo = new Int32Array(R);
  const first = new Float64Array(R);
  const { ruleWindowMs, ruleMinCount, ruleRepeat, ruleStage } = c;
  for (let p = 0; p < P; p++) {
    const a = start[p]!, b = start[p + 1]!;
    sortByTime(order, a, b, time);
    for (let r = 0; r < R; r++) {
      hi[r] = a; lo[r] = a; cHi[r] = 0; cLo[r] = 0; first[r] = -Infinity;
      if (ruleRepeat[r] === 1) {
        first[r] = Infinity;
        for (let j = a; j < b; j++) { const e = order[j]!; if ((mask[e]! >>> r) & 1) { first[r] = time[e]!; break; } }
      }
    }
    for (let k = 0; k < K; k++) {
      const end = ends[k]!;
      let stage = 0;
      for (let r = 0; r < R; r++) {
        const bit = 1 << r, f0 = first[r]!, floor = end - ruleWindowMs[r]!;
        let h = hi[r]!, ch = cHi[r]!;
        while (h < b) { const e = order[h]!, t = time[e]!; if (t > end) break; if ((mask[e]! & bit) !== 0 && t > f0) ch++; h++; }
        hi[r] = h; cHi[r] = ch;
        let l = lo[r]!, cl = cLo[r]!;
        while (l < b) { const e = order[l]!, t = time[e]!; if (t > floor) break; if ((mask[e]! & bit) !== 0 && t > f0) cl++; l++; }
        lo[r] = l; cLo[r] = cl;
        if (ch - cl >= ruleMinCount[r]! && ruleStage[r]! > stage) stage = ruleStage[r]!;
      }
      out[p * K + k] = stage;
    }
  }
  return out;
}

/** Sorts order[a..b) by time (ties by event index): insertion sort for short runs, else a comparator sort. */
function sortByTime(order: Int32Array, a: number, b: number, time: Float64Array): void {
  if (b - a <= 32) {
    for (let i = a + 1; i < b; i++) {
      const e = order[i]!, t = time[e]!;
      let j = i - 1;
      while (j >= a) { const o = order[j]!, to = time[o]!; if (to < t || (to === t && o < e)) break; order[j + 1] = o; j--; }
      order[j + 1] = e;
    }
    return;
  }
  order.subarray(a, b).sort((x, y) => time[x]! - time[y]! || x - y);
}
