/**
 * String interning shared by the modules that key per-person state by id (features'
 * aggregateEvents, lifecycle's stage passes): a 32-bit string hash, an open-addressing
 * string → dense index table, and the plain work arrays they are built from. Internal to the
 * library (not exported from `core/index.ts`).
 *
 * Why not `Map<string, number>`: at 10M events / 1M people a `Map` lookup is a chain of dependent
 * cache misses. Here one slot is 3 adjacent entries `[id, hash, p]` of one array, so a lookup
 * reads the id's characters once (to hash it), then one place of the table. (Ids in one array and
 * `[hash, p]` in another, the previous layout, cost two scattered loads per lookup: with the split
 * loops of {@link readAhead}, assignStages at 10M events / 1M people went from a median of 5.7–7.4 s
 * to 4.5–5.0 s a call, workspace reused, both layouts alternated in one process.)
 *
 * Why plain arrays and not typed arrays: every ArrayBuffer is external memory to V8, and
 * allocating more than ~64 MB of it between two full collections starts a mark-compact ("external
 * memory pressure"); with a heap of millions of live event objects each such collection paused
 * 1–2.5 s. Arrays of small integers live in the V8 heap, whose limit grows with the live heap.
 *
 * Open addressing with linear probing, load ≤ 1/2, capacity a power of two; growth doubles and
 * rehashes the slots from the stored hash (the ids are not re-read). Deterministic: the
 * dense order is insertion order, independent of the hash.
 */

/**
 * 32-bit hash of a string: FNV-1a over pairs of UTF-16 code units (each step is a bijection of
 * the running hash, so two ids of equal length that differ in one pair never collide before the
 * final mix), then MurmurHash3's fmix32 avalanche so the low bits used as the slot are well mixed.
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

/**
 * Above this length `new Array(length)` makes a dictionary-mode (hash table) array in V8: filling
 * 40M entries that way took 26 s and 3 GB, against ~1 s for 2^25 entries.
 */
const PREALLOCATED_MAX = 1 << 25;

/**
 * One place that makes arrays per kind of entry (small integers, other numbers, anything else).
 * V8 remembers, per place in the code that makes arrays (its "allocation site"), the most general
 * kind of entry an array made there ever held, and starts later arrays from that place in that
 * kind. With one `new Array(n)` for all, the third assignStages call in a process got its integer
 * counters as double arrays: the optimized code's map checks failed ("wrong map" deoptimizations
 * in the counting, sweep and evidence passes) and the call took 6.7–8.5 s against 5.0–5.2 s for
 * the first two.
 */
const MAKE = {
  smi: { fresh: (n: number): unknown[] => new Array<unknown>(n), empty: (): unknown[] => [] },
  double: { fresh: (n: number): unknown[] => new Array<unknown>(n), empty: (): unknown[] => [] },
  tagged: { fresh: (n: number): unknown[] => new Array<unknown>(n), empty: (): unknown[] => [] },
};

/** True for the numbers every engine stores as small integers (31-bit, not −0). */
function isSmall(v: number): boolean {
  return Number.isInteger(v) && v >= -(2 ** 30) && v < 2 ** 30 && !Object.is(v, -0);
}

/** A new array of `length` entries, all `value`, in fast (packed) elements at any length. */
export function filled<T>(length: number, value: T): T[] {
  const make = typeof value !== 'number' ? MAKE.tagged : isSmall(value) ? MAKE.smi : MAKE.double;
  if (length <= PREALLOCATED_MAX) return (make.fresh(length) as T[]).fill(value);
  // Grown by push: stays packed (about 3× slower per entry than the preallocated fill, no cliff).
  const a = make.empty() as T[];
  for (let i = 0; i < length; i++) a.push(value);
  return a;
}

/** Work arrays a caller keeps between calls (lifecycle's `StageWorkspace`), by key; each key always holds one kind of value. */
export type Pool = Map<string, unknown[]>;

/**
 * An array of at least `length` entries whose first `length` are `value`: the one in `pool` under
 * `key` when it is long enough, else a new one (stored there). Without a pool, a new array. With
 * `reset` false a reused array keeps its old contents (for callers that write every entry before
 * reading it). Arrays may be longer than asked for: callers never use their `length`.
 */
export function poolArray<T>(pool: Pool | undefined, key: string, length: number, value: T, reset = true): T[] {
  const a = pool?.get(key) as T[] | undefined;
  if (a !== undefined && a.length >= length) {
    if (reset) a.fill(value, 0, length);
    return a;
  }
  const b = filled(length, value);
  pool?.set(key, b);
  return b;
}

/** The stored hash: its low 30 bits (a small integer in every engine; slots use the low bits). */
const H30 = 0x3fffffff;

/** A string → dense index table (see the file comment). */
export class StringIndex {
  private mask: number;
  /** Slot q: `table[3q]` the id (undefined when empty), `table[3q + 1]` its stored hash, `table[3q + 2]` its dense index. */
  private table: (string | number | undefined)[];
  /** Dense index → id, in order of first insertion. */
  readonly ids: string[] = [];

  /**
   * @param expected - the number of ids expected (a hint: the table grows as needed).
   * @param pool - a workspace's arrays to reuse, under keys starting with `key` (its `.keys` array is cleared after the call).
   */
  constructor(expected = 512, private readonly pool?: Pool, private readonly key = 'index') {
    let cap = 16;
    while (cap < expected * 2) cap *= 2;
    // A workspace that already holds a larger table (a previous call grew it): use all of it, so a
    // low estimate does not grow again call after call. Its lengths are 3 × powers of two.
    const have = pool?.get(key + '.keys')?.length ?? 0;
    while (cap * 6 <= have) cap *= 2;
    this.mask = cap - 1;
    this.table = poolArray<string | number | undefined>(pool, key + '.keys', 3 * cap, undefined);
  }

  /** Number of distinct ids. */
  get size(): number { return this.ids.length; }

  /** The dense index of `id`, inserting it when new. */
  intern(id: string): number {
    return this.internHashed(id, hashId(id));
  }

  /** {@link intern} with `h = hashId(id)` already computed (see {@link touch}). */
  internHashed(id: string, h: number): number {
    const q = this.probe(id, h);
    return this.table[3 * q] === undefined ? this.insert(id, h & H30, q) : this.table[3 * q + 2] as number;
  }

  /**
   * Loads the first slot that {@link internHashed} with hash `h` will probe, and returns a value
   * for the caller to fold into a sink.
   */
  touch(h: number): number {
    return this.table[3 * (h & this.mask)] === undefined ? 1 : 0;
  }

  /** The dense index of `id`, or -1. */
  find(id: string): number {
    return this.findHashed(id, hashId(id));
  }

  /** {@link find} with `h = hashId(id)` already computed. */
  findHashed(id: string, h: number): number {
    const q = this.probe(id, h);
    return this.table[3 * q] === undefined ? -1 : this.table[3 * q + 2] as number;
  }

  /** The slot holding `id` (hash `h`), or the empty slot where it would go. */
  private probe(id: string, h: number): number {
    const hs = h & H30, t = this.table, mask = this.mask;
    let q = h & mask;
    for (;;) {
      const k = t[3 * q];
      if (k === undefined || (t[3 * q + 1] === hs && k === id)) return q;
      q = (q + 1) & mask;
    }
  }

  private insert(id: string, hs: number, q: number): number {
    const p = this.ids.length;
    this.ids.push(id);
    const t = this.table;
    t[3 * q] = id;
    t[3 * q + 1] = hs;
    t[3 * q + 2] = p;
    if ((p + 1) * 2 > this.mask + 1) this.grow();
    return p;
  }

  private grow(): void {
    const old = this.table, oldCap = this.mask + 1;
    const cap = oldCap * 2, mask = cap - 1;
    const t = filled<string | number | undefined>(3 * cap, undefined);
    for (let j = 0; j < oldCap; j++) {
      const k = old[3 * j];
      if (k === undefined) continue;
      const hs = old[3 * j + 1] as number;
      let q = hs & mask;
      while (t[3 * q] !== undefined) q = (q + 1) & mask;
      t[3 * q] = k;
      t[3 * q + 1] = hs;
      t[3 * q + 2] = old[3 * j + 2];
    }
    this.mask = mask;
    this.table = t;
    // The grown table replaces the workspace's, so the next call starts at this size.
    this.pool?.set(this.key + '.keys', t);
  }
}

/** Dictionary encoding of a column's strings, codes in order of first appearance; a repeat of the last string skips the lookup. */
export class Dictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();
  private last: string | undefined;
  private lastCode = -1;
  code(v: string): number {
    if (v === this.last) return this.lastCode;
    let c = this.codes.get(v);
    if (c === undefined) { c = this.values.length; this.values.push(v); this.codes.set(v, c); }
    this.last = v; this.lastCode = c;
    return c;
  }
}

/**
 * Estimated number of distinct person ids among `list[i][field]`, to presize a {@link StringIndex}
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

/** Events whose ids {@link readAhead} reads at a time. */
export const READ_AHEAD = 32;

/**
 * Reads the ids `list[i0 + k][field]` (k < m ≤ {@link READ_AHEAD}) into `ids`, their hashes into
 * `hashes` (every string's, the empty one's too: whether it is a usable id is the caller's rule;
 * 0 for a value that is not a string), and touches each id's first table slot, before
 * the caller's in-order step: ids and slots are scattered over memory, and these short independent
 * loads keep many cache / TLB misses in flight at once, where a long per-event step would wait for
 * them one or two at a time (assignStages, 10M events / 1M people: 6.5 → 5.2 s per call). The
 * string headers are loaded in a loop of their own before the hashing: with the hash in the same
 * loop, its instructions filled the CPU's window and only 2–3 misses were in flight (the profile
 * put 63% of readAhead on that line).
 * `ids[k]` is undefined where reading threw or found no object (a getter, a Proxy): the in-order
 * step reads that event again, so its error comes in input order.
 * @returns a sum of what was touched, for the caller to keep alive (fold into a value it uses).
 */
export function readAhead(list: readonly unknown[], i0: number, m: number, field: string, index: StringIndex, ids: unknown[], hashes: Int32Array): number {
  let sink = 0;
  // Tight loops, so that many misses are in flight at once: the ids (the objects are usually in
  // order), each id's string header (its length; scattered), the hashes (now in cache), the slots.
  for (let k = 0; k < m; k++) ids[k] = readId(list, i0 + k, field);
  for (let k = 0; k < m; k++) { const id = ids[k]; if (typeof id === 'string') sink += id.length; }
  for (let k = 0; k < m; k++) { const id = ids[k]; hashes[k] = typeof id === 'string' ? hashId(id) : 0; }
  for (let k = 0; k < m; k++) sink += index.touch(hashes[k]!);
  return sink;
}

