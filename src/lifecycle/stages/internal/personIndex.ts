/**
 * Person-id interning for the stage passes: the shared string → dense index table of
 * `core/internal/stringIndex.ts` (as `PersonIndex`), plus the people estimate that presizes it
 * and the getter-safe read used ahead of the in-order pass.
 */
import { poolArray, StringIndex, type Pool } from '../../../core/internal/stringIndex.js';

export { hashId, StringIndex as PersonIndex } from '../../../core/internal/stringIndex.js';

/**
 * Estimated number of distinct person ids among `list[i][field]`, to presize a {@link PersonIndex}
 * and the per-person state (growth rehashes every slot and copies every row: ~1.5 s of a 10M-event
 * call). Below 2^18 events, returns `list.length` capped at 2^16 (growth is cheap there). Above,
 * interns a sample of 2^16–2^17 ids (one at a pseudo-random place in each block) and applies the bias-corrected Chao1 estimator
 * d + f1(f1 − 1) / (2(f2 + 1)) (Chao 1987; d distinct ids in the sample, f1 seen once, f2 twice),
 * clamped to [d, list.length]. Chao1 tends to underestimate for skewed activity; an underestimate
 * only costs a growth. Non-string ids are skipped (the caller's pass reports them).
 */
export function estimateDistinctIds(list: readonly unknown[], field: string, pool?: Pool): number {
  const n = list.length;
  if (n < 1 << 18) return Math.min(n, 1 << 16);
  const stride = Math.floor(n / (1 << 16));
  const sample = new StringIndex(1 << 17, pool, 'sample'), seen = poolArray(pool, 'sample.seen', 1 << 17, 0);
  // One event from each block of `stride`, at a pseudo-random offset (a fixed stride would alias with periodic input).
  let x = 0x9e3779b9;
  for (let b = 0; b + stride <= n; b += stride) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5; // xorshift32
    const id = readId(list, b + (x >>> 0) % stride, field);
    if (typeof id !== 'string' || id.length === 0) continue;
    const p = sample.intern(id);
    seen[p]!++;
  }
  const d = sample.size;
  let f1 = 0, f2 = 0;
  for (let p = 0; p < d; p++) { const k = seen[p]!; if (k === 1) f1++; else if (k === 2) f2++; }
  return Math.max(d, Math.min(n, Math.ceil(d + (f1 * (f1 - 1)) / (2 * (f2 + 1)))));
}

/**
 * `list[i][field]` when `list[i]` is an object, else undefined; also undefined when reading throws (a
 * getter): reads made ahead of the in-order pass must not raise an error before that pass
 * reports an earlier bad event — the in-order pass reads the field again and reports it there.
 */
export function readId(list: readonly unknown[], i: number, field: string): unknown {
  try {
    const e = list[i]; // inside the try too: the list itself may be a Proxy or have accessors
    return typeof e === 'object' && e !== null ? (e as Record<string, unknown>)[field] : undefined;
  } catch {
    return undefined;
  }
}
