import { z } from 'zod';
import { parseWith } from '../../core/index.js';
import type { MatchResult } from './matchResult.js';
import { IdentifierTypeSchema } from '../resolve/index.js';
import type { Identifier, IdentityLink } from '../resolve/index.js';

/** A link for `resolveIdentities` (an {@link IdentityLink} with `source: 'probabilistic'`) carrying the match probability. */
export interface ProbabilisticLink extends IdentityLink {
  readonly identifiers: readonly Identifier[];
  readonly source: 'probabilistic';
  readonly probability: number;
}

/** Options of {@link toIdentityLinks}. */
export const IdentityLinkOptionsSchema = z.object({
  /** Identifier type of the (left) records' ids, e.g. 'crm_id'. */
  type: IdentifierTypeSchema,
  /** Identifier type of the right records' ids (link mode); default `type`. */
  rightType: IdentifierTypeSchema.optional(),
  /** Minimum probability of a pair to become a link; default the result's `threshold`. */
  minProbability: z.number().min(0).max(1).optional(),
}).strict();

/** Options of {@link toIdentityLinks} as written by the caller. */
export type IdentityLinkOptions = z.input<typeof IdentityLinkOptionsSchema>;

/**
 * Turns the matched pairs (probability >= the threshold) into identity-graph links
 * `{ identifiers: [{ type, value: leftId }, { type: rightType, value: rightId }], source: 'probabilistic', probability }`,
 * so that `resolveIdentities` can merge them with deterministic links. Ids come from the config's
 * `idField` (else row indices as text). Pairs in result order. O(pairs).
 *
 * @param result - from `matchRecords` / `linkRecords`
 * @param options - identifier types, optional minimum probability
 * @returns one link per matched pair
 * @throws AudienceKitError `INVALID_OPTION` for bad options
 * @example
 * toIdentityLinks(result, { type: 'crm_id', rightType: 'store_member' })[0];
 * // => { identifiers: [{ type: 'crm_id', value: 'c-17' }, { type: 'store_member', value: 'm-0042' }], source: 'probabilistic', probability: 0.998 }
 */
export function toIdentityLinks(result: MatchResult, options: IdentityLinkOptions): ProbabilisticLink[] {
  const o = parseWith(IdentityLinkOptionsSchema, options, 'toIdentityLinks options', 'INVALID_OPTION');
  const min = o.minProbability ?? result.model.config.threshold;
  const rightType = o.rightType ?? o.type;
  const offset = result.mode === 'link' ? result.leftCount : 0;
  const { pairs, ids } = result;
  const out: ProbabilisticLink[] = [];
  for (let k = 0; k < pairs.length; k++) {
    const p = pairs.probability[k]!;
    if (!(p >= min)) continue;
    out.push({
      identifiers: [{ type: o.type, value: ids[pairs.left[k]!]! }, { type: rightType, value: ids[offset + pairs.right[k]!]! }],
      source: 'probabilistic',
      probability: p,
    });
  }
  return out;
}
