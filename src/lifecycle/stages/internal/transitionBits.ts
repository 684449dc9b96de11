import { badPersonId, eventMask, eventRecord, eventTime, internRoster, type CompiledModel, type EventFields } from './columnar.js';
import { PersonTable, ROW_STATE } from './personTable.js';

/** Most period ends the bit-set kernel handles (bits per person and rule: ⌈ends / 32⌉ words). */
export const MAX_BIT_ENDS = 128;

/** First index k with ends[k] >= x (ends increasing), or ends.length. */
function lowerBound(ends: Float64Array, x: number): number {
  let lo = 0, hi = ends.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (ends[mid]! < x) lo = mid + 1; else hi = mid; }
  return lo;
}

/** ORs bits k0..k1 (inclusive) into the W words at i32[at ..]. */
function setRange(i32: Int32Array, at: number, k0: number, k1: number): void {
  for (let w = k0 >>> 5, last = k1 >>> 5; w <= last; w++) {
    const lo = w === k0 >>> 5 ? k0 & 31 : 0, hi = w === last ? k1 & 31 : 31;
    const bits = hi === 31 ? -1 << lo : ((1 << (hi + 1)) - 1) & (-1 << lo);
    i32[at + w]! |= bits;
  }
}

/**
 * Transition counts in ONE pass over the event objects, for models whose rules all have
 * minCount 1 (both presets): a rule holds at period end k iff some matching event lies in
 * (end_k − window, end_k], i.e. the event's time t sees the ends in [t, t + window) — a run of
 * consecutive ends, ORed into a bit set per person and rule kept in the person's
 * {@link PersonTable} row. A repeat rule keeps the person's first matching time f and the bits of
 * the events strictly after f; when an earlier event arrives, the events at the old f become
 * repeats and their run is ORed in. No sort, no per-event arrays; input order does not matter.
 * Then each row's bits give the stage at every end, and consecutive ends one transition each.
 *
 * @returns people counted and one flat (codes × codes) count array per step.
 */
export function transitionCountsByBits(list: readonly unknown[], c: CompiledModel, f: EventFields, ends: Float64Array, roster: readonly string[] | undefined): { people: number; flat: Float64Array } {
  const n = list.length, R = c.rules, reps = c.repeats, K = ends.length, W = (K + 31) >>> 5, S = c.codes, where = 'events';
  // Row: [hash, p | first (f64) per repeat rule | W bit words per rule], padded to even words.
  const FB = ROW_STATE, BB = FB + 2 * reps, rw = (BB + R * W + 1) & ~1;
  const template = new Int32Array(rw);
  new Float64Array(template.buffer, FB * 4, reps).fill(Infinity);
  const table = new PersonTable(rw, template, Math.min(n + (roster?.length ?? 0), 1 << 16));
  internRoster(table, roster);
  const repeatSlot = c.repeatSlot, win = c.ruleWindowMs, pf = f.personId, lastEnd = ends[K - 1]!;
  let lastId: unknown = Symbol('none'), lastQ = -1;
  for (let i = 0; i < n; i++) {
    const rec = eventRecord(list[i], i, where);
    const id = rec[pf];
    let q: number;
    if (id === lastId) q = lastQ;
    else {
      if (typeof id !== 'string' || id.length === 0) throw badPersonId(i, pf, where);
      q = table.slot(id);
      lastId = id; lastQ = q;
    }
    const t = eventTime(rec, f, i, where);
    let m = eventMask(rec, c, f, i, where);
    if (m === 0 || t > lastEnd) continue; // (a repeat's first time only matters for events at or before some end)
    const i32 = table.i32, base = q * rw, k0 = lowerBound(ends, t);
    while (m !== 0) {
      const r = 31 - Math.clz32(m & -m);
      m &= m - 1;
      const slot = repeatSlot[r]!;
      let from = t;
      if (slot >= 0) {
        const f64 = table.f64, fi = ((base + FB) >> 1) + slot, fv = f64[fi]!;
        if (t < fv) {
          f64[fi] = t;
          if (fv === Infinity) continue;
          from = fv; // the events at the old first time are repeats now
        } else if (t === fv) continue;
      }
      const a = from === t ? k0 : lowerBound(ends, from);
      const b = lowerBound(ends, from + win[r]!) - 1;
      if (b >= a) setRange(i32, base + BB + r * W, a, b);
    }
  }
  // Each row: the stage at every end (highest stage with a bit set), then one count per step.
  const flat = new Float64Array((K - 1) * S * S);
  const st = new Uint8Array(K), ruleStage = c.ruleStage, { keys, i32, cap } = table;
  for (let q = 0; q < cap; q++) {
    if (keys[q] === undefined) continue;
    const base = q * rw + BB;
    st.fill(0);
    for (let r = 0; r < R; r++) {
      const code = ruleStage[r]!, at = base + r * W;
      for (let w = 0; w < W; w++) {
        let bits = i32[at + w]!;
        while (bits !== 0) {
          const k = (w << 5) + 31 - Math.clz32(bits & -bits);
          bits &= bits - 1;
          if (code > st[k]!) st[k] = code;
        }
      }
    }
    for (let k = 0; k + 1 < K; k++) flat[k * S * S + st[k]! * S + st[k + 1]!]!++;
  }
  return { people: table.size, flat };
}
