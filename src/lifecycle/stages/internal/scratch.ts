/**
 * Big per-call work arrays reused across calls while the garbage collector has not reclaimed
 * them. Fresh memory is expensive: at 10M events an `assignStages` call needs ~170 MB of work
 * arrays, and first-touching new pages cost ~1 s of it on the shared VM (about 5 s per GB), while
 * refilling arrays already touched costs ~0.1 s. The pool is held through a `WeakRef`, so it
 * never keeps memory alive by itself: after a major collection the next call allocates afresh.
 * A call takes the whole pool (nested or concurrent callers get their own) and gives it back at
 * the end; arrays may be longer than asked for, so callers never use their `length`.
 */
export type Pool = Map<string, unknown[]>;

let shared: WeakRef<Pool> | undefined;

/** Takes the shared pool (or a new one); give it back with {@link releasePool}. */
export function takePool(): Pool {
  const pool = shared?.deref();
  shared = undefined;
  return pool ?? new Map<string, unknown[]>();
}

/** Gives the pool back for the next call. */
export function releasePool(pool: Pool): void {
  shared = new WeakRef(pool);
}

/**
 * An array of at least `length` entries whose first `length` are `value`, reused from `pool`
 * under `key` when long enough (each key is always filled with the same kind of value, so the
 * array keeps one element kind). With `reset` false a reused array keeps its old contents (for
 * callers that write every entry before reading it).
 */
export function poolArray<T>(pool: Pool | undefined, key: string, length: number, value: T, reset = true): T[] {
  let a = pool?.get(key) as T[] | undefined;
  if (a !== undefined && a.length >= length) { if (reset) a.fill(value, 0, length); } else {
    a = new Array<T>(length).fill(value);
    pool?.set(key, a);
  }
  return a;
}
