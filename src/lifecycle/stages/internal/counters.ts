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
  constructor(readonly R: number, readonly reps: number, cap: number) {
    this.cap = cap;
    this.cnt = new Array<number>(cap * (R + reps)).fill(0);
    this.first = new Array<number>(cap * reps).fill(Infinity);
  }
  /** Makes room for at least `need` people. */
  grow(need: number): void {
    let cap = this.cap * 2;
    while (cap < need) cap *= 2;
    const rc = this.R + this.reps, cnt = new Array<number>(cap * rc).fill(0), first = new Array<number>(cap * this.reps).fill(Infinity);
    const oc = this.cnt, of = this.first;
    for (let j = 0; j < oc.length; j++) cnt[j] = oc[j]!;
    for (let j = 0; j < of.length; j++) first[j] = of[j]!;
    this.cnt = cnt; this.first = first; this.cap = cap;
  }
}
