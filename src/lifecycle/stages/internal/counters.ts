import { filled, poolArray, type Pool } from '../../../core/internal/stringIndex.js';

/**
 * Dense per-person counters: person p's count of rule r at `cnt[p*rc + r]`, its count of in-window
 * events at the first matching time of repeat rule j at `cnt[p*rc + R + j]` (rc = R + repeats), and
 * that first time at `first[p*reps + j]` (+Infinity when none). Plain arrays of small integers and
 * of doubles, not typed arrays: they live in the V8 heap (see core/internal/stringIndex.ts for why). Grows by
 * doubling with a sequential copy.
 */
export class Counters {
  cnt: number[];
  first: number[];
  cap: number;
  /**
   * @param cap - people to make room for (at least 1 is made).
   * @param pool - a workspace's arrays to reuse.
   */
  constructor(readonly R: number, readonly reps: number, cap: number, private readonly pool?: Pool) {
    // A workspace that already holds longer rows (a previous call grew them): use all of them, so a
    // low estimate does not grow again call after call (every row used is reset below).
    const rc = R + reps, haveCnt = pool?.get('counters.cnt')?.length ?? 0, haveFirst = pool?.get('counters.first')?.length ?? 0;
    const room = Math.min(Math.floor(haveCnt / rc), reps > 0 ? Math.floor(haveFirst / reps) : Infinity);
    this.cap = Math.max(1, cap, room);
    this.cnt = poolArray(pool, 'counters.cnt', this.cap * rc, 0);
    this.first = poolArray(pool, 'counters.first', this.cap * reps, Infinity);
  }
  /** Makes room for at least `need` people. */
  grow(need: number): void {
    let cap = Math.max(1, this.cap * 2);
    while (cap < need) cap *= 2;
    const rc = this.R + this.reps, cnt = filled(cap * rc, 0), first = filled(cap * this.reps, Infinity);
    const oc = this.cnt, of = this.first;
    for (let j = 0, m = this.cap * rc; j < m; j++) cnt[j] = oc[j]!;
    for (let j = 0, m = this.cap * this.reps; j < m; j++) first[j] = of[j]!;
    this.cnt = cnt; this.first = first; this.cap = cap;
    // The grown arrays replace the workspace's, so the next call starts at this size.
    this.pool?.set('counters.cnt', cnt);
    this.pool?.set('counters.first', first);
  }
}
