import { AudienceKitError, maskValue } from '../core/index.js';

const PERSON_ID = /^p\d{7,}$/;

/**
 * The person index of a simulated `personId` (`'p0000042'` → 42): the inverse of the ids that
 * {@link simulateWorld} writes (`'p'` + the index zero-padded to 7 digits). O(length of the id).
 *
 * @param personId - an id of the form `p` + at least 7 digits.
 * @returns the 0-based person index.
 * @throws AudienceKitError `INVALID_INPUT` when `personId` is not of that form.
 * @example
 * personIndex('p0000042'); // => 42
 */
export function personIndex(personId: string): number {
  if (typeof personId !== 'string' || !PERSON_ID.test(personId)) {
    throw new AudienceKitError('INVALID_INPUT', `personId must be 'p' followed by at least 7 digits, got ${maskValue(personId)}`);
  }
  return Number(personId.slice(1));
}
