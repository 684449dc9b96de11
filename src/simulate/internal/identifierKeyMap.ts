/** An identifier as the links carry it. */
export interface TypedValue {
  readonly type: string;
  readonly value: string;
}

/**
 * A read-only map `type + ':' + value → number` over identifier objects: what
 * `truth.personOfIdentifier` is. At 1M people the truth holds ~5.2M keys. As a `Map` it cost
 * ~1.5 µs a `set` (its table grows by rehashing into fresh large-object pages) plus a 30-character
 * key string per identifier (~300 MB, each allocated, copied by the young-generation GC and
 * first-touched: expensive on this VM), ~7 s of a 46 s world. Here the entries are the
 * `{ type, value }` objects the links already hold, in a plain array; nothing is built until it is
 * needed. Iteration builds each key string as it yields it. The first `get` or `has` builds the
 * lookup index: one `Int32Array` (hash and position per slot, open addressing with linear probing,
 * load ≤ 5/8), the hash of an entry computed over its type, `:` and value without joining them, and
 * a lookup compares the key with the parts in place: O(n) once, then O(key length) a lookup.
 *
 * It behaves as a `ReadonlyMap<string, number>` whose entries are in the given order. The keys must
 * be distinct (the simulator's are by construction, and a test checks it); type names must not
 * contain `:`. `JSON.stringify` gives `{}`, as for a `Map` (the state is in private fields).
 */
export class IdentifierKeyMap implements ReadonlyMap<string, number> {
  readonly #ids: readonly TypedValue[];
  readonly #values: Int32Array;
  /** Per slot: [hash, position + 1] (0 = empty); built by the first lookup. */
  #slots: Int32Array | undefined;
  #mask = 0;

  /**
   * @param ids - the identifiers, distinct, in insertion order (kept, not copied: the caller hands it over).
   * @param values - `values[k]` belongs to `ids[k]` (kept; at least `ids.length` long).
   */
  constructor(ids: readonly TypedValue[], values: Int32Array) {
    this.#ids = ids;
    this.#values = values.length === ids.length ? values : values.subarray(0, ids.length);
  }

  get size(): number { return this.#ids.length; }

  get(key: string): number | undefined {
    const k = this.#find(key);
    return k < 0 ? undefined : this.#values[k];
  }

  has(key: string): boolean { return this.#find(key) >= 0; }

  forEach(callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void, thisArg?: unknown): void {
    const ids = this.#ids, values = this.#values;
    for (let k = 0; k < ids.length; k++) callback.call(thisArg, values[k]!, keyOf(ids[k]!), this);
  }

  *entries(): MapIterator<[string, number]> {
    const ids = this.#ids, values = this.#values;
    for (let k = 0; k < ids.length; k++) yield [keyOf(ids[k]!), values[k]!];
  }

  *keys(): MapIterator<string> {
    for (const id of this.#ids) yield keyOf(id);
  }

  *values(): MapIterator<number> {
    const values = this.#values;
    for (let k = 0; k < values.length; k++) yield values[k]!;
  }

  [Symbol.iterator](): MapIterator<[string, number]> { return this.entries(); }

  get [Symbol.toStringTag](): string { return 'IdentifierKeyMap'; }

  #index(): Int32Array {
    const ids = this.#ids, n = ids.length;
    let cap = 16;
    while (cap * 5 < n * 8) cap *= 2;
    const mask = cap - 1, slots = new Int32Array(2 * cap);
    for (let k = 0; k < n; k++) {
      const id = ids[k]!, h = hashParts(id.type, id.value);
      let q = h & mask;
      while (slots[2 * q + 1] !== 0) q = (q + 1) & mask;
      slots[2 * q] = h;
      slots[2 * q + 1] = k + 1;
    }
    this.#mask = mask;
    return (this.#slots = slots);
  }

  #find(key: string): number {
    if (typeof key !== 'string') return -1;
    const colon = key.indexOf(':');
    if (colon < 0) return -1;
    const slots = this.#slots ?? this.#index();
    const h = hashKey(key), mask = this.#mask, ids = this.#ids;
    let q = h & mask;
    for (;;) {
      const r = slots[2 * q + 1]!;
      if (r === 0) return -1;
      if (slots[2 * q] === h) {
        const id = ids[r - 1]!;
        if (id.type.length === colon && key.length === colon + 1 + id.value.length && key.startsWith(id.type) && key.endsWith(id.value)) return r - 1;
      }
      q = (q + 1) & mask;
    }
  }
}

function keyOf(id: TypedValue): string {
  return `${id.type}:${id.value}`;
}

const FNV_OFFSET = 0x811c9dc5, FNV_PRIME = 0x01000193;

/** FNV-1a step over the UTF-16 code units of `s`. */
function fnv(h: number, s: string): number {
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), FNV_PRIME);
  return h;
}

/** murmur3's fmix32, so the low bits used as the slot are mixed. */
function fmix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** Hash of the key `type + ':' + value`, without building it. */
function hashParts(type: string, value: string): number {
  return fmix(fnv(Math.imul(fnv(FNV_OFFSET, type) ^ 58, FNV_PRIME), value));
}

/** Hash of a key string; equal to {@link hashParts} of its parts. */
function hashKey(key: string): number {
  return fmix(fnv(FNV_OFFSET, key));
}
