/**
 * Accuracy on the Febrl synthetic data sets (test/fixtures/febrl; Febrl, ANU, Peter Christen):
 * one unsupervised setting (FEBRL_CONFIG) for all four tasks, issue target pairwise F1 >= 0.95.
 * True pairs from rec_id (`rec-<N>-…`: same N = same person). The baseline is recordlinkage's notebook
 * rule ("more than 3 of 6 fields agree", blocked on given_name), whose counts are published.
 */
import { distance } from 'fastest-levenshtein';
import { jaroWinkler as skyraJaroWinkler } from '@skyra/jaro-winkler';
import { describe, expect, it } from 'vitest';
import { explainPair, linkRecords, matchRecords, toIdentityLinks } from '../../../src/identity/match/index.js';
import { FEBRL_CONFIG, baselineScore, pairwiseScore, readFebrl, truePairCount } from './febrl.js';

describe('Febrl accuracy (unsupervised, one setting for all four)', () => {
  it.each([
    ['dataset1.csv', 500],
    ['dataset2.csv', 1934],
    ['dataset3.csv', 6538],
  ])('deduplicates %s with pairwise F1 >= 0.95', (file, truePairs) => {
    const records = readFebrl(file);
    expect(truePairCount(records)).toBe(truePairs); // Febrl README table
    const result = matchRecords(records, FEBRL_CONFIG);
    const s = pairwiseScore(result, records);
    expect(s.f1).toBeGreaterThanOrEqual(0.95);
    expect(s.precision).toBeGreaterThanOrEqual(0.95);
    expect(s.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('links dataset4a × dataset4b with pairwise F1 >= 0.95, and explains a match', () => {
    const a = readFebrl('dataset4a.csv'), b = readFebrl('dataset4b.csv');
    const result = linkRecords(a, b, FEBRL_CONFIG);
    const s = pairwiseScore(result, a, b);
    expect(s.truePairs).toBe(5000);
    expect(s.f1).toBeGreaterThanOrEqual(0.95);
    const k = result.pairs.probability.findIndex((p) => p > 0.99);
    const e = explainPair(result, k);
    expect(e.matchWeight).toBeCloseTo(result.pairs.matchWeight[k]!, 9);
    expect(e.text.at(-1)).toMatch(/times more likely to be a match than not/);
    const links = toIdentityLinks(result, { type: 'febrl_rec_id' });
    expect(links.length).toBe(s.predicted);
    expect(links[0]!.identifiers[0]!.value).toMatch(/^rec-\d+-org$/);
  });

  it('reproduces the published baseline counts (recordlinkage notebooks: 317 / 3,241 matches, 2,082 / 77,249 candidates)', () => {
    const d1 = readFebrl('dataset1.csv');
    const b1 = baselineScore(d1, undefined, skyraJaroWinkler, distance);
    expect(b1).toMatchObject({ candidates: 2082, predicted: 317, correct: 317 });
    expect(b1.f1).toBeCloseTo(0.776, 3);
    const b4 = baselineScore(readFebrl('dataset4a.csv'), readFebrl('dataset4b.csv'), skyraJaroWinkler, distance);
    expect(b4).toMatchObject({ candidates: 77249, predicted: 3241, correct: 3241 });
    expect(b4.f1).toBeCloseTo(0.787, 3);
  });
});
