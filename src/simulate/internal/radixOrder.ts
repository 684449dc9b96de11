/**
 * Stable ordering of `n` items by an unsigned 32-bit key: LSD radix sort, two passes of 16 bits
 * (O(n), two Int32Array permutations of n: `scratch`'s when given and long enough — the result is
 * then a view of `scratch.out`). Replaces a comparison sort over millions of events.
 * Internal to simulate/.
 *
 * @returns the item indices in ascending key order, ties in index order.
 */
export function stableOrderByKey(keys: Uint32Array, n: number, scratch?: { readonly tmp: Int32Array; readonly out: Int32Array }): Int32Array {
  // The caller's scratch (allocated early, see simulateWorld) when it is long enough, else new.
  const fits = scratch !== undefined && scratch.tmp.length >= n && scratch.out.length >= n;
  const tmp = fits ? scratch.tmp.subarray(0, n) : new Int32Array(n);
  const out = fits ? scratch.out.subarray(0, n) : new Int32Array(n);
  const count = new Int32Array(65537);
  for (let i = 0; i < n; i++) count[(keys[i]! & 0xffff) + 1]!++;
  for (let b = 1; b <= 65536; b++) count[b]! += count[b - 1]!;
  for (let i = 0; i < n; i++) tmp[count[keys[i]! & 0xffff]!++] = i;
  count.fill(0);
  for (let i = 0; i < n; i++) count[(keys[i]! >>> 16) + 1]!++;
  for (let b = 1; b <= 65536; b++) count[b]! += count[b - 1]!;
  for (let j = 0; j < n; j++) { const i = tmp[j]!; out[count[keys[i]! >>> 16]!++] = i; }
  return out;
}

/** Digit layout of {@link sortEventColumns} for seconds below `maxSec`: ⌈bits/11⌉ passes of `digit` bits. */
function radixDigits(maxSec: number): { passes: number; digit: number } {
  const bits = Math.max(1, Math.ceil(Math.log2(maxSec + 1)));
  const passes = Math.ceil(bits / 11);
  return { passes, digit: Math.ceil(bits / passes) };
}

/** How many passes {@link sortEventColumns} makes for seconds below `maxSec` (odd: the result lands in the scratch). */
export function radixPasses(maxSec: number): number {
  return radixDigits(maxSec).passes;
}

/**
 * Stable LSD radix sort of event columns by second (`sec < maxSec`), moving the data (so the
 * caller then reads it sequentially): {@link radixPasses} passes of ≤ 11-bit digits (≤ 2048
 * buckets, cache friendly). O(n · passes) time, 2 extra Uint32Array of n (`scratch`'s when given
 * and long enough). The input columns are used as scratch (overwritten); the result is in the
 * input arrays after an even number of passes, in the scratch after an odd number.
 */
export function sortEventColumns(sec: Uint32Array, packed: Uint32Array, n: number, maxSec: number, scratch?: { readonly sec: Uint32Array; readonly packed: Uint32Array }): { sec: Uint32Array; packed: Uint32Array } {
  const { passes, digit } = radixDigits(maxSec);
  const buckets = 1 << digit, mask = buckets - 1;
  let s0: Uint32Array = sec.subarray(0, n), p0: Uint32Array = packed.subarray(0, n);
  // Scratch of the caller's (allocated early, see simulateWorld) when it is long enough, else new.
  const fits = scratch !== undefined && scratch.sec.length >= n && scratch.packed.length >= n;
  let s1: Uint32Array = fits ? scratch.sec.subarray(0, n) : new Uint32Array(n);
  let p1: Uint32Array = fits ? scratch.packed.subarray(0, n) : new Uint32Array(n);
  const count = new Int32Array(buckets + 1);
  for (let pass = 0, shift = 0; pass < passes; pass++, shift += digit) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[((s0[i]! >>> shift) & mask) + 1]!++;
    for (let b = 1; b <= buckets; b++) count[b]! += count[b - 1]!;
    for (let i = 0; i < n; i++) {
      const key = s0[i]!;
      const at = count[(key >>> shift) & mask]!++;
      s1[at] = key; p1[at] = p0[i]!;
    }
    const ts = s0; s0 = s1; s1 = ts;
    const tp = p0; p0 = p1; p1 = tp;
  }
  return { sec: s0, packed: p0 };
}
