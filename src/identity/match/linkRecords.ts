import type { MatchConfigInput, MatchRecord } from './matchConfig.js';
import type { MatchResult } from './matchResult.js';
import { runMatching } from './internal/engine.js';
import type { MatchOptions } from './internal/engine.js';

/**
 * Links two lists of records (pairs always join a left and a right record) with unsupervised
 * Fellegi–Sunter matching; the same pipeline as {@link matchRecords}, with the u probabilities
 * from random left × right pairs and the prior as a rate over all nₗ·nᵣ pairs.
 *
 * Complexity: as matchRecords, with n = nₗ + nᵣ.
 *
 * @param left - the first list
 * @param right - the second list
 * @param config - see {@link MatchConfigSchema}
 * @param options - `model`: a fitted model to apply instead of estimating one
 * @returns scored pairs (`left[k]` indexes `left`, `right[k]` indexes `right`), clusters over
 * left rows then right rows, and the fitted model
 * @throws AudienceKitError `INVALID_OPTION`, `INVALID_INPUT` (naming `left[i].field` or
 * `right[i].field`), `EMPTY_INPUT`, `INVALID_MODEL`
 * @example
 * const r = linkRecords(crm, storeMembers, { fields, blocking: [['surname'], ['dob']] });
 * r.pairs.length; // => the candidate pairs, each with matchWeight and probability
 */
export function linkRecords(left: readonly MatchRecord[], right: readonly MatchRecord[], config: MatchConfigInput, options: MatchOptions = {}): MatchResult {
  return runMatching([{ name: 'left', records: left }, { name: 'right', records: right }], 'link', config, options);
}
