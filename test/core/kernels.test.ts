import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  AudienceKitError, cosine, dot, embeddingsFromRows, l2NormalizeRows, neumaierSum, rowView, selectRows, sliceRows, topK, createEmbeddings,
  toMatrix, fromMatrix,
} from '../../src/core/index.js';

const vec = (d: number) => fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: d, maxLength: d });
const pair = fc.integer({ min: 1, max: 16 }).chain((d) => fc.tuple(vec(d), vec(d)));

describe('cosine and dot', () => {
  it('hand-worked values', () => {
    expect(dot([1, 2, 3], [4, 5, 6])).toBe(32);
    expect(cosine([1, 0], [0, 1])).toBe(0);
    expect(cosine([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 15);
    expect(cosine([2, 2], [-1, -1])).toBeCloseTo(-1, 15); // √8·√2 rounds to 4 + 1 ulp
    expect(cosine([0, 0], [1, 1])).toBe(0); // documented: zero vector has no direction
    // Regression (fast-check seed 363936867): squared norms underflow, their product is 0, never NaN.
    expect(cosine([-1.5717277847026288e-162, 0, 0, 0, 0], [0, 0, 0, 0, -1.5717277847026288e-162])).toBe(0);
    expect(cosine([1e-162, 1e-162], [1e-162, 1e-162])).toBeCloseTo(1, 12);
    expect(cosine([3e-155, 4e-155], [3e-155, 4e-155])).toBeCloseTo(1, 12); // subnormal squared norms
    expect(cosine([1e200, 0], [1e200, 1e200])).toBeCloseTo(Math.SQRT1_2, 12); // overflowing squared norms
  });
  test.prop([pair])('cosine is symmetric and in [-1, 1]', ([a, b]) => {
    const c = cosine(a, b);
    expect(c).toBe(cosine(b, a));
    expect(c).toBeGreaterThanOrEqual(-1);
    expect(c).toBeLessThanOrEqual(1);
  });
  it('dimension mismatch is an AudienceKitError', () => {
    expect(() => cosine([1], [1, 2])).toThrow(expect.objectContaining({ code: 'DIMENSION_MISMATCH' }) as Error);
  });
  it('neumaierSum is exact where a plain sum is not', () => {
    expect(neumaierSum([1e100, 1, -1e100])).toBe(1);
  });
});

describe('Embeddings', () => {
  it('builds from rows and views rows without copying', () => {
    const e = embeddingsFromRows([[1, 2], [3, 4], [5, 6]]);
    expect(e.rows).toBe(3);
    expect(Array.from(rowView(e, 1))).toEqual([3, 4]);
    expect(rowView(e, 1).buffer).toBe(e.data.buffer);
    expect(Array.from(sliceRows(e, 1, 3).data)).toEqual([3, 4, 5, 6]);
    expect(Array.from(selectRows(e, [2, 0]).data)).toEqual([5, 6, 1, 2]);
  });
  it('refuses ragged rows, NaN and wrong lengths', () => {
    expect(() => embeddingsFromRows([[1, 2], [3]])).toThrow(/rows\[1\]/);
    expect(() => embeddingsFromRows([[1, Number.NaN]])).toThrow(AudienceKitError);
    expect(() => createEmbeddings(2, 2, new Float32Array(3))).toThrow(expect.objectContaining({ code: 'DIMENSION_MISMATCH' }) as Error);
    expect(() => rowView(createEmbeddings(2, 2), 2)).toThrow(/out of range/);
  });
  it('l2 normalization: hand-worked 3-4-5, zero rows stay zero, input not mutated', () => {
    const e = embeddingsFromRows([[3, 4], [0, 0]]);
    const n = l2NormalizeRows(e);
    expect(n.data[0]).toBeCloseTo(0.6, 6);
    expect(n.data[1]).toBeCloseTo(0.8, 6);
    expect(Array.from(n.data.subarray(2))).toEqual([0, 0]);
    expect(Array.from(e.data)).toEqual([3, 4, 0, 0]);
  });
  test.prop([fc.integer({ min: 1, max: 8 }).chain((d) => fc.array(vec(d), { minLength: 1, maxLength: 10 }))])(
    'l2 normalization is idempotent and gives unit rows',
    (rows) => {
      const once = l2NormalizeRows(embeddingsFromRows(rows.map((r) => r.map(Math.fround))));
      const twice = l2NormalizeRows(once);
      for (let i = 0; i < once.rows; i++) {
        const r = rowView(once, i);
        const norm = Math.hypot(...r);
        if (norm !== 0) expect(norm).toBeCloseTo(1, 5);
        const r2 = rowView(twice, i);
        for (let j = 0; j < r.length; j++) expect(r2[j]).toBeCloseTo(r[j]!, 6);
      }
    },
  );
  it('round-trips through ml-matrix', () => {
    const e = embeddingsFromRows([[1, 2, 3], [4, 5, 6]]);
    const m = toMatrix(e);
    expect(m.get(1, 2)).toBe(6);
    expect(fromMatrix(m)).toEqual(e);
  });
});

describe('topK', () => {
  it('hand-worked: ties go to the lower index', () => {
    expect(Array.from(topK([0.2, 0.9, 0.5, 0.9], 2))).toEqual([1, 3]);
    expect(Array.from(topK([1, 1, 1], 2))).toEqual([0, 1]);
    expect(Array.from(topK([5, 4, 3], 10))).toEqual([0, 1, 2]);
    expect(Array.from(topK([5, 4, 3], 2, [1, 0, 0]))).toEqual([1, 2]);
  });
  test.prop([fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 200 }), fc.integer({ min: 0, max: 220 })])(
    'equals the first k of a stable full sort (many ties)',
    (xs, k) => {
      const expected = xs.map((s, i) => ({ s, i })).sort((a, b) => b.s - a.s || a.i - b.i).slice(0, k).map((x) => x.i);
      expect(Array.from(topK(xs, k))).toEqual(expected);
    },
  );
  it('refuses NaN scores and bad k', () => {
    expect(() => topK([1, Number.NaN], 1)).toThrow(/scores\[1\] is NaN/);
    expect(() => topK([1], -1)).toThrow(AudienceKitError);
  });
});
