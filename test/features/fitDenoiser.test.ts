import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { createRng, embeddingsFromRows, sliceRows } from '../../src/core/index.js';
import type { Embeddings } from '../../src/core/index.js';
import { denoise, fitDenoiser } from '../../src/features/index.js';

/** n × d rows with a few strong directions plus isotropic noise (full rank). */
function randomRows(seed: number, n = 40, d = 5): Embeddings {
  const rng = createRng(seed);
  return embeddingsFromRows(Array.from({ length: n }, () => {
    const s = 3 * rng.normal(), t = 2 * rng.normal();
    return Array.from({ length: d }, (_, j) => (j % 2 === 0 ? s : t) * (1 + j / 3) + 0.5 * rng.normal() + j);
  }));
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => { let s = 0; for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!; return s; };

describe('fitDenoiser / denoise', () => {
  // Hand-worked: rows (2,1), (2,−1), (−2,1), (−2,−1), (0,0); mean (0,0).
  // Σx² = 4·4 = 16, Σy² = 4·1 = 4, Σxy = 2 − 2 − 2 + 2 = 0; divisor n − 1 = 4 → covariance diag(4, 1).
  // Axes e₁ (λ = 4) and e₂ (λ = 1). With σ² = 1: g₁ = √((4 − 1)/4) = √(3/4) = 0.8660…; λ₂ = 1 ≤ σ² → dropped.
  // Row (2,1): centered (2,1), (x·e₁) = 2, × g₁ = 2·√(3/4) = √3 → (√3, 0). Wiener gain: 3/4 → (1.5, 0).
  // With noise 'median': the non-zero eigenvalues sorted are [1, 4], the (upper) median is 4 → no axis kept.
  const X = embeddingsFromRows([[2, 1], [2, -1], [-2, 1], [-2, -1], [0, 0]]);

  it('reproduces the hand-worked 2-D case', () => {
    const m = fitDenoiser(X, { noise: 1 });
    expect(m.kind).toBe('audience-kit/denoiser');
    expect(m.noiseVariance).toBe(1);
    expect(m.axes.length).toBe(1);
    expect(m.axes[0]![0]).toBeCloseTo(1, 12);
    expect(m.axes[0]![1]).toBeCloseTo(0, 12);
    expect(m.eigenvalues[0]).toBeCloseTo(4, 12);
    expect(m.gains[0]).toBeCloseTo(Math.sqrt(3 / 4), 12);
    const y = denoise(m, X);
    expect(y.cols).toBe(2);
    expect(y.data[0]).toBeCloseTo(Math.sqrt(3), 6);
    expect(y.data[1]).toBeCloseTo(0, 12);
    expect(denoise(fitDenoiser(X, { noise: 1, gain: 'wiener' }), X).data[0]).toBeCloseTo(1.5, 6);
    const med = fitDenoiser(X);
    expect(med.noiseVariance).toBeCloseTo(4, 12);
    expect(med.axes.length).toBe(0);
    expect(Array.from(denoise(med, X).data)).toEqual(new Array<number>(10).fill(0));
  });

  test.prop([fc.integer({ min: 1, max: 10_000 }), fc.boolean()], { numRuns: 20 })('rows in the noise-only subspace map to the mean', (seed, center) => {
    const e = randomRows(seed);
    const m = fitDenoiser(e, { center });
    expect(m.axes.length).toBeGreaterThan(0);
    expect(m.axes.length).toBeLessThan(e.cols);
    // z with every kept axis projected out, then shifted by the mean.
    const rng = createRng(seed + 1);
    const z = Array.from({ length: e.cols }, () => rng.normal());
    for (const v of m.axes) { const p = dot(z, v); for (let j = 0; j < e.cols; j++) z[j]! -= p * v[j]!; }
    const y = denoise(m, embeddingsFromRows([z.map((v, j) => v + m.mean[j]!)]));
    for (let j = 0; j < e.cols; j++) expect(y.data[j]).toBeCloseTo(center ? 0 : m.mean[j]!, 4);
  });

  test.prop([fc.integer({ min: 1, max: 10_000 })], { numRuns: 20 })('noise 0 is the identity (center: false) and x − mean (center: true)', (seed) => {
    const e = randomRows(seed);
    const id = denoise(fitDenoiser(e, { noise: 0, center: false }), e);
    for (let i = 0; i < e.data.length; i++) expect(id.data[i]).toBeCloseTo(e.data[i]!, 3);
    const m = fitDenoiser(e, { noise: 0 });
    expect(m.gains.every((g) => g === 1)).toBe(true);
    const c = denoise(m, e);
    for (let i = 0; i < e.data.length; i++) expect(c.data[i]).toBeCloseTo(e.data[i]! - m.mean[i % e.cols]!, 3);
  });

  test.prop([fc.integer({ min: 1, max: 10_000 })], { numRuns: 15 })('sqrt gains: ⟨φ(x), φ(y)⟩ = ⟨x − mean, W(y) − mean⟩ with W the Wiener estimate', (seed) => {
    const e = randomRows(seed);
    const phi = denoise(fitDenoiser(e), e);
    const w = fitDenoiser(e, { gain: 'wiener', center: false });
    const W = denoise(w, e);
    const d = e.cols;
    for (const [a, b] of [[0, 1], [2, 7], [5, 5]] as const) {
      const lhs = dot(phi.data.subarray(a * d, (a + 1) * d), phi.data.subarray(b * d, (b + 1) * d));
      let rhs = 0;
      for (let j = 0; j < d; j++) rhs += (e.data[a * d + j]! - w.mean[j]!) * (W.data[b * d + j]! - w.mean[j]!);
      expect(lhs).toBeCloseTo(rhs, 2);
    }
  });

  test.prop([fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 39 })], { numRuns: 20 })('JSON round trip, chunked == whole, input not mutated', (seed, cut) => {
    const e = randomRows(seed);
    const before = Float32Array.from(e.data);
    const m = fitDenoiser(e);
    const whole = denoise(m, e);
    expect(e.data).toEqual(before);
    expect(denoise(JSON.parse(JSON.stringify(m)), e).data).toEqual(whole.data);
    const parts = [...denoise(m, sliceRows(e, 0, cut)).data, ...denoise(m, sliceRows(e, cut, e.rows)).data];
    expect(new Float32Array(parts)).toEqual(whole.data);
    expect(e.data).toEqual(before);
  });

  it('fits on a seeded sample when rows exceed maxRows (deterministic)', () => {
    const e = randomRows(3, 300);
    const a = fitDenoiser(e, { maxRows: 100, seed: 9 });
    expect(a.rowsSeen).toBe(300);
    expect(a.rowsUsed).toBe(100);
    expect(fitDenoiser(e, { maxRows: 100, seed: 9 })).toEqual(a);
  });

  it('errors', () => {
    const m = fitDenoiser(X, { noise: 1 });
    expect(() => fitDenoiser(embeddingsFromRows([[1, 2]]))).toThrow(expect.objectContaining({ code: 'EMPTY_INPUT' }));
    expect(() => fitDenoiser({ rows: 0, cols: 2, data: new Float32Array(0) })).toThrow(expect.objectContaining({ code: 'EMPTY_INPUT' }));
    expect(() => denoise(m, embeddingsFromRows([[1, 2, 3]]))).toThrow(expect.objectContaining({ code: 'DIMENSION_MISMATCH' }));
    expect(() => denoise({ ...m, version: 9 } as never, X)).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
    expect(() => denoise({ ...m, gains: [] }, X)).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
    expect(() => fitDenoiser(X, { noise: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => fitDenoiser(X, { noise: 'mean' as never })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    const bad = { rows: 3, cols: 2, data: new Float32Array([1, 2, 3, 4, 5, NaN]) };
    expect(() => fitDenoiser(bad)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('row 2, column 1') }));
    expect(() => denoise(m, bad)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('row 2, column 1') }));
  });
});
