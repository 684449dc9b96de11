import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { createRng, embeddingsFromRows, sliceRows } from '../../src/core/index.js';
import { fitPca, projectPca } from '../../src/features/index.js';

describe('fitPca / projectPca', () => {
  // Hand-worked: points (2,2), (−2,−2), (0.5,−0.5), (−0.5,0.5); mean 0.
  // Σx² = Σy² = 4 + 4 + 0.25 + 0.25 = 8.5, Σxy = 4 + 4 − 0.25 − 0.25 = 7.5; covariance (n − 1 = 3):
  // [[8.5, 7.5], [7.5, 8.5]] / 3 → eigenvalues (8.5 ± 7.5)/3 = 16/3 along (1,1)/√2 and 1/3 along (1,−1)/√2.
  const X = embeddingsFromRows([[2, 2], [-2, -2], [0.5, -0.5], [-0.5, 0.5]]);

  it('recovers the hand-worked axes and variances', () => {
    const m = fitPca(X, 2);
    expect(m.components[0]![0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(m.components[0]![1]).toBeCloseTo(Math.SQRT1_2, 12);
    // second axis (1,−1)/√2: the largest-magnitude entry (a tie → the first) is positive.
    expect(m.components[1]![0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(m.components[1]![1]).toBeCloseTo(-Math.SQRT1_2, 12);
    expect(m.explainedVariance[0]).toBeCloseTo(16 / 3, 12);
    expect(m.explainedVariance[1]).toBeCloseTo(1 / 3, 12);
    expect(m.explainedVarianceRatio[0]).toBeCloseTo(16 / 17, 12);
    // (2,2) → 2√2 on axis 1, 0 on axis 2; (0.5,−0.5) → 0 and 0.5·√2 = 0.7071.
    const y = projectPca(m, X);
    expect(y.data[0]).toBeCloseTo(2 * Math.SQRT2, 5);
    expect(y.data[1]).toBeCloseTo(0, 6);
    expect(y.data[4]).toBeCloseTo(0, 6);
    expect(y.data[5]).toBeCloseTo(Math.SQRT1_2, 6);
  });

  test.prop([fc.integer({ min: 1, max: 1000 })], { numRuns: 15 })('axes are orthonormal; k = d projection preserves distances; chunked == whole; JSON round trip', (seed) => {
    const rng = createRng(seed);
    const rows = Array.from({ length: 30 }, () => [rng.normal(), rng.normal() * 3, rng.bernoulli(0.5) ? 1 : 0, rng.normal() + 5]);
    const e = embeddingsFromRows(rows);
    const m = fitPca(e, 4);
    for (let a = 0; a < 4; a++) for (let b = 0; b < 4; b++) {
      let dot = 0;
      for (let j = 0; j < 4; j++) dot += m.components[a]![j]! * m.components[b]![j]!;
      expect(dot).toBeCloseTo(a === b ? 1 : 0, 8);
    }
    const y = projectPca(m, e);
    const dist = (d: Float32Array, w: number, i: number, j: number) => { let s = 0; for (let c = 0; c < w; c++) s += (d[i * w + c]! - d[j * w + c]!) ** 2; return Math.sqrt(s); };
    expect(dist(y.data, 4, 0, 1)).toBeCloseTo(dist(e.data, 4, 0, 1), 4);
    const parts = [...projectPca(m, sliceRows(e, 0, 13)).data, ...projectPca(m, sliceRows(e, 13, 30)).data];
    expect(new Float32Array(parts)).toEqual(y.data);
    expect(projectPca(JSON.parse(JSON.stringify(m)), e).data).toEqual(y.data);
    expect(m.explainedVariance[0]).toBeGreaterThanOrEqual(m.explainedVariance[1]!);
  });

  it('fits on a seeded sample when rows exceed maxRows (deterministic)', () => {
    const rng = createRng(3);
    const e = embeddingsFromRows(Array.from({ length: 500 }, () => { const t = rng.normal(); return [t, t + 0.01 * rng.normal()]; }));
    const a = fitPca(e, 1, { maxRows: 100, seed: 9 });
    expect(a.rowsUsed).toBe(100);
    expect(fitPca(e, 1, { maxRows: 100, seed: 9 })).toEqual(a);
    expect(Math.abs(a.components[0]![0]!)).toBeCloseTo(Math.SQRT1_2, 2);
  });

  it('errors', () => {
    expect(() => fitPca(X, 3)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => fitPca(embeddingsFromRows([[1, 2]]), 1)).toThrow(expect.objectContaining({ code: 'EMPTY_INPUT' }));
    expect(() => projectPca(fitPca(X, 1), embeddingsFromRows([[1, 2, 3]]))).toThrow(expect.objectContaining({ code: 'DIMENSION_MISMATCH' }));
    expect(() => projectPca({ ...fitPca(X, 1), version: 9 } as never, X)).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
    expect(() => fitPca({ rows: 2, cols: 1, data: new Float32Array([1, NaN]) }, 1)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
});
