import { z } from 'zod';
import { AudienceKitError, parseWith } from '../core/index.js';
import { checkSorted, countCommon, type AudienceMembers } from './setOperations.js';

/** Privacy floor shared by overlap and insight: results about audiences smaller than this are withheld. */
export const DEFAULT_MIN_AUDIENCE_SIZE = 100;

export const OverlapOptionsSchema = z.strictObject({ minAudienceSize: z.number().int().min(1).default(DEFAULT_MIN_AUDIENCE_SIZE) });

/** One pair of audiences: overlap count and Jaccard index, or why they are withheld. */
export type OverlapPair =
  | { readonly a: string; readonly b: string; readonly sizeA: number; readonly sizeB: number; readonly overlap: number; readonly jaccard: number; readonly shareOfA: number; readonly shareOfB: number; readonly withheld?: undefined }
  | { readonly a: string; readonly b: string; readonly withheld: string };

/**
 * Pairwise overlap of named audiences (the "how many of my crowds are the same people" question):
 * overlap count, Jaccard |A∩B| / |A∪B|, and the share of each audience that is in the other.
 * A pair that involves an audience smaller than `minAudienceSize` (default 100) is withheld with
 * the reason, as ad platforms do, and so is the size of such an audience in `sizes` (`null`). The
 * floor keeps a small audience from being described directly; it does not stop differencing
 * between two large audiences that differ in a few people (A = B plus one person: the sizes and the
 * overlap show it). Platforms add noise for that; this function reports exact counts.
 *
 * Complexity: O(k² · n) for k audiences of up to n members (linear merges).
 * @throws AudienceKitError `INVALID_INPUT` for duplicate names or members that are not ascending and distinct.
 * @example
 * audienceOverlap([{ name: 'a', members: a }, { name: 'b', members: b }], { minAudienceSize: 1 }).pairs[0].jaccard;
 */
export function audienceOverlap(
  audiences: readonly { readonly name: string; readonly members: AudienceMembers }[],
  options: z.input<typeof OverlapOptionsSchema> = {},
): { readonly pairs: readonly OverlapPair[]; readonly sizes: readonly { readonly name: string; readonly size: number | null }[] } {
  const { minAudienceSize } = parseWith(OverlapOptionsSchema, options, 'audienceOverlap options');
  const names = new Set<string>();
  audiences.forEach((a, i) => {
    if (typeof a.name !== 'string' || a.name === '') throw new AudienceKitError('INVALID_INPUT', `audiences[${i}].name must be a non-empty string`);
    if (names.has(a.name)) throw new AudienceKitError('INVALID_INPUT', `audiences[${i}].name '${a.name}' is used twice`);
    names.add(a.name);
    checkSorted(a.members, `audiences[${i}].members`);
  });
  const pairs: OverlapPair[] = [];
  for (let i = 0; i < audiences.length; i++) {
    for (let j = i + 1; j < audiences.length; j++) {
      const A = audiences[i]!, B = audiences[j]!;
      const small = [A, B].filter((x) => x.members.length < minAudienceSize).map((x) => x.name);
      if (small.length > 0) {
        pairs.push({ a: A.name, b: B.name, withheld: `audience ${small.map((s) => `'${s}'`).join(' and ')} has fewer than ${minAudienceSize} people (privacy floor)` });
        continue;
      }
      const overlap = countCommon(A.members, B.members);
      const union = A.members.length + B.members.length - overlap;
      pairs.push({
        a: A.name, b: B.name, sizeA: A.members.length, sizeB: B.members.length, overlap,
        jaccard: union === 0 ? 0 : overlap / union,
        shareOfA: overlap / A.members.length,
        shareOfB: overlap / B.members.length,
      });
    }
  }
  return { pairs, sizes: audiences.map((a) => ({ name: a.name, size: a.members.length < minAudienceSize ? null : a.members.length })) };
}
