import { describe, expect, it } from 'vitest';
import { describeBayesFactor, explainPair, matchRecords } from '../../../src/identity/match/index.js';
import type { MatchModel } from '../../../src/identity/match/index.js';
import { MatchConfigSchema } from '../../../src/identity/match/matchConfig.js';

const config = {
  fields: [{ field: 'name', method: 'exact' as const, termFrequency: true }, { field: 'city', method: 'exact' as const }],
  blocking: [['city']],
  idField: 'id',
};
const model: MatchModel = {
  kind: 'audience-kit/match-model', version: 1, mode: 'dedupe', config: MatchConfigSchema.parse(config), prior: 0.01,
  fields: [
    { field: 'name', levels: ['exact', 'else'], m: [0.9, 0.1], u: [0.25, 0.75] },
    { field: 'city', levels: ['exact', 'else'], m: [0.8, 0.2], u: [0.5, 0.5] },
  ],
  estimation: { iterations: 0, converged: true, candidatePairs: 0, recordPairs: 0 },
};

describe('explainPair', () => {
  // names present: ann ×2, bob ×2 of 4 → tf(ann) = 0.5; the TF adjustment is log2(u_exact / tf) = log2(0.25 / 0.5) = −1 bit.
  const recs = [{ id: 'a', name: 'ann', city: 'x' }, { id: 'b', name: 'ann', city: 'x' }, { id: 'c', name: 'bob', city: 'y' }, { id: 'd', name: 'bob', city: 'z' }, { id: 'e', name: null, city: 'y' }];
  const r = matchRecords(recs, config, { model });

  it('gives a waterfall that sums to the match weight', () => {
    const k = Array.from(r.pairs.left).findIndex((i, kk) => r.ids[i] === 'a' && r.ids[r.pairs.right[kk]!] === 'b');
    const e = explainPair(r, k);
    expect(e.leftId).toBe('a');
    expect(e.rightId).toBe('b');
    expect(e.priorWeight).toBeCloseTo(Math.log2(0.01 / 0.99), 12);
    const [name, city] = e.contributions;
    // name: log2(0.9 / 0.25) − 1 = log2(3.6) − 1 = log2(1.8); city: log2(0.8 / 0.5) = log2(1.6).
    expect(name!.tfAdjustment).toBeCloseTo(-1, 12);
    expect(name!.weight).toBeCloseTo(Math.log2(1.8), 12);
    expect(city!.bayesFactor).toBeCloseTo(1.6, 12);
    expect(e.matchWeight).toBeCloseTo(r.pairs.matchWeight[k]!, 12);
    expect(e.probability).toBeCloseTo(r.pairs.probability[k]!, 12);
    expect(name!.text).toBe('name: exact — 1.80 times more likely to be a match (incl. term frequency ×0.500)');
    expect(e.text[0]).toBe('prior: 1 in 100 record pairs match (weight -6.63)');
    // odds = (0.01 / 0.99) · 1.8 · 1.6 = 0.029091 → 1 / 0.029091 = 34.4 times less likely; p = 0.029091 / 1.029091 = 2.8%.
    expect(e.text.at(-1)).toBe('total: weight -5.10, 34.4 times less likely to be a match than not; match probability 2.8%');
  });

  it('says "no evidence" for a missing value', () => {
    const k = Array.from(r.pairs.left).findIndex((i) => r.ids[i] === 'c');
    const e = explainPair(r, k);
    expect(e.contributions[0]).toMatchObject({ level: 'missing', weight: 0, bayesFactor: 1 });
    expect(e.contributions[0]!.text).toBe('name: missing — no evidence either way');
  });

  it('words Bayes factors like Splink', () => {
    expect(describeBayesFactor(12.3)).toBe('12.3 times more likely to be a match');
    expect(describeBayesFactor(0.25)).toBe('4.00 times less likely to be a match');
    expect(describeBayesFactor(1234.4)).toBe('1,234 times more likely to be a match');
  });

  it('refuses a bad pair index', () => {
    expect(() => explainPair(r, 99)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
