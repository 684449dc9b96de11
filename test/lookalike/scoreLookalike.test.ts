import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { cosine, createEmbeddings, embeddingsFromRows, selectRows, sliceRows } from '../../src/core/index.js';
import { fitLookalike, scoreLookalike } from '../../src/lookalike/index.js';
import type { LookalikeModel } from '../../src/lookalike/index.js';
import { gaussianClusters, naiveKnn, rowsOf } from './helpers.js';

const err = (code: string, text?: string) => expect.objectContaining(text === undefined ? { code } : { code, message: expect.stringContaining(text) as string }) as Error;

// 37 seeds (not a multiple of 4) and 23 candidates: exercises every remainder path of the 4×4 kernels.
const seedsSet = gaussianClusters(31, 7, [20, 17], 0.8);
const candSet = gaussianClusters(32, 7, [12, 11], 1.5);
const fitAll = (): LookalikeModel[] => [
  fitLookalike(seedsSet.emb, { method: 'centroid' }),
  fitLookalike(seedsSet.emb, { method: 'prototypes', prototypes: 5, seed: 1 }),
  fitLookalike(seedsSet.emb, { method: 'knn', k: 6 }),
  fitLookalike(seedsSet.emb, { method: 'classifier', population: candSet.emb, sampleSize: 20 }),
];
const models = fitAll();

describe('scoreLookalike against naive oracles', () => {
  it('centroid: cosine to the stored centroid (core cosine)', () => {
    const m = models[0]!;
    if (m.method !== 'centroid') throw new Error('method');
    const s = scoreLookalike(m, candSet.emb);
    candSet.rows.forEach((r, i) => { expect(s[i]).toBeCloseTo(cosine(r.map(Math.fround), m.centroid), 6); });
  });
  it('prototypes: best cosine to a prototype', () => {
    const m = models[1]!;
    if (m.method !== 'prototypes') throw new Error('method');
    const s = scoreLookalike(m, candSet.emb);
    candSet.rows.forEach((r, i) => { expect(s[i]).toBeCloseTo(Math.max(...m.prototypes.map((p) => cosine(r.map(Math.fround), p))), 6); });
  });
  it('knn: mean of the k largest cosines to the seeds (exact, vs a full sort)', () => {
    const seeds = rowsOf(seedsSet.emb);
    const s = scoreLookalike(models[2]!, candSet.emb);
    rowsOf(candSet.emb).forEach((r, i) => { expect(s[i]).toBeCloseTo(naiveKnn(r, seeds, 6), 6); });
  });
  it('hand-worked centroid values', () => {
    const m = fitLookalike(embeddingsFromRows([[1, 0]]), { method: 'centroid' });
    // (2,0) → 1; (1,1) → 1/√2; (0,0) → 0 (documented); (-3,0) → -1
    const s = scoreLookalike(m, embeddingsFromRows([[2, 0], [1, 1], [0, 0], [-3, 0]]));
    expect(Array.from(s)).toEqual([1, Math.fround(Math.SQRT1_2), 0, -1]);
  });
  it('hand-worked knn with k = 2', () => {
    const m = fitLookalike(embeddingsFromRows([[1, 0], [0, 1], [-1, 0]]), { method: 'knn', k: 2 });
    // candidate (1,1)/√2: cosines 0.7071, 0.7071, -0.7071 → mean of top 2 = 0.7071
    // candidate (1,0): cosines 1, 0, -1 → mean of top 2 = 0.5
    const s = scoreLookalike(m, embeddingsFromRows([[1, 1], [1, 0], [0, 0]]));
    expect(s[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(s[1]).toBe(0.5);
    expect(s[2]).toBe(0);
  });
});

describe('scoreLookalike properties', () => {
  const rowArb = fc.array(fc.float({ min: -10, max: 10, noNaN: true }), { minLength: 7, maxLength: 7 });
  const candArb = fc.array(rowArb, { minLength: 1, maxLength: 30 });

  test.prop([candArb], { numRuns: 40 })('scores in range: cosine methods in [-1, 1], classifier in [0, 1]', (rows) => {
    const e = embeddingsFromRows(rows);
    for (const m of models) {
      const lo = m.method === 'classifier' ? 0 : -1;
      for (const v of scoreLookalike(m, e)) { expect(v).toBeGreaterThanOrEqual(lo); expect(v).toBeLessThanOrEqual(1); }
    }
  });

  test.prop([candArb, fc.integer({ min: 0, max: 1000 })], { numRuns: 40 })('chunked scoring equals scoring all at once, bit for bit', (rows, cutSeed) => {
    const e = embeddingsFromRows(rows);
    for (const m of models) {
      const whole = scoreLookalike(m, e);
      const cut = cutSeed % (e.rows + 1);
      const parts = new Float32Array(e.rows);
      parts.set(scoreLookalike(m, sliceRows(e, 0, cut)), 0);
      parts.set(scoreLookalike(m, sliceRows(e, cut, e.rows)), cut);
      expect(parts).toEqual(whole);
      // and row by row
      for (let i = 0; i < e.rows; i++) expect(scoreLookalike(m, sliceRows(e, i, i + 1))[0]).toBe(whole[i]);
    }
  });

  test.prop([candArb, fc.integer()], { numRuns: 40 })('a permutation of the candidates permutes the scores', (rows, seed) => {
    const e = embeddingsFromRows(rows);
    const perm = fc.sample(fc.shuffledSubarray(Array.from({ length: e.rows }, (_, i) => i), { minLength: e.rows, maxLength: e.rows }), { seed, numRuns: 1 })[0]!;
    const p = selectRows(e, perm);
    for (const m of models) {
      const s = scoreLookalike(m, e), sp = scoreLookalike(m, p);
      perm.forEach((src, i) => { expect(sp[i]).toBe(s[src]); });
    }
  });

  test.prop([fc.array(rowArb, { minLength: 1, maxLength: 25 })], { numRuns: 40 })('knn with k = 1: every seed scores at the top (its own cosine is 1)', (rows) => {
    const nonzero = rows.filter((r) => r.some((v) => v !== 0));
    fc.pre(nonzero.length > 0);
    const seeds = embeddingsFromRows(nonzero);
    const m = fitLookalike(seeds, { method: 'knn', k: 1 });
    const pool = embeddingsFromRows([...rowsOf(candSet.emb), ...nonzero]);
    const s = scoreLookalike(m, pool);
    const max = Math.max(...s);
    for (let i = candSet.emb.rows; i < pool.rows; i++) expect(s[i]).toBeGreaterThanOrEqual(max - 1e-6);
    expect(max).toBeCloseTo(1, 6);
  });
});

describe('scoreLookalike — bad input', () => {
  it('dimension mismatch → DIMENSION_MISMATCH', () => {
    for (const m of models) expect(() => scoreLookalike(m, createEmbeddings(2, 3))).toThrow(err('DIMENSION_MISMATCH', 'candidates have 3 columns'));
  });
  it('a NaN or infinite candidate value → INVALID_INPUT naming row and column, for every method', () => {
    const data = new Float32Array(6 * 7);
    data.fill(0.5);
    data[4 * 7 + 2] = NaN;
    for (const m of models) expect(() => scoreLookalike(m, { rows: 6, cols: 7, data })).toThrow(err('INVALID_INPUT', 'candidates row 4, column 2'));
    data[4 * 7 + 2] = -Infinity;
    for (const m of models) expect(() => scoreLookalike(m, { rows: 6, cols: 7, data })).toThrow(err('INVALID_INPUT', 'row 4, column 2'));
  });
  it('zero candidates → an empty score array', () => {
    for (const m of models) expect(scoreLookalike(m, createEmbeddings(0, 7))).toHaveLength(0);
  });
  it('all-zero candidate rows score 0 under the cosine methods', () => {
    for (const m of models.slice(0, 3)) expect(Array.from(scoreLookalike(m, createEmbeddings(5, 7)))).toEqual([0, 0, 0, 0, 0]);
  });
});
