let access: {
  readonly is: (v: unknown) => v is AggregateWorkspace;
  readonly take: (w: AggregateWorkspace) => boolean;
  readonly give: (w: AggregateWorkspace) => void;
  readonly personIndex: (w: AggregateWorkspace, n: number) => Int32Array;
  readonly records: (w: AggregateWorkspace, bytes: number) => ArrayBuffer;
};

/**
 * Work memory that repeated {@link aggregateEvents} calls reuse, owned by the caller (as
 * `assignStages`'s workspace and `vectorize`'s `out` buffer): pass the same workspace in
 * `options.workspace` to each call. A call over 10M event objects and 500k people needs a 40 MB
 * person index (one entry per event) and ~140 MB of per-person records. Allocating them costs
 * twice on a VM: first-touching the fresh pages, and the full garbage collection that V8 starts
 * when a call allocates more than ~64 MB outside its heap. That collection marks every live
 * object, the caller's millions of events included. With a workspace, the second and later calls
 * refill memory already in place.
 *
 * Results are identical with and without one, and never share memory with the workspace: rows are
 * plain objects, and `output: 'columns'` gets a buffer of its own (so later calls cannot change an
 * earlier result). A workspace holds no ids; until the next call or {@link AggregateWorkspace.clear}
 * its records keep the last call's per-person numbers (counts, times, sums), by dense index. A
 * workspace that must grow (more events or people than before) grows by at least a quarter, so a
 * growing event log (one more day per call) reallocates now and then, not every call. The rare
 * 32-bit count fallback (a person with more than 65,535 events) allocates its own records. One call at a time: a call
 * that finds the workspace in use (a nested call from an event getter, say) throws `INVALID_OPTION`.
 *
 * @example
 * const ws = createAggregateWorkspace();
 * for (const day of days) save(aggregateEvents(eventsUpTo(day), { asOf: day, unit: 'day', windows: [7, 30], workspace: ws }));
 * ws.clear(); // free the memory
 */
export class AggregateWorkspace {
  #personIndex: Int32Array | undefined;
  #records: ArrayBuffer | undefined;
  #busy = false;

  static {
    access = {
      is: (v): v is AggregateWorkspace => typeof v === 'object' && v !== null && #busy in v,
      take: (w) => { if (w.#busy) return false; w.#busy = true; return true; },
      give: (w) => { w.#busy = false; },
      personIndex: (w, n) => {
        const old = w.#personIndex;
        if (old === undefined || old.length < n) w.#personIndex = new Int32Array(grownSize(old?.length, n));
        return w.#personIndex!;
      },
      records: (w, bytes) => {
        const old = w.#records;
        if (old === undefined || old.byteLength < bytes) w.#records = new ArrayBuffer(grownSize(old?.byteLength, bytes));
        else new Uint8Array(old, 0, bytes).fill(0);
        return w.#records!;
      },
    };
  }

  /** Bytes of memory held. */
  get bytes(): number {
    return (this.#personIndex?.byteLength ?? 0) + (this.#records?.byteLength ?? 0);
  }

  /** Drops the memory (the next call allocates afresh; a call under way keeps what it holds). */
  clear(): void {
    this.#personIndex = undefined;
    this.#records = undefined;
  }
}

/** The new size of memory that must hold `need` (elements or bytes): exact the first time, then at least 1.25 × the old size. */
function grownSize(old: number | undefined, need: number): number {
  return old === undefined ? need : Math.max(need, Math.ceil(old * 1.25));
}

/** A new, empty {@link AggregateWorkspace}. */
export function createAggregateWorkspace(): AggregateWorkspace {
  return new AggregateWorkspace();
}

/** @internal Whether `v` was made by {@link createAggregateWorkspace} (not merely an object with its prototype). */
export function isAggregateWorkspace(v: unknown): v is AggregateWorkspace {
  return access.is(v);
}

/** @internal Marks the workspace in use; false when another call holds it. */
export function takeAggregateWorkspace(w: AggregateWorkspace): boolean {
  return access.take(w);
}

/** @internal Marks the workspace free. */
export function giveAggregateWorkspace(w: AggregateWorkspace): void {
  access.give(w);
}

/** @internal A person index of at least `n` entries (contents left over: the caller writes every entry it reads). */
export function workspacePersonIndex(w: AggregateWorkspace, n: number): Int32Array {
  return access.personIndex(w, n);
}

/** @internal A buffer of at least `bytes` bytes whose first `bytes` are zero. */
export function workspaceRecords(w: AggregateWorkspace, bytes: number): ArrayBuffer {
  return access.records(w, bytes);
}
