/**
 * The intern table of one identifier type: string → identifier id, on typed arrays (open
 * addressing, linear probing, load ≤ 1/2). Slot `i` holds the key's 32-bit hash and a reference
 * side by side in one `Int32Array` (one cache line per probe): `r > 0` is identifier `r − 1`,
 * whose key is its normalized value `values[r − 1]` (the state's `idValue`, shared, not copied);
 * `r < 0` is alias `−r − 1`, a raw spelling (`'138 0013 8000'`) of identifier `aliasId[−r − 1]`.
 * So a value seen before costs one hash pass over its characters and about two memory accesses,
 * against three or more for a `Map` of a million strings, and only the alias keys are a JS array
 * the garbage collector has to trace. Keys are compared with `===`, so a 32-bit hash collision
 * never confuses two values. Measured on the 1M-link bench data (interning alone, same process):
 * about 0.6× the CPU time of one `Map` per type.
 */
export class KeyTable {
  private hv: Int32Array;
  private mask: number;
  private readonly values: readonly string[];
  private aliasKeys: string[];
  private aliasId: Int32Array;
  /** Number of keys (identifiers and aliases). */
  size = 0;

  /** @param values - the identifier values array (appended to by the caller, read here). */
  constructor(values: readonly string[], from?: KeyTable) {
    this.values = values;
    if (from) {
      this.hv = from.hv.slice();
      this.mask = from.mask;
      this.aliasKeys = from.aliasKeys.slice();
      this.aliasId = from.aliasId.slice();
      this.size = from.size;
    } else {
      this.hv = new Int32Array(32);
      this.mask = 15;
      this.aliasKeys = [];
      this.aliasId = new Int32Array(16);
    }
  }

  /** A copy reading `values` (a copy of this table's values array). */
  clone(values: readonly string[]): KeyTable {
    return new KeyTable(values, this);
  }

  /** The identifier id of `key` (whose {@link hashString} is `h`), or −1. */
  get(key: string, h: number): number {
    const hv = this.hv, mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const r = hv[2 * slot + 1]!;
      if (r === 0) return -1;
      if (hv[2 * slot] === h) {
        if (r > 0) { if (this.values[r - 1] === key) return r - 1; }
        else if (this.aliasKeys[-r - 1] === key) return this.aliasId[-r - 1]!;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Adds identifier `id`, keyed by its value `values[id]` (hash `h`); the caller checked it is absent. */
  addIdentifier(h: number, id: number): void {
    this.put(h, id + 1);
  }

  /** Adds a raw spelling `key` (hash `h`) of identifier `id`; the caller checked it is absent. */
  addAlias(key: string, h: number, id: number): void {
    const a = this.aliasKeys.length;
    this.aliasKeys.push(key);
    if (a >= this.aliasId.length) { const b = new Int32Array(2 * this.aliasId.length); b.set(this.aliasId); this.aliasId = b; }
    this.aliasId[a] = id;
    this.put(h, -a - 1);
  }

  /** True when the next add grows the table. */
  full(): boolean {
    return 2 * (this.size + 1) > this.mask + 1;
  }

  /** Makes room for `keys` keys in one step (no-op when there is room). */
  reserve(keys: number): void {
    let cap = this.mask + 1;
    while (2 * keys > cap) cap *= 2;
    if (cap > this.mask + 1) this.rehash(cap);
  }

  private put(h: number, r: number): void {
    if (2 * (this.size + 1) > this.mask + 1) this.rehash(2 * (this.mask + 1));
    const hv = this.hv, mask = this.mask;
    let slot = h & mask;
    while (hv[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
    hv[2 * slot] = h;
    hv[2 * slot + 1] = r;
    this.size++;
  }

  private rehash(cap: number): void {
    const ohv = this.hv, ocap = this.mask + 1;
    const mask = cap - 1;
    const hv = new Int32Array(2 * cap);
    for (let i = 0; i < ocap; i++) {
      const r = ohv[2 * i + 1]!;
      if (r === 0) continue;
      const h = ohv[2 * i]!;
      let slot = h & mask;
      while (hv[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
      hv[2 * slot] = h;
      hv[2 * slot + 1] = r;
    }
    this.hv = hv;
    this.mask = mask;
  }
}

/**
 * 32-bit hash of a string: MurmurHash3 (x86_32, Austin Appleby, public domain) over 32-bit words of
 * two UTF-16 code units each, seeded with the length. O(length).
 */
export function hashString(s: string): number {
  const len = s.length;
  let h = len;
  let i = 0;
  for (; i + 1 < len; i += 2) {
    let k = Math.imul(s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16), 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  if (i < len) {
    let k = Math.imul(s.charCodeAt(i), 0xcc9e2d51);
    k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    h ^= k;
  }
  h ^= len;
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return h;
}
