import { describe, expect, it } from 'vitest';
import { embeddingsFromRows, rowView } from '../../src/core/index.js';
import { explainLookalike, fitLookalike, scoreLookalike } from '../../src/lookalike/index.js';
import type { ClassifierModel } from '../../src/lookalike/index.js';
import { gaussianClusters } from './helpers.js';

const err = (code: string, text?: string) => expect.objectContaining(text === undefined ? { code } : { code, message: expect.stringContaining(text) as string }) as Error;

describe('explainLookalike', () => {
  it('centroid, hand-worked: x̂ = (0.6, 0.8, 0), c = (1, 0, 0) → contributions 0.6, 0, 0', () => {
    const m = fitLookalike(embeddingsFromRows([[1, 0, 0]]), { method: 'centroid' });
    const e = explainLookalike(m, [3, 4, 0], ['age 25-34', 'tier 1', 'sports'], { top: 2 });
    expect(e.score).toBeCloseTo(0.6, 12);
    expect(e.scale).toBe('cosine');
    expect(e.contributions).toHaveLength(2);
    expect(e.contributions[0]).toEqual({ dimension: 0, feature: 'age 25-34', contribution: 0.6 });
    expect(e.contributions[1]!.contribution).toBe(0);
  });

  const { emb } = gaussianClusters(41, 6, [25, 25], 0.7);
  const cand = gaussianClusters(42, 6, [10], 1).emb;
  const methods = [
    fitLookalike(emb, { method: 'centroid' }),
    fitLookalike(emb, { method: 'prototypes', prototypes: 3 }),
    fitLookalike(emb, { method: 'knn', k: 5 }),
  ];
  it('cosine methods: contributions sum to the score, which matches scoreLookalike', () => {
    for (const m of methods) {
      const scores = scoreLookalike(m, cand);
      for (let i = 0; i < cand.rows; i++) {
        const e = explainLookalike(m, rowView(cand, i), undefined, { top: 6 });
        expect(e.contributions.reduce((s, c) => s + c.contribution, 0)).toBeCloseTo(e.score, 10);
        expect(e.score).toBeCloseTo(scores[i]!, 5);
        expect(e.contributions[0]!.feature).toMatch(/^dim \d$/);
        // sorted by |contribution|
        for (let t = 1; t < 6; t++) expect(Math.abs(e.contributions[t - 1]!.contribution)).toBeGreaterThanOrEqual(Math.abs(e.contributions[t]!.contribution));
      }
    }
  });
  it('knn reports the k nearest seeds; prototypes the best prototype', () => {
    const k = explainLookalike(methods[2]!, rowView(emb, 3));
    expect(k.reference).toHaveLength(5);
    expect(k.reference[0]).toBe(3); // a seed is its own nearest seed
    expect(explainLookalike(methods[1]!, rowView(emb, 3)).reference).toHaveLength(1);
  });
  it('classifier: baseline + Σ contributions = logit(score)', () => {
    const m = fitLookalike(emb, { method: 'classifier', population: cand }) as ClassifierModel;
    const s = scoreLookalike(m, cand);
    for (let i = 0; i < cand.rows; i++) {
      const e = explainLookalike(m, rowView(cand, i), undefined, { top: 6 });
      const logit = e.baseline + e.contributions.reduce((a, c) => a + c.contribution, 0);
      expect(1 / (1 + Math.exp(-logit))).toBeCloseTo(e.score, 10);
      expect(e.score).toBeCloseTo(s[i]!, 6);
    }
  });
  it('an all-zero candidate scores 0 with zero contributions (cosine methods)', () => {
    for (const m of methods) {
      const e = explainLookalike(m, new Float32Array(6));
      expect(e.score).toBe(0);
      for (const c of e.contributions) expect(c.contribution).toBe(0);
    }
  });
  it('bad input', () => {
    const m = methods[0]!;
    expect(() => explainLookalike(m, [1, 2])).toThrow(err('DIMENSION_MISMATCH', 'candidate has 2 values'));
    expect(() => explainLookalike(m, [1, 2, 3, 4, 5, NaN])).toThrow(err('INVALID_INPUT', 'candidate[5]'));
    expect(() => explainLookalike(m, [1, 2, 3, 4, 5, 6], ['a'])).toThrow(err('DIMENSION_MISMATCH', 'featureNames'));
    expect(() => explainLookalike({ ...m, version: 9 } as never, [1, 2, 3, 4, 5, 6])).toThrow(err('INVALID_MODEL'));
  });
});
