/**
 * Stable ordering of `n` items by an unsigned 32-bit key: LSD radix sort, two passes of 16 bits
 * (O(n), two Int32Array permutations of n). Replaces a comparison sort over millions of events.
 * Internal to simulate/.
 *
 * @returns the item indices in ascending key order, ties in index order.
 */
export function stableOrderByKey(keys: Uint32Array, n: number): Int32Array {
  const tmp = new Int32Array(n);
  const out = new Int32Array(n);
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
