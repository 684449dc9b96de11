import { z } from 'zod';
import { AudienceKitError, formatPath } from '../core/index.js';

/** A scalar a profile field can be compared with. */
export const Scalar = z.union([z.string(), z.number().refine(Number.isFinite, 'must be finite'), z.boolean()]);

const fieldName = z.string().min(1, 'field name must not be empty');

/** `{ field, op: 'eq', value }`: the field equals the value (strict equality). */
export const EqRuleSchema = z.strictObject({ field: fieldName, op: z.literal('eq'), value: Scalar });
/** `{ field, op: 'in', values }`: the field equals one of the values. */
export const InRuleSchema = z.strictObject({ field: fieldName, op: z.literal('in'), values: z.array(Scalar).min(1) });
/** `{ field, op: 'range', min?, max? }`: a numeric field with min <= value <= max (both inclusive; either may be omitted). */
export const RangeRuleSchema = z
  .strictObject({
    field: fieldName,
    op: z.literal('range'),
    min: z.number().refine(Number.isFinite, 'must be finite').optional(),
    max: z.number().refine(Number.isFinite, 'must be finite').optional(),
  })
  .refine((r) => r.min !== undefined || r.max !== undefined, 'range needs min or max')
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'range needs min <= max');
/** `{ field, op: 'contains' | 'containsAny' | 'containsAll', ... }`: a tag-list field holds the tag(s). */
export const ContainsRuleSchema = z.strictObject({ field: fieldName, op: z.literal('contains'), value: z.string() });
export const ContainsAnyRuleSchema = z.strictObject({ field: fieldName, op: z.literal('containsAny'), values: z.array(z.string()).min(1) });
export const ContainsAllRuleSchema = z.strictObject({ field: fieldName, op: z.literal('containsAll'), values: z.array(z.string()).min(1) });

/**
 * `{ event: { types?, channels?, minCount = 1, withinDays } }`: at least `minCount` events whose
 * type is one of `types` (any type if omitted) on one of `channels` (any if omitted), with time in
 * `(asOf − withinDays days, asOf]`.
 */
export const EventRuleSchema = z.strictObject({
  event: z.strictObject({
    types: z.array(z.string().min(1)).min(1).optional(),
    channels: z.array(z.string().min(1)).min(1).optional(),
    minCount: z.number().int().min(1).default(1),
    withinDays: z.number().positive().refine(Number.isFinite, 'must be finite'),
  }),
});

export type FieldRule =
  | z.output<typeof EqRuleSchema>
  | z.output<typeof InRuleSchema>
  | z.output<typeof RangeRuleSchema>
  | z.output<typeof ContainsRuleSchema>
  | z.output<typeof ContainsAnyRuleSchema>
  | z.output<typeof ContainsAllRuleSchema>;
export type EventRule = z.output<typeof EventRuleSchema>;
/** A segment rule: a JSON tree of field comparisons and event conditions under and / or / not. */
export type SegmentRule = FieldRule | EventRule | { and: SegmentRule[] } | { or: SegmentRule[] } | { not: SegmentRule };
/** The input form of a rule (`minCount` may be omitted). */
export type SegmentRuleInput =
  | z.input<typeof EqRuleSchema>
  | z.input<typeof InRuleSchema>
  | z.input<typeof RangeRuleSchema>
  | z.input<typeof ContainsRuleSchema>
  | z.input<typeof ContainsAnyRuleSchema>
  | z.input<typeof ContainsAllRuleSchema>
  | z.input<typeof EventRuleSchema>
  | { and: SegmentRuleInput[] }
  | { or: SegmentRuleInput[] }
  | { not: SegmentRuleInput };

const FIELD_OPS = {
  eq: EqRuleSchema,
  in: InRuleSchema,
  range: RangeRuleSchema,
  contains: ContainsRuleSchema,
  containsAny: ContainsAnyRuleSchema,
  containsAll: ContainsAllRuleSchema,
} as const;

/** Zod schema of a whole rule tree, for callers who validate early (e.g. an API layer). */
export const SegmentRuleSchema: z.ZodType<SegmentRule, SegmentRuleInput> = z.lazy(() =>
  z.union([
    EqRuleSchema, InRuleSchema, RangeRuleSchema, ContainsRuleSchema, ContainsAnyRuleSchema, ContainsAllRuleSchema, EventRuleSchema,
    z.strictObject({ and: z.array(SegmentRuleSchema).min(1) }),
    z.strictObject({ or: z.array(SegmentRuleSchema).min(1) }),
    z.strictObject({ not: SegmentRuleSchema }),
  ]),
);

/** A validated rule, frozen, with the number of leaves (conditions) it has. */
export interface Segment {
  readonly kind: 'audience-kit/segment';
  readonly version: 1;
  readonly rule: SegmentRule;
  readonly conditions: number;
}

function fail(path: (string | number)[], message: string): never {
  throw new AudienceKitError('INVALID_INPUT', `Invalid segment rule at ${formatPath(path)}: ${message}`, {
    issues: [{ path, message }],
  });
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function check(node: unknown, path: (string | number)[]): { rule: SegmentRule; leaves: number } {
  if (!isRecord(node)) fail(path, 'a rule must be an object');
  const keys = Object.keys(node);
  const combinator = keys.find((k) => k === 'and' || k === 'or' || k === 'not');
  if (combinator !== undefined) {
    if (keys.length !== 1) fail(path, `'${combinator}' must be the only key, found ${keys.join(', ')}`);
    if (combinator === 'not') {
      const inner = check(node.not, [...path, 'not']);
      return { rule: { not: inner.rule }, leaves: inner.leaves };
    }
    const list = node[combinator];
    if (!Array.isArray(list) || list.length === 0) fail([...path, combinator], 'must be a non-empty array of rules');
    let leaves = 0;
    const rules = list.map((child, i) => {
      const c = check(child, [...path, combinator, i]);
      leaves += c.leaves;
      return c.rule;
    });
    return { rule: combinator === 'and' ? { and: rules } : { or: rules }, leaves };
  }
  if ('event' in node) return { rule: parseLeaf(EventRuleSchema, node, path), leaves: 1 };
  if (!('field' in node)) fail(path, `expected one of 'field', 'event', 'and', 'or', 'not'; found ${keys.length ? keys.join(', ') : 'no keys'}`);
  const op = node.op;
  if (typeof op !== 'string' || !Object.hasOwn(FIELD_OPS, op)) {
    fail([...path, 'op'], `unknown operator ${typeof op === 'string' ? `'${op}'` : String(op)} (expected ${Object.keys(FIELD_OPS).join(', ')})`);
  }
  return { rule: parseLeaf(FIELD_OPS[op as keyof typeof FIELD_OPS], node, path), leaves: 1 };
}

function parseLeaf<S extends z.ZodType>(schema: S, node: unknown, path: (string | number)[]): z.output<S> {
  const r = schema.safeParse(node);
  if (r.success) return r.data;
  const first = r.error.issues[0];
  const sub = first ? first.path.map((p) => (typeof p === 'symbol' ? String(p) : p)) : [];
  return fail([...path, ...sub], first?.message ?? 'invalid rule');
}

/**
 * Validates a rule tree and returns it as a {@link Segment} (plain JSON, storable and applicable
 * later with {@link selectSegment}). Field comparisons: `eq`, `in`, `range` (inclusive), `contains`,
 * `containsAny`, `containsAll` (tag lists); event conditions; `and` / `or` / `not`.
 *
 * Complexity: O(size of the rule).
 * @throws AudienceKitError `INVALID_INPUT` naming the rule path (`and[1].op: unknown operator 'gt'`).
 * @example
 * defineSegment({ and: [{ field: 'cityTier', op: 'in', values: [1, 2] }, { event: { types: ['purchase'], withinDays: 365 } }] }).conditions; // => 2
 */
export function defineSegment(rule: SegmentRuleInput | Segment): Segment {
  const given: unknown = rule;
  const stored = isRecord(given) && given.kind === 'audience-kit/segment';
  if (stored && given.version !== 1) {
    throw new AudienceKitError('INVALID_MODEL', `segment version ${String(given.version)} is not supported (expected 1)`);
  }
  const root: unknown = stored ? given.rule : given;
  const { rule: parsed, leaves } = check(root, []);
  return { kind: 'audience-kit/segment', version: 1, rule: parsed, conditions: leaves };
}
