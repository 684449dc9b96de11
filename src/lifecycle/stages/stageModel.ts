import { z } from 'zod';
import { parseWith } from '../../core/index.js';

/** The reserved name of stage code 0: "not in the ladder". */
export const NO_STAGE = 'none';

/** Most rules a model may hold in all (rules are bits of a 32-bit mask in the columnar pass). */
export const MAX_RULES = 31;

/**
 * One qualifying rule of a stage: at least `minCount` events whose type is one of `eventTypes`
 * (and, when given, whose channel is one of `channels`) in the look-back window (asOf − windowDays, asOf].
 * With `repeat: true` an event counts only if the person has an EARLIER event (strictly earlier time)
 * matching the same types/channels anywhere in the history given — not only in the window
 * (a repeat purchase).
 */
export const StageRuleSchema = z.object({
  eventTypes: z.array(z.string().min(1)).min(1),
  channels: z.array(z.string().min(1)).min(1).optional(),
  minCount: z.number().int().min(1).max(1_000_000).default(1),
  /** Look-back window of this rule in days; defaults to the stage's `windowDays`. */
  windowDays: z.number().positive().max(36_500).optional(),
  repeat: z.boolean().default(false),
}).strict();

/** A stage of the ladder: a name, a default look-back window and rules (any one qualifies). */
export const StageSpecSchema = z.object({
  name: z.string().min(1).max(64),
  description: z.string().max(500).optional(),
  windowDays: z.number().positive().max(36_500),
  rules: z.array(StageRuleSchema).min(1),
}).strict();

const ModelFields = {
  name: z.string().min(1).max(64),
  /** The event-type vocabulary: every type a rule names, and every event's type, must be in it. */
  eventTypes: z.array(z.string().min(1)).min(1),
  /** Optional channel vocabulary: when given, rule channels (and the channels of events, when a rule filters by channel) must be in it. */
  channels: z.array(z.string().min(1)).min(1).optional(),
  /** Stages from lowest to highest (stage codes 1..n; code 0 is `none`). */
  stages: z.array(StageSpecSchema).min(1).max(15),
  /**
   * The lapse rule. `'highest-held'`: a person's stage at `asOf` is the highest stage with a
   * qualifying rule in its window; a person who stops qualifying for a stage falls back to the
   * highest stage still held (stages need not be held in sequence), or out of the ladder (`none`).
   */
  lapse: z.literal('highest-held').default('highest-held'),
};

interface ModelShape {
  eventTypes: string[];
  channels?: string[] | undefined;
  stages: { name: string; rules: { eventTypes: string[]; channels?: string[] | undefined }[] }[];
}

function checkModel(m: ModelShape, ctx: z.RefinementCtx): void {
  const types = new Set(m.eventTypes);
  if (types.size !== m.eventTypes.length) ctx.addIssue({ code: 'custom', path: ['eventTypes'], message: 'event types must be distinct' });
  const channels = m.channels === undefined ? undefined : new Set(m.channels);
  const names = new Set<string>();
  let rules = 0;
  m.stages.forEach((s, si) => {
    if (s.name === NO_STAGE) ctx.addIssue({ code: 'custom', path: ['stages', si, 'name'], message: `'${NO_STAGE}' is reserved for stage code 0` });
    if (names.has(s.name)) ctx.addIssue({ code: 'custom', path: ['stages', si, 'name'], message: 'stage names must be distinct' });
    names.add(s.name);
    s.rules.forEach((r, ri) => {
      rules++;
      r.eventTypes.forEach((t, ti) => {
        if (!types.has(t)) ctx.addIssue({ code: 'custom', path: ['stages', si, 'rules', ri, 'eventTypes', ti], message: `unknown event type ${JSON.stringify(t.slice(0, 40))}: not in the model's eventTypes` });
      });
      if (channels) r.channels?.forEach((c, ci) => {
        if (!channels.has(c)) ctx.addIssue({ code: 'custom', path: ['stages', si, 'rules', ri, 'channels', ci], message: `unknown channel ${JSON.stringify(c.slice(0, 40))}: not in the model's channels` });
      });
    });
  });
  if (rules > MAX_RULES) ctx.addIssue({ code: 'custom', path: ['stages'], message: `at most ${MAX_RULES} rules in all, got ${rules}` });
}

/** A stage-model spec as written by a user (JSON): defaults not yet filled. */
export const StageModelSpecSchema = z.object({
  ...ModelFields,
  kind: z.literal('stage-model').optional(),
  version: z.literal(1).optional(),
}).strict().superRefine(checkModel);

/** A validated stage model (plain JSON, `kind: 'stage-model'`, `version: 1`), as stored and loaded back. */
export const StageModelSchema = z.object({
  ...ModelFields,
  kind: z.literal('stage-model'),
  version: z.literal(1),
}).strict().superRefine(checkModel);

export type StageRule = z.output<typeof StageRuleSchema>;
export type StageSpec = z.output<typeof StageSpecSchema>;
/** A spec as accepted by {@link defineStageModel} (optional fields may be left out). */
export type StageModelSpec = z.input<typeof StageModelSpecSchema>;
/** A validated stage model: plain JSON, safe to store and load back with {@link defineStageModel}. */
export type StageModel = z.output<typeof StageModelSchema>;

/**
 * Validates a stage-model spec (ordered stages, each with qualifying rules over events: event
 * types, channels, minimum counts, look-back windows, repeat events; and the lapse rule) and
 * returns it as a plain JSON model with defaults filled, `kind` and `version`. Loading a stored
 * model back goes through the same function. The ladder follows JD's 4A (Aware, Appeal, Act,
 * Advocate) and Alibaba's AIPL; see the presets `FOUR_A` and `AIPL`.
 *
 * Complexity: O(rules + event types).
 *
 * @param spec - the spec (JSON): `{ name, eventTypes, channels?, stages: [{ name, windowDays, rules: [...] }], lapse? }`.
 * @returns the validated model (a new object; the spec is not mutated).
 * @throws AudienceKitError `INVALID_MODEL` with the field path, e.g. an unknown event type at
 *   `stages[1].rules[0].eventTypes[2]`, a duplicate stage name, the reserved name `none`, more than 31 rules.
 * @example
 * const m = defineStageModel({ name: 'mini', eventTypes: ['view', 'buy'], stages: [
 *   { name: 'seen', windowDays: 7, rules: [{ eventTypes: ['view'] }] },
 *   { name: 'buyer', windowDays: 30, rules: [{ eventTypes: ['buy'] }] }] });
 * m.stages[1].rules[0]; // => { eventTypes: ['buy'], minCount: 1, repeat: false }
 */
export function defineStageModel(spec: StageModelSpec): StageModel {
  const parsed = parseWith(StageModelSpecSchema, spec, 'stage model', 'INVALID_MODEL');
  return { ...parsed, kind: 'stage-model', version: 1 };
}

/** Re-validates a model at a public entry point (it may have been built by hand or loaded from JSON). @internal */
export function checkStageModel(model: unknown): StageModel {
  return parseWith(StageModelSchema, model, 'stage model', 'INVALID_MODEL');
}

/** Stage names with `none` first: the index is the stage code. */
export function stageNames(model: StageModel): string[] {
  return [NO_STAGE, ...model.stages.map((s) => s.name)];
}
