import type { Pool } from '../../core/internal/stringIndex.js';

let access: { readonly is: (v: unknown) => v is StageWorkspace; readonly pool: (w: StageWorkspace) => Pool; readonly take: (w: StageWorkspace) => boolean; readonly give: (w: StageWorkspace) => void };

/**
 * Work arrays that repeated {@link assignStages} calls reuse, owned by the caller (as `vectorize`'s
 * `out` buffer): pass the same workspace in `options.workspace` to each call. At 10M events and
 * 1M people a call needs ~140 MB of work arrays on time-ordered events (~300–370 MB before the evidence changes of 24 Nov); allocating and first-touching them, and collecting
 * the previous call's, is 1–1.5 s of a call on a VM. With a workspace the second and later calls
 * refill arrays already in place. Results are identical with and without one.
 *
 * A workspace holds no person ids between calls (the arrays that held ids are cleared when a call
 * ends), only numbers; {@link StageWorkspace.clear} drops the arrays. One call at a time: a call
 * that finds the workspace in use (a nested call from an event getter, say) throws `INVALID_OPTION`.
 *
 * @example
 * const ws = createStageWorkspace();
 * for (const day of days) report(assignStages(eventsUpTo(day), FOUR_A, { asOf: day, workspace: ws }));
 * ws.clear(); // free the arrays
 */
export class StageWorkspace {
  readonly #pool: Pool = new Map();
  #busy = false;

  static {
    access = {
      is: (v): v is StageWorkspace => typeof v === 'object' && v !== null && #pool in v,
      pool: (w) => w.#pool,
      take: (w) => { if (w.#busy) return false; w.#busy = true; return true; },
      give: (w) => {
        // No person id outlives the call: only the arrays of ids hold strings.
        for (const [key, a] of w.#pool) if (key.endsWith('.keys')) a.fill(undefined);
        w.#busy = false;
      },
    };
  }

  /** Entries held in all work arrays (8 bytes each, roughly). */
  get entries(): number {
    let n = 0;
    for (const a of this.#pool.values()) n += a.length;
    return n;
  }

  /** Drops the work arrays (the next call allocates afresh; a call under way keeps what it holds). */
  clear(): void {
    this.#pool.clear();
  }
}

/** A new, empty {@link StageWorkspace}. */
export function createStageWorkspace(): StageWorkspace {
  return new StageWorkspace();
}

/** @internal Whether `v` was made by {@link createStageWorkspace} (not merely an object with its prototype). */
export function isStageWorkspace(v: unknown): v is StageWorkspace {
  return access.is(v);
}

/** @internal The workspace's arrays, after marking it in use; false when another call holds it. */
export function takeWorkspace(w: StageWorkspace): Pool | false {
  return access.take(w) ? access.pool(w) : false;
}

/** @internal Clears the arrays that held person ids and marks the workspace free. */
export function giveWorkspace(w: StageWorkspace): void {
  access.give(w);
}
