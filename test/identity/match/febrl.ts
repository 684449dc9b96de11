/** Test/benchmark helpers for the Febrl fixtures (test/fixtures/febrl): reading, the shared settings, scoring. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MatchConfigInput, MatchResult } from '../../../src/identity/match/index.js';

export type FebrlRecord = Record<string, string | null>;

const DIR = fileURLToPath(new URL('../../fixtures/febrl/', import.meta.url));

/** Reads a Febrl CSV: ", "-separated, trimmed, empty = null. */
export function readFebrl(name: string): FebrlRecord[] {
  const text = readFileSync(DIR + name, 'utf8');
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0]!.split(',').map((h) => h.trim());
  return lines.slice(1).map((line) => {
    const cells = line.split(',');
    const rec: FebrlRecord = {};
    header.forEach((h, i) => { const v = (cells[i] ?? '').trim(); rec[h] = v === '' ? null : v; });
    return rec;
  });
}

/** Entity number of a rec_id (`rec-<N>-…`). */
export function entityOf(recId: string): number {
  const m = /^rec-(\d+)-/.exec(recId);
  if (!m) throw new Error(`bad rec_id ${recId}`);
  return Number(m[1]);
}

/** The one setting used for all four Febrl tasks (chosen once; unsupervised). */
export const FEBRL_CONFIG: MatchConfigInput = {
  fields: [
    { field: 'given_name', method: 'jaroWinkler', thresholds: [0.92, 0.8], termFrequency: true },
    { field: 'surname', method: 'jaroWinkler', thresholds: [0.92, 0.8], termFrequency: true },
    { field: 'street_number', method: 'levenshtein', thresholds: [1] },
    { field: 'address_1', method: 'jaroWinkler', thresholds: [0.92, 0.8] },
    { field: 'suburb', method: 'jaroWinkler', thresholds: [0.92, 0.8] },
    { field: 'postcode', method: 'levenshtein', thresholds: [1] },
    { field: 'state', method: 'exact' },
    { field: 'date_of_birth', method: 'levenshtein', thresholds: [1, 2] },
    { field: 'soc_sec_id', method: 'levenshtein', thresholds: [1, 2] },
  ],
  blocking: [['given_name'], ['surname'], ['date_of_birth'], ['soc_sec_id'], ['postcode']],
  threshold: 0.9,
  idField: 'rec_id',
};

export interface PairScore { truePairs: number; predicted: number; correct: number; precision: number; recall: number; f1: number }

function score(truePairs: number, predicted: number, correct: number): PairScore {
  const precision = predicted === 0 ? 1 : correct / predicted;
  const recall = truePairs === 0 ? 1 : correct / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePairs, predicted, correct, precision, recall, f1 };
}

/** Number of true pairs: Σ C(size, 2) over entities (dedupe) or cross pairs sharing an entity (link). */
export function truePairCount(left: readonly FebrlRecord[], right?: readonly FebrlRecord[]): number {
  const count = (rs: readonly FebrlRecord[]) => { const m = new Map<number, number>(); for (const r of rs) { const e = entityOf(r.rec_id!); m.set(e, (m.get(e) ?? 0) + 1); } return m; };
  const l = count(left);
  if (!right) { let s = 0; for (const c of l.values()) s += (c * (c - 1)) / 2; return s; }
  const r = count(right);
  let s = 0;
  for (const [e, c] of l) s += c * (r.get(e) ?? 0);
  return s;
}

/** Pairwise precision/recall/F1 of the pairs with probability >= threshold. */
export function pairwiseScore(result: MatchResult, left: readonly FebrlRecord[], right?: readonly FebrlRecord[]): PairScore {
  const other = right ?? left;
  const threshold = result.model.config.threshold;
  let predicted = 0, correct = 0;
  for (let k = 0; k < result.pairs.length; k++) {
    if (!(result.pairs.probability[k]! >= threshold)) continue;
    predicted++;
    if (entityOf(left[result.pairs.left[k]!]!.rec_id!) === entityOf(other[result.pairs.right[k]!]!.rec_id!)) correct++;
  }
  return score(truePairCount(left, right), predicted, correct);
}

/**
 * The baseline (recordlinkage's notebook rule): block on exact given_name; agreement count over
 * given_name exact, surname Jaro-Winkler >= 0.85, date_of_birth exact, suburb exact, state exact,
 * address_1 normalized Levenshtein similarity >= 0.85 (missing = disagree); a match when > 3 agree.
 */
export function baselineScore(
  left: readonly FebrlRecord[], right: readonly FebrlRecord[] | undefined,
  jw: (a: string, b: string) => number, lev: (a: string, b: string) => number,
): PairScore & { candidates: number } {
  const other = right ?? left;
  const byName = new Map<string, number[]>();
  other.forEach((r, j) => { const g = r.given_name; if (g !== null && g !== undefined) { const a = byName.get(g) ?? []; a.push(j); byName.set(g, a); } });
  const eq = (a: string | null | undefined, b: string | null | undefined) => a != null && b != null && a === b;
  let candidates = 0, predicted = 0, correct = 0;
  left.forEach((x, i) => {
    const g = x.given_name;
    if (g === null || g === undefined) return;
    for (const j of byName.get(g) ?? []) {
      if (!right && j <= i) continue;
      candidates++;
      const y = other[j]!;
      let s = 1; // given_name agrees (blocked on it)
      if (x.surname != null && y.surname != null && jw(x.surname, y.surname) >= 0.85) s++;
      if (eq(x.date_of_birth, y.date_of_birth)) s++;
      if (eq(x.suburb, y.suburb)) s++;
      if (eq(x.state, y.state)) s++;
      if (x.address_1 != null && y.address_1 != null) {
        const a = x.address_1, b = y.address_1;
        const sim = 1 - lev(a, b) / Math.max(a.length, b.length, 1);
        if (sim >= 0.85) s++;
      }
      if (s > 3) { predicted++; if (entityOf(x.rec_id!) === entityOf(y.rec_id!)) correct++; }
    }
  });
  return { ...score(truePairCount(left, right), predicted, correct), candidates };
}
