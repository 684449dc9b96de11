import { z } from 'zod';
import { parseWith } from '../../core/index.js';
import { MatchConfigSchema } from './matchConfig.js';
import { levelLabels } from './internal/compare.js';

const Prob = z.number().gt(0).max(1);

/** One field of a fitted model: its level labels and the m and u probability of each level. */
const FieldParameters = z.object({
  field: z.string().min(1),
  levels: z.array(z.string()).min(2),
  /** P(level | match), given both values present. */
  m: z.array(Prob).min(2),
  /** P(level | non-match), given both values present. */
  u: z.array(Prob).min(2),
}).strict();

const sumsToOne = (p: readonly number[]): boolean => Math.abs(p.reduce((s, v) => s + v, 0) - 1) < 1e-6;

/**
 * A fitted Fellegi–Sunter model (plain JSON): the configuration it was fitted with, the prior λ
 * (the probability that two random records match — Splink's `probability_two_random_records_match`)
 * and per field the m and u probability of each comparison level. Validated when loaded back.
 */
export const MatchModelSchema = z.object({
  kind: z.literal('audience-kit/match-model'),
  version: z.literal(1),
  mode: z.enum(['dedupe', 'link']),
  config: MatchConfigSchema,
  prior: z.number().gt(0).lt(1),
  fields: z.array(FieldParameters).min(1),
  estimation: z.object({
    /** EM iterations run. */
    iterations: z.number().int().min(0),
    /** Whether EM met the tolerance before maxIterations. */
    converged: z.boolean(),
    /** Candidate pairs the m probabilities and λ were estimated on. */
    candidatePairs: z.number().int().min(0),
    /** All record pairs (n(n−1)/2 or nₗ·nᵣ): λ is a rate over these. */
    recordPairs: z.number().min(0),
  }).strict(),
}).strict().superRefine((model, ctx) => {
  const fields = model.config.fields;
  if (fields.length !== model.fields.length) {
    ctx.addIssue({ code: 'custom', path: ['fields'], message: `has ${model.fields.length} entries, config.fields has ${fields.length}` });
    return;
  }
  fields.forEach((spec, f) => {
    const p = model.fields[f]!;
    const labels = levelLabels(spec);
    if (p.field !== spec.field) ctx.addIssue({ code: 'custom', path: ['fields', f, 'field'], message: `must be '${spec.field}' as in config.fields[${f}]` });
    if (p.levels.length !== labels.length || p.levels.some((l, k) => l !== labels[k])) ctx.addIssue({ code: 'custom', path: ['fields', f, 'levels'], message: `must be ${JSON.stringify(labels)}` });
    if (p.m.length !== labels.length) ctx.addIssue({ code: 'custom', path: ['fields', f, 'm'], message: `must have ${labels.length} probabilities` });
    else if (!sumsToOne(p.m)) ctx.addIssue({ code: 'custom', path: ['fields', f, 'm'], message: 'must sum to 1' });
    if (p.u.length !== labels.length) ctx.addIssue({ code: 'custom', path: ['fields', f, 'u'], message: `must have ${labels.length} probabilities` });
    else if (!sumsToOne(p.u)) ctx.addIssue({ code: 'custom', path: ['fields', f, 'u'], message: 'must sum to 1' });
  });
});

/** A fitted Fellegi–Sunter model. */
export type MatchModel = z.output<typeof MatchModelSchema>;

/**
 * Validates a stored model (e.g. `JSON.parse` of a saved `result.model`) before it is applied
 * again with `matchRecords(records, config, { model })`.
 *
 * Complexity O(fields · levels).
 *
 * @param json - the stored model
 * @returns the validated model
 * @throws AudienceKitError `INVALID_MODEL` naming each bad path (wrong kind/version, m or u not
 * summing to 1, levels that do not fit the config, …)
 * @example
 * const model = parseMatchModel(JSON.parse(JSON.stringify(result.model)));
 * model.kind; // => 'audience-kit/match-model'
 */
export function parseMatchModel(json: unknown): MatchModel {
  return parseWith(MatchModelSchema, json, 'match model', 'INVALID_MODEL');
}
