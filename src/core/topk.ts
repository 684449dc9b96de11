import { AudienceKitError } from './errors.js';

/**
 * Indices of the `k` largest scores, ranked by score descending with ties broken by the lower
 * index — exactly the first `k` of a stable full sort, in O(n log k) time and O(k) memory
 * (a bounded binary min-heap). NaN scores are refused.
 *
 * @param exclude - optional mask: indices with `exclude[i]` truthy are skipped.
 * @throws AudienceKitError `INVALID_INPUT` for a negative/non-integer k or a NaN score.
 * @example
 * topK(new Float32Array([0.2, 0.9, 0.5, 0.9]), 2); // => Int32Array [1, 3]
 */
export function topK(scores: ArrayLike<number>, k: number, exclude?: ArrayLike<number | boolean>): Int32Array {
  if (!Number.isInteger(k) || k < 0) throw new AudienceKitError('INVALID_INPUT', `k must be a non-negative integer, got ${String(k)}`);
  const n = scores.length;
  const cap = Math.min(k, n);
  if (cap === 0) return new Int32Array(0);
  // Heap of candidate indices; the root is the "worst" kept one: lowest score, then highest index.
  const heap = new Int32Array(cap);
  let size = 0;
  const worse = (i: number, j: number): boolean => {
    const si = scores[i]!, sj = scores[j]!;
    return si < sj || (si === sj && i > j);
  };
  const siftDown = (start: number): void => {
    let p = start;
    for (;;) {
      const l = 2 * p + 1, r = l + 1;
      let m = p;
      if (l < size && worse(heap[l]!, heap[m]!)) m = l;
      if (r < size && worse(heap[r]!, heap[m]!)) m = r;
      if (m === p) return;
      const t = heap[p]!; heap[p] = heap[m]!; heap[m] = t;
      p = m;
    }
  };
  for (let i = 0; i < n; i++) {
    const s = scores[i]!;
    if (Number.isNaN(s)) throw new AudienceKitError('INVALID_INPUT', `scores[${i}] is NaN`);
    if (exclude && exclude[i]) continue;
    if (size < cap) {
      let c = size++;
      heap[c] = i;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!worse(heap[c]!, heap[p]!)) break;
        const t = heap[p]!; heap[p] = heap[c]!; heap[c] = t;
        c = p;
      }
    } else if (worse(heap[0]!, i)) {
      heap[0] = i;
      siftDown(0);
    }
  }
  const out = Array.from(heap.subarray(0, size));
  out.sort((a, b) => (scores[b]! - scores[a]!) || a - b);
  return Int32Array.from(out);
}
