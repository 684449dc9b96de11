/**
 * Person-id interning for {@link aggregateEvents}: a string → dense index table, open addressing
 * with linear probing. A slot is two Int32 words `[hash, dense index]` plus the key in a parallel
 * array, so a lookup computes the slot from the string alone and loads the key and the stored hash
 * in parallel (no chain of dependent misses as in a `Map`: string header → bucket → entry). The
 * stored hash is compared before the key.
 *
 * The hash function is the one of lifecycle's person tables (src/lifecycle/stages/internal/personIndex.ts),
 * copied because modules import only core/ and themselves. Unlike that table, the per-person state
 * is NOT in the slot: aggregate records are ~200–400 bytes, and a table at load ≤ 1/2 with records in
 * its slots would double the fresh memory (first-touching memory is the dominant cost on VMs), and
 * growth would move the records. Here growth rehashes 16 bytes per slot and records never move.
 *
 * Deterministic: dense indices are in order of first insertion, independent of the hash.
 */

/**
 * 32-bit hash of a string: FNV-1a over pairs of UTF-16 code units, then MurmurHash3's fmix32
 * avalanche so the low bits used as the slot are well mixed.
 */
export function hashId(s: string): number {
  const n = s.length;
  let h = 0x811c9dc5 ^ n, k = 0;
  for (; k + 1 < n; k += 2) h = Math.imul(h ^ (s.charCodeAt(k) | (s.charCodeAt(k + 1) << 16)), 0x01000193);
  if (k < n) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** String → dense index (0, 1, 2, … in order of first insertion). Load factor ≤ 1/2. */
export class PersonIndex {
  mask: number;
  keys: (string | undefined)[];
  /** Per slot: `[hash, dense index]`. */
  slots: Int32Array;
  /** Dense index → id. */
  readonly ids: string[] = [];

  /** @param expected - people expected (sizes the table once; it still grows past it). */
  constructor(expected: number) {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    this.mask = cap - 1;
    this.keys = new Array<string | undefined>(cap).fill(undefined);
    this.slots = new Int32Array(cap * 2);
  }

  get size(): number { return this.ids.length; }

  /** Dense index of `id`, inserting it when new. */
  intern(id: string): number {
    const h = hashId(id);
    const keys = this.keys, slots = this.slots, mask = this.mask;
    let q = h & mask;
    for (;;) {
      const k = keys[q];
      if (k === undefined) return this.insert(id, h, q);
      if (slots[2 * q] === h && k === id) return slots[2 * q + 1]!;
      q = (q + 1) & mask;
    }
  }

  /** Dense index of `id`, or −1. */
  find(id: string): number {
    const h = hashId(id);
    const keys = this.keys, slots = this.slots, mask = this.mask;
    let q = h & mask;
    for (;;) {
      const k = keys[q];
      if (k === undefined) return -1;
      if (slots[2 * q] === h && k === id) return slots[2 * q + 1]!;
      q = (q + 1) & mask;
    }
  }

  private insert(id: string, h: number, q: number): number {
    const p = this.ids.length;
    this.ids.push(id);
    this.keys[q] = id;
    this.slots[2 * q] = h;
    this.slots[2 * q + 1] = p;
    if ((p + 1) * 2 > this.mask + 1) this.grow();
    return p;
  }

  /** Doubles the table (rehash: keys and 8-byte slots move, dense indices never change). */
  private grow(): void {
    const oldKeys = this.keys, old = this.slots, oldCap = this.mask + 1;
    const cap = oldCap * 2, mask = cap - 1;
    const keys = new Array<string | undefined>(cap).fill(undefined);
    const slots = new Int32Array(cap * 2);
    for (let j = 0; j < oldCap; j++) {
      const k = oldKeys[j];
      if (k === undefined) continue;
      let q = old[2 * j]! & mask;
      while (keys[q] !== undefined) q = (q + 1) & mask;
      keys[q] = k;
      slots[2 * q] = old[2 * j]!;
      slots[2 * q + 1] = old[2 * j + 1]!;
    }
    this.mask = mask;
    this.keys = keys;
    this.slots = slots;
  }
}
