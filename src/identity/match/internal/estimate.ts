import type { Rng } from '../../../core/index.js';
import type { Comparator } from './compare.js';

const U_FLOOR = 1e-12;
const M_FLOOR = 1e-9;

/** Per-field value counts of the left and right lists (dedupe: both are the whole list). */
function sideCounts(c: Comparator, nLeft: number, nRight: number): { left: Float64Array; right: Float64Array; nl: number; nr: number } {
  const V = c.column.values.length;
  const codes = c.column.codes;
  if (nRight === 0) {
    const all = Float64Array.from(c.column.counts);
    return { left: all, right: all, nl: c.column.nonMissing, nr: c.column.nonMissing };
  }
  const left = new Float64Array(V), right = new Float64Array(V);
  let nl = 0, nr = 0;
  for (let i = 0; i < nLeft; i++) { const v = codes[i]!; if (v >= 0) { left[v] = left[v]! + 1; nl++; } }
  for (let i = nLeft; i < nLeft + nRight; i++) { const v = codes[i]!; if (v >= 0) { right[v] = right[v]! + 1; nr++; } }
  return { left, right, nl, nr };
}

const TWO21 = 2 ** 21;

/** FNV-1a, 32-bit, over UTF-16 code units. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  return h >>> 0;
}

/**
 * The distinct values in an order that depends only on the values themselves (not on which record
 * came first): by 32-bit FNV-1a hash, ties by the text. A numeric sort of hash·2^21 + index keys
 * (Float64Array, no comparator) — 1M distinct ids: ~0.3 s CPU vs ~3 s for a string-comparator sort.
 */
function canonicalOrder(values: readonly string[]): Int32Array {
  const V = values.length;
  const byText = (x: number, y: number): number => (values[x]! < values[y]! ? -1 : values[x]! > values[y]! ? 1 : 0);
  if (V >= TWO21) return Int32Array.from(Array.from(values.keys()).sort(byText));
  const keys = new Float64Array(V);
  for (let v = 0; v < V; v++) keys[v] = fnv1a(values[v]!) * TWO21 + v;
  keys.sort();
  const order = new Int32Array(V);
  for (let k = 0; k < V; k++) order[k] = keys[k]! % TWO21;
  // Equal hashes (rare): order the run by text so the index (first-seen order) never decides.
  for (let k = 0; k < V;) {
    const h = Math.floor(keys[k]! / TWO21);
    let e = k + 1;
    while (e < V && Math.floor(keys[e]! / TWO21) === h) e++;
    if (e - k > 1) order.set(Array.from(order.subarray(k, e)).sort(byText), k);
    k = e;
  }
  return order;
}

/** Index of the value whose cumulative-count interval holds r (cum is ascending, cum[last] = total). */
function pick(cum: Float64Array, r: number): number {
  let lo = 0, hi = cum.length - 1;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid]! > r) hi = mid; else lo = mid + 1; }
  return lo;
}

/**
 * u probabilities (level probabilities among random pairs, given both values present) per field.
 * The exact level is computed exactly from value counts — the limit of sampling: Σ c(c−1) / N(N−1)
 * (dedupe) or Σ cₗ·cᵣ / NₗNᵣ (link). The inexact levels split the remaining 1 − u_exact in the
 * proportions seen among `samples` random value pairs that differ (drawn with the seeded rng in a
 * canonical, sorted-value order, so the estimate does not depend on record order), with add-one
 * smoothing. Marginal per field, as the u's are: no record pair needs to be drawn jointly.
 */
export function estimateU(comparators: readonly Comparator[], nLeft: number, nRight: number, samples: number, rng: Rng): Float64Array[] {
  const out: Float64Array[] = [];
  for (const c of comparators) {
    const L = c.levels;
    const u = new Float64Array(L);
    const { left, right, nl, nr } = sideCounts(c, nLeft, nRight);
    const dedupe = nRight === 0;
    const denom = dedupe ? nl * (nl - 1) : nl * nr;
    if (denom <= 0) { u.fill(1 / L); out.push(u); continue; }
    let agree = 0;
    for (let v = 0; v < left.length; v++) agree += dedupe ? left[v]! * (left[v]! - 1) : left[v]! * right[v]!;
    const u0 = agree / denom;
    u[0] = u0;
    if (L === 2) u[1] = 1 - u0;
    else {
      const counts = new Float64Array(L);
      if (u0 < 1 - 1e-9) {
        const values = c.column.values;
        const order = canonicalOrder(values);
        const cumL = new Float64Array(order.length), cumR = new Float64Array(order.length);
        let sl = 0, sr = 0;
        for (let k = 0; k < order.length; k++) { sl += left[order[k]!]!; sr += right[order[k]!]!; cumL[k] = sl; cumR[k] = sr; }
        let drawn = 0;
        for (let attempt = 0; drawn < samples && attempt < samples * 20; attempt++) {
          const a = order[pick(cumL, rng.uniform() * sl)]!;
          const b = order[pick(cumR, rng.uniform() * sr)]!;
          if (a === b) continue;
          const d = c.valueDigit(a, b);
          counts[d - 1] = counts[d - 1]! + 1;
          drawn++;
        }
      }
      let total = 0;
      for (let k = 1; k < L; k++) total += counts[k]! + 1;
      for (let k = 1; k < L; k++) u[k] = ((1 - u0) * (counts[k]! + 1)) / total;
    }
    floorAndNormalize(u, U_FLOOR);
    out.push(u);
  }
  return out;
}

function floorAndNormalize(p: Float64Array, floor: number): void {
  let s = 0;
  for (let k = 0; k < p.length; k++) { if (!(p[k]! > floor)) p[k] = floor; s += p[k]!; }
  for (let k = 0; k < p.length; k++) p[k] = p[k]! / s;
}

/** Distinct comparison patterns with their counts, and each pattern's digits (pattern-major). */
export interface PatternTable {
  readonly codes: Int32Array;
  readonly counts: Float64Array;
  readonly digits: Uint8Array;
}

/** Groups pattern codes (any order) into a table sorted by code, so EM sums do not depend on pair order. */
export function patternTable(patterns: Int32Array, length: number, comparators: readonly Comparator[]): PatternTable {
  const tally = new Map<number, number>();
  for (let p = 0; p < length; p++) { const k = patterns[p]!; tally.set(k, (tally.get(k) ?? 0) + 1); }
  const codes = Int32Array.from(tally.keys()).sort();
  const counts = new Float64Array(codes.length);
  const F = comparators.length;
  const digits = new Uint8Array(codes.length * F);
  for (let p = 0; p < codes.length; p++) {
    const code = codes[p]!;
    counts[p] = tally.get(code)!;
    for (let f = 0; f < F; f++) { const c = comparators[f]!; digits[p * F + f] = Math.floor(code / c.stride) % (c.levels + 1); }
  }
  return { codes, counts, digits };
}

/** Result of {@link expectationMaximization}. */
export interface EmResult { m: Float64Array[]; prior: number; iterations: number; converged: boolean }

/**
 * Fellegi–Sunter EM for the m probabilities and the prior λ with the u probabilities held fixed
 * (as Splink does once u is estimated from random pairs). The pair space is every pair
 * (`totalPairs`); pairs outside the blocks are taken as non-matches (posterior 0), so the blocked
 * candidate patterns carry the whole E-step: λ = Σ c·w / totalPairs and
 * m_f,k = Σ_{digit_f = k+1} c·w / Σ_{digit_f ≠ 0} c·w (missing values carry no evidence).
 * O(iterations · patterns · fields).
 */
export function expectationMaximization(
  table: PatternTable, comparators: readonly Comparator[], u: readonly Float64Array[], totalPairs: number,
  maxIterations: number, tolerance: number,
): EmResult {
  const F = comparators.length;
  const P = table.codes.length;
  const m = comparators.map((c) => initialM(c.levels));
  let candidates = 0;
  for (let p = 0; p < P; p++) candidates += table.counts[p]!;
  let prior = Math.min(0.5, Math.max(1, 0.05 * candidates) / Math.max(totalPairs, 1));
  if (P === 0 || totalPairs <= 0) return { m, prior, iterations: 0, converged: true };
  const logU = u.map((x) => x.map(Math.log));
  const num = comparators.map((c) => new Float64Array(c.levels));
  let iterations = 0, converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const logBf = m.map((mf, f) => mf.map((v, k) => Math.log(v) - logU[f]![k]!));
    const logOdds = Math.log(prior) - Math.log1p(-prior);
    for (const nf of num) nf.fill(0);
    let matches = 0;
    for (let p = 0; p < P; p++) {
      let s = logOdds;
      const o = p * F;
      for (let f = 0; f < F; f++) { const d = table.digits[o + f]!; if (d > 0) s += logBf[f]![d - 1]!; }
      const w = table.counts[p]! / (1 + Math.exp(-s));
      matches += w;
      for (let f = 0; f < F; f++) { const d = table.digits[o + f]!; if (d > 0) { const nf = num[f]!; nf[d - 1] = nf[d - 1]! + w; } }
    }
    let delta = 0;
    for (let f = 0; f < F; f++) {
      const nf = num[f]!, mf = m[f]!;
      let s = 0;
      for (let k = 0; k < nf.length; k++) s += nf[k]!;
      if (!(s > 0)) continue;
      const next = nf.map((v) => v / s);
      floorAndNormalize(next, M_FLOOR);
      for (let k = 0; k < mf.length; k++) { delta = Math.max(delta, Math.abs(next[k]! - mf[k]!)); mf[k] = next[k]!; }
    }
    const nextPrior = Math.min(1 - 1e-12, Math.max(1e-15, matches / totalPairs));
    delta = Math.max(delta, Math.abs(nextPrior - prior) / prior);
    prior = nextPrior;
    if (delta < tolerance) { converged = true; break; }
  }
  return { m, prior, iterations, converged };
}

/** Starting m: most mass on exact agreement, a little on each inexact level, least on "else". */
export function initialM(L: number): Float64Array {
  const m = new Float64Array(L);
  if (L === 2) { m[0] = 0.9; m[1] = 0.1; return m; }
  m[0] = 0.8; m[L - 1] = 0.05;
  for (let k = 1; k < L - 1; k++) m[k] = 0.15 / (L - 2);
  return m;
}
