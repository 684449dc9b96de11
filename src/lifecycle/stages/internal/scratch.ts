/**
 * Work arrays of one call. Plain arrays, not typed arrays: they live in the V8 heap, where a typed
 * array's buffer is external memory, and allocating more than ~64 MB of that between two full
 * collections starts a mark-compact over the caller's live heap (millions of event objects; see
 * `PersonIndex`). Allocated per call: nothing is shared between calls (STYLE.md: no module-level
 * scratch buffers — they leak one call's data into the next and break re-entrant use).
 */

/**
 * Above this length `new Array(length)` makes a dictionary-mode (hash table) array in V8: filling
 * 40M entries that way took 26 s and 3 GB, against ~1 s for 2^25 entries.
 */
const PREALLOCATED_MAX = 1 << 25;

/** A new array of `length` entries, all `value`, in fast (packed) elements at any length. */
export function filled<T>(length: number, value: T): T[] {
  if (length <= PREALLOCATED_MAX) return new Array<T>(length).fill(value);
  // Grown by push: stays packed (about 3× slower per entry than the preallocated fill, no cliff).
  const a: T[] = [];
  for (let i = 0; i < length; i++) a.push(value);
  return a;
}

/** Work arrays of a caller-owned `StageWorkspace`, by key (each key always holds one kind of value). */
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
