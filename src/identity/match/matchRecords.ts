import type { MatchConfigInput, MatchRecord } from './matchConfig.js';
import type { MatchResult } from './matchResult.js';
import { runMatching } from './internal/engine.js';
import type { MatchOptions } from './internal/engine.js';

export type { MatchOptions } from './internal/engine.js';

/**
 * Deduplicates one list of records with unsupervised Fellegi–Sunter matching (Fellegi & Sunter
 * 1969; estimation as in Splink and fastLink): blocking rules give candidate pairs (unioned without
 * duplicates); each field is compared into levels (missing = no evidence); u probabilities come
 * from random pairs (seeded), m probabilities and the prior by EM over the candidate patterns; each
 * pair gets a match weight (log2 odds, term-frequency adjusted where configured) and probability,
 * and the pairs at or above `threshold` are clustered (connected components).
 *
 * Complexity: O(n · fields) to read, O(candidates · fields) to compare and score (string
 * comparisons dominate), O(iterations · patterns · fields) for EM; memory ~40 bytes per candidate.
 * Does not depend on record order (u sampling runs over sorted values; EM over sorted patterns).
 *
 * @param records - the list (plain objects holding every configured field; `null`/`undefined`/`''` missing)
 * @param config - see {@link MatchConfigSchema}
 * @param options - `model`: a fitted model to apply instead of estimating one
 * @returns scored pairs, clusters and the fitted model (plain JSON)
 * @throws AudienceKitError `INVALID_OPTION` (bad config, too many candidate pairs), `INVALID_INPUT`
 * (a record without a configured field or with a value of the wrong type, naming `records[i].field`),
 * `EMPTY_INPUT` (no records), `INVALID_MODEL` (a model that does not fit the config)
 * @example
 * const people = [
 *   { name: 'jane smith', dob: '1980-01-02' }, { name: 'jane smyth', dob: '1980-01-02' },
 *   { name: 'tom jones', dob: '1975-06-30' }, { name: 'tom jones', dob: '1975-06-03' }, { name: 'ann lee', dob: '1975-06-30' },
 * ];
 * const r = matchRecords(people, {
 *   fields: [{ field: 'name', method: 'jaroWinkler', thresholds: [0.9] }, { field: 'dob', method: 'date', thresholds: [31] }],
 *   blocking: [['dob'], ['name']],
 * });
 * [r.pairs.left, r.pairs.right]; // => [Int32Array [0, 2, 2], Int32Array [1, 4, 3]]
 * r.pairs.probability;           // => Float64Array [0.655…, 4.7e-10, 0.655…]  (5 records: EM has little to learn from)
 */
export function matchRecords(records: readonly MatchRecord[], config: MatchConfigInput, options: MatchOptions = {}): MatchResult {
  return runMatching([{ name: 'records', records }], 'dedupe', config, options);
}
