import { z } from 'zod';
import { AudienceKitError, formatPath, parseWith } from '../core/index.js';
import { defineSegment, type EventRule, type Segment, type SegmentRule, type SegmentRuleInput } from './rule.js';
import { fieldReader } from './fields.js';

const DAY_MS = 86_400_000;

/** Options of {@link selectSegment}. */
export const SelectSegmentOptionsSchema = z.strictObject({
  /** Reference time (epoch ms) of event conditions; required when the rule has one. */
  asOf: z.number().refine(Number.isFinite, 'must be a finite time in epoch ms').optional(),
  /** Event rows (any objects with the fields below); required when the rule has an event condition. */
  events: z.array(z.unknown()).readonly().optional(),
  /** Field of a person row (and of an event row's person) that identifies the person. Default `personId`. */
  idField: z.string().min(1).default('personId'),
  /** Field names of event rows. */
  eventFields: z
    .strictObject({ personId: z.string().default('personId'), time: z.string().default('time'), type: z.string().default('type'), channel: z.string().default('channel') })
    .default({ personId: 'personId', time: 'time', type: 'type', channel: 'channel' }),
});
export type SelectSegmentOptions = z.input<typeof SelectSegmentOptionsSchema>;

/** The people a segment selects. */
export interface SegmentSelection {
  /** Row indices into `people`, ascending. */
  readonly indices: Int32Array;
  /** The selected people's ids (from `idField`), in the same order. */
  readonly ids: readonly string[];
  readonly count: number;
  /** Event rows whose person is not in `people`, whatever their time (counted, not used). */
  readonly unmatchedEvents: number;
}

type Row = Readonly<Record<string, unknown>>;
type Path = (string | number)[];

/**
 * Applies a segment rule to people rows: every leaf is evaluated column-wise into a bit mask and
 * the masks are combined by the `and` / `or` / `not` tree — linear in people × conditions plus one
 * pass over the events for all event conditions together. No `eval`, no code generation.
 *
 * Semantics: a person whose row lacks a field (or has `null`) does not satisfy a comparison on it
 * (and does satisfy its `not`). A field that no row has at all is an error (a typo, not a value).
 * Event conditions count events with time in `(asOf − withinDays, asOf]`.
 *
 * Complexity: O(people × leaves + events × eventLeaves).
 * @throws AudienceKitError `INVALID_INPUT` naming the rule path for an unknown field, a wrong value
 *   type (`range` on a non-number, `contains` on a non-list) with the row index, a missing `asOf` or
 *   `events` when the rule has an event condition, an event row with a non-finite time, or (with an
 *   event condition) a person row without a string or number id or with a repeated one.
 * @example
 * selectSegment({ field: 'cityTier', op: 'eq', value: 1 }, [{ personId: 'a', cityTier: 1 }, { personId: 'b', cityTier: 2 }]).ids; // => ['a']
 */
export function selectSegment(rule: Segment | SegmentRuleInput, rows: readonly object[], options: SelectSegmentOptions = {}): SegmentSelection {
  const people = rows as readonly Row[];
  const segment = defineSegment(rule);
  const opts = parseWith(SelectSegmentOptionsSchema, options, 'selectSegment options');
  const given: unknown = people;
  if (!Array.isArray(given)) throw new AudienceKitError('INVALID_INPUT', 'people must be an array of objects');
  const n = people.length;
  for (let i = 0; i < n; i++) {
    const r: unknown = people[i];
    if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new AudienceKitError('INVALID_INPUT', `people[${i}] must be an object`);
  }

  // One pass over the events computes the counts of every event condition.
  const eventLeaves: { rule: EventRule; path: Path }[] = [];
  collectEventLeaves(segment.rule, [], eventLeaves);
  const eventCounts = new Map<EventRule, Int32Array>();
  let unmatchedEvents = 0;
  if (eventLeaves.length > 0) {
    if (opts.asOf === undefined) throw new AudienceKitError('INVALID_INPUT', `segment rule at ${formatPath(eventLeaves[0]!.path)} has an event condition: options.asOf is required`);
    if (opts.events === undefined) throw new AudienceKitError('INVALID_INPUT', `segment rule at ${formatPath(eventLeaves[0]!.path)} has an event condition: options.events is required`);
    unmatchedEvents = countEvents(eventLeaves, people, opts.events, opts.asOf, opts.idField, opts.eventFields, eventCounts);
  }

  const mask = evaluate(segment.rule, [], people, eventCounts);
  const idOf = fieldReader(opts.idField);
  let count = 0;
  for (let i = 0; i < n; i++) count += mask[i]!;
  const indices = new Int32Array(count);
  const ids: string[] = new Array<string>(count);
  for (let i = 0, w = 0; i < n; i++) {
    if (mask[i] === 1) {
      indices[w] = i;
      const id = idOf(people[i]!);
      if (typeof id !== 'string' && typeof id !== 'number') throw new AudienceKitError('INVALID_INPUT', `people[${i}].${opts.idField} must be a string or number id`);
      ids[w++] = String(id);
    }
  }
  return { indices, ids, count, unmatchedEvents };
}

function collectEventLeaves(rule: SegmentRule, path: Path, out: { rule: EventRule; path: Path }[]): void {
  if ('and' in rule) rule.and.forEach((r, i) => { collectEventLeaves(r, [...path, 'and', i], out); });
  else if ('or' in rule) rule.or.forEach((r, i) => { collectEventLeaves(r, [...path, 'or', i], out); });
  else if ('not' in rule) collectEventLeaves(rule.not, [...path, 'not'], out);
  else if ('event' in rule) out.push({ rule, path });
}

function countEvents(
  leaves: { rule: EventRule; path: Path }[],
  people: readonly Row[],
  events: readonly unknown[],
  asOf: number,
  idField: string,
  f: { personId: string; time: string; type: string; channel: string },
  out: Map<EventRule, Int32Array>,
): number {
  const index = new Map<unknown, number>();
  const idOf = fieldReader(idField);
  for (let i = 0; i < people.length; i++) {
    const id = idOf(people[i]!);
    // An event condition joins events to people by id: a row without a usable id could only be
    // matched by events that have none either.
    if (typeof id !== 'string' && typeof id !== 'number') throw new AudienceKitError('INVALID_INPUT', `people[${i}].${idField} must be a string or number id (the rule has an event condition)`);
    if (index.has(id)) throw new AudienceKitError('INVALID_INPUT', `people[${i}].${idField} repeats the id of people[${index.get(id)!}]: event conditions need one row per person`);
    index.set(id, i);
  }
  const k = leaves.length;
  const counts = leaves.map(() => new Int32Array(people.length));
  const from = leaves.map((l) => asOf - l.rule.event.withinDays * DAY_MS);
  const types = leaves.map((l) => (l.rule.event.types ? new Set<unknown>(l.rule.event.types) : undefined));
  const channels = leaves.map((l) => (l.rule.event.channels ? new Set<unknown>(l.rule.event.channels) : undefined));
  let unmatched = 0;
  for (let e = 0; e < events.length; e++) {
    const ev = events[e] as Row | null;
    if (typeof ev !== 'object' || ev === null) throw new AudienceKitError('INVALID_INPUT', `events[${e}] must be an object`);
    const t = ev[f.time];
    if (typeof t !== 'number' || !Number.isFinite(t)) throw new AudienceKitError('INVALID_INPUT', `events[${e}].${f.time} must be a finite time in epoch ms`);
    const p = index.get(ev[f.personId]);
    if (p === undefined) { unmatched++; continue; }
    if (t > asOf) continue;
    const type = ev[f.type], channel = ev[f.channel];
    for (let j = 0; j < k; j++) {
      if (t <= from[j]!) continue;
      const ts = types[j], cs = channels[j];
      if (ts && !ts.has(type)) continue;
      if (cs && !cs.has(channel)) continue;
      counts[j]![p]!++;
    }
  }
  leaves.forEach((l, j) => out.set(l.rule, counts[j]!));
  return unmatched;
}

function evaluate(rule: SegmentRule, path: Path, people: readonly Row[], eventCounts: Map<EventRule, Int32Array>): Uint8Array {
  const n = people.length;
  if ('and' in rule || 'or' in rule) {
    const isAnd = 'and' in rule;
    const children = isAnd ? rule.and : rule.or;
    const key = isAnd ? 'and' : 'or';
    const acc = evaluate(children[0]!, [...path, key, 0], people, eventCounts);
    for (let c = 1; c < children.length; c++) {
      const m = evaluate(children[c]!, [...path, key, c], people, eventCounts);
      if (isAnd) for (let i = 0; i < n; i++) acc[i]! &= m[i]!;
      else for (let i = 0; i < n; i++) acc[i]! |= m[i]!;
    }
    return acc;
  }
  if ('not' in rule) {
    const m = evaluate(rule.not, [...path, 'not'], people, eventCounts);
    for (let i = 0; i < n; i++) m[i] = 1 - m[i]!;
    return m;
  }
  const mask = new Uint8Array(n);
  if ('event' in rule) {
    const counts = eventCounts.get(rule)!;
    const min = rule.event.minCount;
    for (let i = 0; i < n; i++) mask[i] = counts[i]! >= min ? 1 : 0;
    return mask;
  }
  const field = rule.field, get = fieldReader(field);
  let seen = false;
  const badType = (i: number, want: string): never => {
    throw new AudienceKitError('INVALID_INPUT', `segment rule at ${formatPath(path)} (${rule.op} on '${field}') needs ${want}, but people[${i}].${field} is ${typeof get(people[i]!)}`, {
      issues: [{ path: [...path, 'field'], message: `people[${i}].${field} has the wrong type` }],
    });
  };
  switch (rule.op) {
    case 'eq': {
      const v = rule.value;
      for (let i = 0; i < n; i++) { const x = get(people[i]!); if (x !== undefined) seen = true; mask[i] = x === v ? 1 : 0; }
      break;
    }
    case 'in': {
      const set = new Set<unknown>(rule.values);
      for (let i = 0; i < n; i++) { const x = get(people[i]!); if (x !== undefined) seen = true; mask[i] = set.has(x) ? 1 : 0; }
      break;
    }
    case 'range': {
      const lo = rule.min ?? -Infinity, hi = rule.max ?? Infinity;
      for (let i = 0; i < n; i++) {
        const x = get(people[i]!);
        if (x === undefined || x === null) { if (x === null) seen = true; continue; }
        seen = true;
        if (typeof x !== 'number' || Number.isNaN(x)) badType(i, 'a number');
        mask[i] = (x as number) >= lo && (x as number) <= hi ? 1 : 0;
      }
      break;
    }
    case 'contains':
    case 'containsAny':
    case 'containsAll': {
      const wanted = rule.op === 'contains' ? [rule.value] : rule.values;
      const all = rule.op === 'containsAll';
      for (let i = 0; i < n; i++) {
        const x = get(people[i]!);
        if (x === undefined || x === null) { if (x === null) seen = true; continue; }
        seen = true;
        if (!Array.isArray(x)) badType(i, 'a list of tags');
        const tags = x as readonly unknown[];
        let hits = 0;
        for (const w of wanted) if (tags.includes(w)) hits++;
        mask[i] = (all ? hits === wanted.length : hits > 0) ? 1 : 0;
      }
      break;
    }
  }
  if (!seen && n > 0) {
    throw new AudienceKitError('INVALID_INPUT', `segment rule at ${formatPath(path)}: unknown field '${field}' (no person row has it)`, {
      issues: [{ path: [...path, 'field'], message: 'unknown field' }],
    });
  }
  return mask;
}
