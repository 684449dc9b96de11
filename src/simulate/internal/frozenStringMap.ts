/**
 * A read-only `string → number` map built once from parallel arrays: what `truth.personOfIdentifier`
 * is. Why not a `Map`: at 1M people the truth holds ~5.2M keys, and `Map#set` cost ~1.5 µs a key
 * there (its hash table grows by rehashing into fresh large-object pages, and each entry is three
 * tagged words the garbage collector traces): ~7 s of a 46 s world. Here the index is one
 * `Int32Array` (hash and position per slot, open addressing with linear probing, load ≤ 5/8)
 * sized once, over the key array the generator already holds. Lookups compare keys with `===`.
 *
 * It behaves as a `ReadonlyMap`: insertion order of first appearance; a repeated key keeps its
 * first position and takes the last value (as `Map#set` would). `JSON.stringify` gives `{}`, as for
 * a `Map` (the state is in private fields).
 */
export class FrozenStringMap implements ReadonlyMap<string, number> {
  readonly #keys: readonly string[];
  readonly #values: Int32Array;
  /** Per slot: [hash, position + 1] (0 = empty). */
  readonly #slots: Int32Array;
  readonly #mask: number;

  /**
   * @param keys - the keys in insertion order (kept, not copied: the caller must not modify it).
   * @param values - `values[k]` belongs to `keys[k]` (the first `keys.length` entries are read).
   */
  constructor(keys: string[], values: Int32Array) {
    const n = keys.length;
    let cap = 16;
    while (cap * 5 < n * 8) cap *= 2;
    const mask = cap - 1, slots = new Int32Array(2 * cap);
    const out = new Int32Array(n);
    let m = 0, dup = false;
    for (let k = 0; k < n; k++) {
      const key = keys[k]!, h = hashKey(key);
      let q = h & mask;
      for (;;) {
        const r = slots[2 * q + 1]!;
        if (r === 0) { slots[2 * q] = h; slots[2 * q + 1] = m + 1; keys[m] = key; out[m++] = values[k]!; break; }
        if (slots[2 * q] === h && keys[r - 1] === key) { out[r - 1] = values[k]!; dup = true; break; }
        q = (q + 1) & mask;
      }
    }
    if (dup) keys.length = m; // compacted in place above: keys[m] is written only at m ≤ k
    this.#keys = keys;
    this.#values = m === n ? out : out.slice(0, m);
    this.#slots = slots;
    this.#mask = mask;
  }

  get size(): number { return this.#keys.length; }

  get(key: string): number | undefined {
    const k = this.#find(key);
    return k < 0 ? undefined : this.#values[k];
  }

  has(key: string): boolean { return this.#find(key) >= 0; }

  forEach(callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void, thisArg?: unknown): void {
    const keys = this.#keys, values = this.#values;
    for (let k = 0; k < keys.length; k++) callback.call(thisArg, values[k]!, keys[k]!, this);
  }

  *entries(): MapIterator<[string, number]> {
    const keys = this.#keys, values = this.#values;
    for (let k = 0; k < keys.length; k++) yield [keys[k]!, values[k]!];
  }

  *keys(): MapIterator<string> { yield* this.#keys; }

  *values(): MapIterator<number> {
    const values = this.#values;
    for (let k = 0; k < values.length; k++) yield values[k]!;
  }

  [Symbol.iterator](): MapIterator<[string, number]> { return this.entries(); }

  get [Symbol.toStringTag](): string { return 'FrozenStringMap'; }

  #find(key: string): number {
    const h = hashKey(key), slots = this.#slots, mask = this.#mask, keys = this.#keys;
    let q = h & mask;
    for (;;) {
      const r = slots[2 * q + 1]!;
      if (r === 0) return -1;
      if (slots[2 * q] === h && keys[r - 1] === key) return r - 1;
      q = (q + 1) & mask;
    }
  }
}

/** 32-bit FNV-1a over UTF-16 code units with a murmur3 fmix32 finish (so the low bits used as the slot are mixed). */
function hashKey(s: string): number {
  let h = 0x811c9dc5 ^ s.length;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
