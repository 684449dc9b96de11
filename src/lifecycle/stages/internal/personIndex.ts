/**
 * Person-id interning for the stage passes: the shared string → dense index table of
 * `core/internal/stringIndex.ts` (as `PersonIndex`), plus the people estimate that presizes it
 * and the getter-safe read used ahead of the in-order pass.
 */
export { estimateDistinctIds, hashId, readId, StringIndex as PersonIndex } from '../../../core/internal/stringIndex.js';
