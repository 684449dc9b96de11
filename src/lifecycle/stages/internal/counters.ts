import { poolArray, type Pool } from './scratch.js';

/**
 * Dense per-person counters: person p's count of rule r at `cnt[p*rc + r]`, its count of in-window
 * events at the first matching time of repeat rule j at `cnt[p*rc + R + j]` (rc = R + repeats), and
 * that first time at `first[p*reps + j]` (+Infinity when none). Plain arrays of small integers and
 * of doubles, not typed arrays: they live in the V8 heap (see `PersonIndex` for why). Grows by
 * doubling with a sequential copy.
 */
export class Counters {
  cnt: number[];
  first: number[];
  cap: number;
  /** @param pool - work arrays to reuse (see `scratch.ts`). */
  constructor(readonly R: number, readonly reps: number, cap: number, pool?: Pool) {
    this.cap = cap;
    this.cnt = poolArray(pool, 'counters.cnt', cap * (R + reps), 0);
    this.first = poolArray(pool, 'counters.first', cap * reps, Infinity);
  }
  /** Makes room for at least `need` people. */
  grow(need: number): void {
    let cap = this.cap * 2;
    while (cap < need) cap *= 2;
    const rc = this.R + this.reps, cnt = new Array<number>(cap * rc).fill(0), first = new Array<number>(cap * this.reps).fill(Infinity);
    const oc = this.cnt, of = this.first;
    for (let j = 0, m = this.cap * rc; j < m; j++) cnt[j] = oc[j]!;
    for (let j = 0, m = this.cap * this.reps; j < m; j++) first[j] = of[j]!;
    this.cnt = cnt; this.first = first; this.cap = cap;
  }
}
