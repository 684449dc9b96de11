import { z } from 'zod';
import { Probability, Seed } from '../../core/index.js';

const FieldName = z.string().min(1);

const ascendingPositive = (what: string) =>
  z.array(z.number().positive().refine(Number.isFinite, { message: 'must be finite' })).min(1)
    .refine((a) => a.every((v, i) => i === 0 || v > a[i - 1]!), { message: `${what} must be strictly ascending` });

/** Options shared by every comparison. */
const Common = {
  /** The record field compared. */
  field: FieldName,
  /**
   * Term-frequency adjustment of exact agreement (Splink's `term_frequency_adjustments`): an exact
   * agreement on value `v` counts `log2(u_exact / tf(v))` bits more than the average agreement, so
   * agreeing on a common value ("smith") is weaker evidence than on a rare one.
   */
  termFrequency: z.boolean().default(false),
};

/** Levels: exact, else. */
const ExactComparison = z.object({ ...Common, method: z.literal('exact') }).strict();

/** Levels: exact, Jaro–Winkler >= t1, >= t2, …, else (`thresholds` strictly descending in (0, 1)). */
const JaroWinklerComparison = z.object({
  ...Common,
  method: z.literal('jaroWinkler'),
  thresholds: z.array(z.number().gt(0).lt(1)).min(1)
    .refine((a) => a.every((v, i) => i === 0 || v < a[i - 1]!), { message: 'jaroWinkler thresholds must be strictly descending' }),
  prefixScale: z.number().min(0).max(0.25).default(0.1),
  boostThreshold: z.number().min(0).max(1).default(0.7),
}).strict();

/** Levels: exact, Levenshtein distance <= d1, <= d2, …, else (`thresholds` strictly ascending integers). */
const LevenshteinComparison = z.object({
  ...Common,
  method: z.literal('levenshtein'),
  thresholds: ascendingPositive('levenshtein thresholds').refine((a) => a.every(Number.isInteger), { message: 'levenshtein thresholds must be integers' }),
}).strict();

/** Levels: exact, |a − b| <= t1, <= t2, …, else. Values are finite numbers or numeric strings. */
const NumericComparison = z.object({
  ...Common,
  method: z.literal('numeric'),
  thresholds: ascendingPositive('numeric thresholds'),
}).strict();

/**
 * Levels: same day, within t1 days, within t2 days, …, else. Values are epoch milliseconds, or
 * strings `YYYY-MM-DD` / `YYYYMMDD` (a string that is not a real calendar date is refused).
 */
const DateComparison = z.object({
  ...Common,
  method: z.literal('date'),
  thresholds: ascendingPositive('date thresholds (days)'),
}).strict();

/** One field's comparison: which levels it has. A missing value on either side is "no evidence". */
export const FieldComparisonSchema = z.discriminatedUnion('method', [
  ExactComparison, JaroWinklerComparison, LevenshteinComparison, NumericComparison, DateComparison,
]);

/** The configuration of {@link matchRecords} and {@link linkRecords}. */
export const MatchConfigSchema = z.object({
  /** Per field, a comparison with levels. Field names must be distinct. */
  fields: z.array(FieldComparisonSchema).min(1).max(16)
    .refine((f) => new Set(f.map((x) => x.field)).size === f.length, { message: 'each field may be compared once' }),
  /**
   * Blocking rules: each is a set of fields that must agree exactly (after normalization) for a pair
   * to be a candidate; the candidate pairs of all rules are unioned without duplicates. A record with
   * a missing value in a rule's fields gets no candidates from that rule.
   */
  blocking: z.array(z.array(FieldName).min(1)).min(1),
  /** Pairs with a match probability >= threshold are clustered (and become identity links). */
  threshold: Probability.default(0.9),
  /** Seed of the random pairs that estimate the u probabilities. */
  seed: Seed.default(0),
  /** How many random pairs estimate the u probabilities of the inexact levels. */
  uSamplePairs: z.number().int().min(100).max(100_000_000).default(50_000),
  /** EM stops after this many iterations (then `converged` is false). */
  maxIterations: z.number().int().min(1).max(10_000).default(200),
  /** EM stops when no m probability and no relative change of λ moves more than this. */
  tolerance: z.number().positive().max(0.1).default(1e-7),
  /** Refuse blocking rules that generate more candidate pairs than this (bounded memory: ~40 bytes per candidate pair). */
  maxCandidatePairs: z.number().int().positive().max(500_000_000).default(20_000_000),
  /** Only pairs with at least this probability are returned in `pairs` (0: every candidate pair). */
  minPairProbability: Probability.default(0),
  /** Trim and lower-case string values before comparing (default true). Empty strings are missing. */
  normalize: z.boolean().default(true),
  /** Field holding each record's id (used by `toIdentityLinks`); default: the row index. */
  idField: FieldName.optional(),
}).strict();

/** A field comparison as written by the caller (defaults optional). */
export type FieldComparisonInput = z.input<typeof FieldComparisonSchema>;
/** A field comparison with defaults filled in. */
export type FieldComparison = z.output<typeof FieldComparisonSchema>;
/** The configuration as written by the caller. */
export type MatchConfigInput = z.input<typeof MatchConfigSchema>;
/** The configuration with every default filled in. */
export type MatchConfig = z.output<typeof MatchConfigSchema>;

/** A record to match: field name → value. `null`, `undefined` and (when normalizing) `''` are missing. */
export type MatchRecord = Readonly<Record<string, string | number | null | undefined>>;
