import { describe, expect, it } from 'vitest';
import { createEmbeddings, createRng, embeddingsFromRows } from '../../src/core/index.js';
import { fitLookalike, scoreLookalike } from '../../src/lookalike/index.js';
import type { ClassifierModel } from '../../src/lookalike/index.js';
import { gaussianClusters } from './helpers.js';

const err = (code: string, text?: string) => expect.objectContaining(text === undefined ? { code } : { code, message: expect.stringContaining(text) as string }) as Error;

describe('fitLookalike — centroid', () => {
  it('is the normalized mean of the unit seeds (hand-worked)', () => {
    // seeds (3,4) → (0.6, 0.8) and (0,2) → (0, 1); mean (0.3, 0.9), |·| = √0.9 = 0.948683
    // centroid = (0.316228, 0.948683)
    const m = fitLookalike(embeddingsFromRows([[3, 4], [0, 2]]), { method: 'centroid' });
    if (m.method !== 'centroid') throw new Error('method');
    expect(m.centroid[0]).toBeCloseTo(0.3 / Math.sqrt(0.9), 6);
    expect(m.centroid[1]).toBeCloseTo(0.9 / Math.sqrt(0.9), 6);
    expect(m.seedCount).toBe(2);
    expect(m.dims).toBe(2);
  });
  it('opposite seeds cancel to a zero centroid that scores 0 everywhere (documented)', () => {
    const m = fitLookalike(embeddingsFromRows([[1, 0], [-1, 0]]), { method: 'centroid' });
    expect(Array.from(scoreLookalike(m, embeddingsFromRows([[1, 0], [0, 1]])))).toEqual([0, 0]);
  });
});

describe('fitLookalike — prototypes', () => {
  it('recovers the directions of well separated seed groups', () => {
    const { emb, centers } = gaussianClusters(11, 16, [40, 40, 40], 0.1);
    const m = fitLookalike(emb, { method: 'prototypes', prototypes: 3, seed: 5 });
    if (m.method !== 'prototypes') throw new Error('method');
    expect(m.prototypes).toHaveLength(3);
    expect([...m.sizes].sort()).toEqual([40, 40, 40]);
    expect(m.converged).toBe(true);
    // each true center has a prototype within cosine 0.99
    for (const c of centers) {
      const best = Math.max(...m.prototypes.map((p) => p.reduce((s, v, j) => s + v * c[j]!, 0) / Math.hypot(...c)));
      expect(best).toBeGreaterThan(0.99);
    }
  });
  it('is deterministic for a seed, and P defaults from the seed count', () => {
    const { emb } = gaussianClusters(12, 8, [50, 50]);
    const a = fitLookalike(emb, { method: 'prototypes', seed: 9 });
    const b = fitLookalike(emb, { method: 'prototypes', seed: 9 });
    expect(a).toEqual(b);
    if (a.method !== 'prototypes') throw new Error('method');
    expect(a.prototypes).toHaveLength(7); // round(√(100 / 2)) = round(7.07) = 7
  });
  it('returns fewer prototypes when the seeds hold fewer distinct directions', () => {
    const m = fitLookalike(embeddingsFromRows([[1, 0], [2, 0], [0, 1], [0, 3]]), { method: 'prototypes', prototypes: 4 });
    if (m.method !== 'prototypes') throw new Error('method');
    expect(m.prototypes).toHaveLength(2);
  });
});

describe('fitLookalike — classifier (Newton/IRLS, L2, intercept)', () => {
  const { emb, rows } = gaussianClusters(21, 6, [60, 300], 1);
  const seeds = embeddingsFromRows(rows.slice(0, 60));
  const m = fitLookalike(seeds, { method: 'classifier', population: emb, sampleSize: 300, seed: 4, l2: 2 }) as ClassifierModel;

  it('satisfies the optimality conditions of the penalized likelihood (independent check)', () => {
    // Rebuild the training set: seeds (y=1) + the same seeded sample (y=0) — the sample is taken
    // by createRng(4).sampleIndices(360, 300), sorted; recompute it the same way.
    // Gradient of Σ logloss + (l2/2) Σ (σ_j w_j)² must vanish: Σ (p−y) x_j + l2 σ_j² w_j = 0, Σ (p−y) = 0.
    const sample = Array.from(createRngSample(4, emb.rows, 300));
    const X = [...rows.slice(0, 60), ...sample.map((i) => rows[i]!)].map((r) => r.map(Math.fround));
    const y = X.map((_, i) => (i < 60 ? 1 : 0));
    const d = 6;
    const mean = Array.from({ length: d }, (_, j) => X.reduce((s, r) => s + r[j]!, 0) / X.length);
    const sd = mean.map((mu, j) => Math.sqrt(X.reduce((s, r) => s + (r[j]! - mu) ** 2, 0) / X.length));
    const g = new Array<number>(d + 1).fill(0);
    X.forEach((r, i) => {
      const z = m.intercept + r.reduce((s, v, j) => s + v * m.weights[j]!, 0);
      const res = 1 / (1 + Math.exp(-z)) - y[i]!;
      r.forEach((v, j) => { g[j]! += res * v; });
      g[d]! += res;
    });
    for (let j = 0; j < d; j++) g[j]! += 2 * sd[j]! ** 2 * m.weights[j]!;
    for (const v of g) expect(Math.abs(v)).toBeLessThan(1e-6);
    expect(m.iterations).toBeLessThan(15);
    m.mean.forEach((v, j) => { expect(v).toBeCloseTo(mean[j]!, 5); });
  });
  it('scores are probabilities, seeds rank above the rest', () => {
    const s = scoreLookalike(m, emb);
    for (const v of s) { expect(v).toBeGreaterThan(0); expect(v).toBeLessThan(1); }
    const seedMean = Array.from(s.subarray(0, 60)).reduce((a, b) => a + b) / 60;
    const restMean = Array.from(s.subarray(60)).reduce((a, b) => a + b) / 300;
    expect(seedMean).toBeGreaterThan(restMean + 0.3);
  });
  it('is deterministic for a seed', () => {
    expect(fitLookalike(seeds, { method: 'classifier', population: emb, sampleSize: 300, seed: 4, l2: 2 })).toEqual(m);
  });
  it('an all-zero candidate gets sigmoid(intercept) (documented)', () => {
    const s = scoreLookalike(m, createEmbeddings(1, 6));
    expect(s[0]).toBeCloseTo(1 / (1 + Math.exp(-m.intercept)), 6);
  });
});

function createRngSample(seed: number, n: number, k: number): Int32Array {
  return createRng(seed).sampleIndices(n, k).sort();
}

describe('fitLookalike — bad input', () => {
  const seeds = embeddingsFromRows([[1, 0], [0, 1], [1, 1]]);
  it('empty seeds → EMPTY_INPUT', () => {
    expect(() => fitLookalike(createEmbeddings(0, 2), { method: 'centroid' })).toThrow(err('EMPTY_INPUT', 'seeds'));
  });
  it('a NaN seed row → INVALID_INPUT naming row and column', () => {
    const e = embeddingsFromRows([[1, 0], [0, 1]]);
    const bad = { rows: 2, cols: 2, data: Float32Array.from([1, 0, 0, NaN]) };
    expect(() => fitLookalike(bad, { method: 'knn', k: 1 })).toThrow(err('INVALID_INPUT', 'seeds row 1, column 1'));
    expect(e.rows).toBe(2);
  });
  it('an all-zero seed row → INVALID_INPUT naming the row', () => {
    expect(() => fitLookalike(embeddingsFromRows([[1, 0], [0, 0]]), { method: 'centroid' })).toThrow(err('INVALID_INPUT', 'seeds row 1 is all zero'));
  });
  it('k larger than the seed count → INVALID_OPTION', () => {
    expect(() => fitLookalike(seeds, { method: 'knn', k: 4 })).toThrow(err('INVALID_OPTION', 'k = 4 exceeds the 3 seeds'));
  });
  it('prototypes larger than the seed count → INVALID_OPTION', () => {
    expect(() => fitLookalike(seeds, { method: 'prototypes', prototypes: 5 })).toThrow(err('INVALID_OPTION', 'prototypes = 5'));
  });
  it('unknown method or option → INVALID_OPTION', () => {
    expect(() => fitLookalike(seeds, { method: 'magic' } as never)).toThrow(err('INVALID_OPTION'));
    expect(() => fitLookalike(seeds, { method: 'knn', kk: 3 } as never)).toThrow(err('INVALID_OPTION', 'kk'));
  });
  it('classifier: population with other columns → DIMENSION_MISMATCH; too large a sample → INVALID_OPTION; NaN → INVALID_INPUT', () => {
    expect(() => fitLookalike(seeds, { method: 'classifier', population: createEmbeddings(5, 3) })).toThrow(err('DIMENSION_MISMATCH', 'population has 3 columns'));
    expect(() => fitLookalike(seeds, { method: 'classifier', population: seeds, sampleSize: 4 })).toThrow(err('INVALID_OPTION', 'sampleSize'));
    const pop = { rows: 2, cols: 2, data: Float32Array.from([1, Infinity, 0, 1]) };
    expect(() => fitLookalike(seeds, { method: 'classifier', population: pop })).toThrow(err('INVALID_INPUT', 'population row 0, column 1'));
    expect(() => fitLookalike(seeds, { method: 'classifier', population: createEmbeddings(0, 2) })).toThrow(err('EMPTY_INPUT'));
  });
  it('a malformed Embeddings → INVALID_INPUT', () => {
    expect(() => fitLookalike({ rows: 2, cols: 2, data: new Float32Array(3) }, { method: 'centroid' })).toThrow(err('INVALID_INPUT', 'data'));
  });
  it('does not mutate the seeds', () => {
    const e = embeddingsFromRows([[3, 4], [1, 2]]);
    const copy = e.data.slice();
    for (const method of ['centroid', 'prototypes', 'knn'] as const) fitLookalike(e, { method });
    fitLookalike(e, { method: 'classifier', population: e });
    expect(e.data).toEqual(copy);
  });
});
