import { z } from 'zod';
import { EpochMs, parseWith } from '../../core/index.js';
import { checkStageModel, NO_STAGE, type StageModel } from './stageModel.js';
import { EventFieldsSchema } from './internal/columnar.js';
import type { PersonStage } from './assignStages.js';

const DAY_MS = 86_400_000;

/** Options of {@link explainStage}. */
export const ExplainStageOptionsSchema = z.object({
  /** The `asOf` the stage was assigned at. */
  asOf: EpochMs,
  fields: EventFieldsSchema.optional(),
}).strict();
export type ExplainStageOptions = z.input<typeof ExplainStageOptionsSchema>;

/**
 * One person's stage in plain words, from the evidence {@link assignStages} kept: the stage, what
 * it means (the stage's description), and the latest qualifying events with how long before
 * `asOf` they happened. The person id is not repeated in the text (it may be personal data).
 *
 * Complexity: O(evidence).
 *
 * @param person - one entry of `assignStages(...).people`.
 * @param model - the model the stage was assigned with.
 * @param options - `{ asOf, fields? }` as given to `assignStages`.
 * @returns a sentence.
 * @throws AudienceKitError `INVALID_MODEL`, `INVALID_OPTION`.
 * @example
 * explainStage(r.people[0], FOUR_A, { asOf });
 * // => 'act (purchased): purchase 8 days before asOf (window 84 days)'
 */
export function explainStage(person: PersonStage<object>, model: StageModel, options: ExplainStageOptions): string {
  const m = checkStageModel(model);
  const o = parseWith(ExplainStageOptionsSchema, options, 'explainStage options', 'INVALID_OPTION');
  const f = o.fields ?? EventFieldsSchema.parse({});
  if (person.code === 0 || person.stage === NO_STAGE) return `${NO_STAGE}: no stage has qualifying events in its window`;
  const s = m.stages[person.code - 1];
  if (s === undefined) return `${person.stage}: not a stage of model ${m.name}`;
  const what = s.description === undefined ? '' : ` (${s.description})`;
  const windows = [...new Set(s.rules.map((r) => r.windowDays ?? s.windowDays))].join('/');
  const events = person.evidence.map((e) => {
    const rec = e as Record<string, unknown>;
    const t = rec[f.time], ty = rec[f.type];
    const days = typeof t === 'number' ? Math.round(((o.asOf - t) / DAY_MS) * 10) / 10 : NaN;
    return `${typeof ty === 'string' ? ty : 'event'} ${Number.isFinite(days) ? `${days} days` : 'some time'} before asOf`;
  });
  return `${s.name}${what}: ${events.length > 0 ? events.join(', ') : 'qualifying events (evidence not kept)'} (window ${windows} days)`;
}
