import { AudienceKitError } from '../../../core/index.js';
import type { Column } from './columns.js';

/** Candidate pairs as two parallel index arrays (record indices in the combined left+right space). */
export interface CandidatePairs {
  readonly a: Int32Array;
  readonly b: Int32Array;
  readonly length: number;
}

/**
 * Dense key id per record for one blocking rule (-1 when a rule field is missing). Several fields:
 * an LSD radix sort of the records by their value codes (a stable counting sort per field, last field
 * first), then one scan that numbers each distinct tuple — typed arrays only, O(n · fields + Σ V).
 * Measured: 1M records × 2 fields, 6.3 s CPU with string keys in a Map vs well under 1 s this way.
 */
function ruleKeys(columns: readonly Column[], n: number): Int32Array {
  const keys = new Int32Array(n);
  if (columns.length === 1) { keys.set(columns[0]!.codes); return keys; }
  let m = 0;
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let missing = false;
    for (const c of columns) if (c.codes[i]! < 0) { missing = true; break; }
    if (missing) keys[i] = -1; else order[m++] = i;
  }
  order = order.slice(0, m);
  let next = new Int32Array(m);
  for (let f = columns.length - 1; f >= 0; f--) {
    const codes = columns[f]!.codes;
    const start = new Int32Array(columns[f]!.values.length + 1);
    for (let x = 0; x < m; x++) { const c = codes[order[x]!]!; start[c + 1] = start[c + 1]! + 1; }
    for (let v = 1; v < start.length; v++) start[v] = start[v]! + start[v - 1]!;
    for (let x = 0; x < m; x++) { const i = order[x]!; const c = codes[i]!; next[start[c]!] = i; start[c] = start[c]! + 1; }
    const t = order; order = next; next = t;
  }
  let id = -1;
  for (let x = 0; x < m; x++) {
    const i = order[x]!;
    let same = x > 0;
    if (same) { const prev = order[x - 1]!; for (const c of columns) if (c.codes[i] !== c.codes[prev]) { same = false; break; } }
    if (!same) id++;
    keys[i] = id;
  }
  return keys;
}

/** Record indices grouped by key (counting sort; ascending index within a group). */
function groups(keys: Int32Array): { start: Int32Array; order: Int32Array } {
  let nk = 0;
  for (let i = 0; i < keys.length; i++) if (keys[i]! + 1 > nk) nk = keys[i]! + 1;
  const start = new Int32Array(nk + 1);
  for (let i = 0; i < keys.length; i++) { const k = keys[i]!; if (k >= 0) start[k + 1] = start[k + 1]! + 1; }
  for (let k = 0; k < nk; k++) start[k + 1] = start[k + 1]! + start[k]!;
  const fill = start.slice(0, nk);
  const order = new Int32Array(start[nk]!);
  for (let i = 0; i < keys.length; i++) { const k = keys[i]!; if (k >= 0) { order[fill[k]!] = i; fill[k] = fill[k]! + 1; } }
  return { start, order };
}

/**
 * The union, without duplicates, of the candidate pairs of every blocking rule (Splink's rule: a
 * pair found by rule r is kept only if no earlier rule also finds it, so no global pair set is
 * needed). Dedupe (`nLeft` = n, `nRight` = 0): pairs i < j inside a block. Link: left i × right j
 * inside a block (right indices are offset by nLeft). O(n · rules + pairs · rules) time; memory
 * 8 bytes per candidate pair.
 *
 * @throws AudienceKitError `INVALID_OPTION` when more than `maxPairs` candidates are generated.
 */
export function candidatePairs(rules: readonly (readonly Column[])[], nLeft: number, nRight: number, maxPairs: number): CandidatePairs {
  const link = nRight > 0;
  const n = nLeft + nRight;
  const keys = rules.map((cols) => ruleKeys(cols, n));
  let cap = 1 << 14;
  let a = new Int32Array(cap), b = new Int32Array(cap);
  let len = 0;
  const push = (i: number, j: number): void => {
    if (len === cap) {
      if (len >= maxPairs) {
        throw new AudienceKitError('INVALID_OPTION', `blocking generates more than maxCandidatePairs = ${maxPairs} candidate pairs; use stricter blocking rules (more fields per rule) or raise maxCandidatePairs`);
      }
      cap = Math.min(cap * 2, Math.max(maxPairs, cap + 1));
      const na = new Int32Array(cap); na.set(a); a = na;
      const nb = new Int32Array(cap); nb.set(b); b = nb;
    }
    a[len] = i; b[len] = j; len++;
  };
  for (let r = 0; r < rules.length; r++) {
    const kr = keys[r]!;
    const { start, order } = groups(kr);
    const nk = start.length - 1;
    for (let k = 0; k < nk; k++) {
      const s = start[k]!, e = start[k + 1]!;
      if (e - s < 2) continue;
      for (let x = s; x < e; x++) {
        const i = order[x]!;
        if (link && i >= nLeft) break; // order is ascending: the rest are right records
        for (let y = x + 1; y < e; y++) {
          const j = order[y]!;
          if (link && j < nLeft) continue;
          let seen = false;
          for (let q = 0; q < r; q++) {
            const kq = keys[q]!;
            const ki = kq[i]!;
            if (ki >= 0 && ki === kq[j]!) { seen = true; break; }
          }
          if (!seen) push(i, j);
        }
      }
    }
  }
  if (len > maxPairs) throw new AudienceKitError('INVALID_OPTION', `blocking generates ${len} candidate pairs, more than maxCandidatePairs = ${maxPairs}`);
  return { a: a.slice(0, len), b: b.slice(0, len), length: len };
}
