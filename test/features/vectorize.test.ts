import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { accumulate, AudienceKitError } from '../../src/core/index.js';
import { featureNames, fitVectorizer, parseVectorizerModel, vectorize, vectorizerSummary, type FeatureSpecInput, type VectorizerModel } from '../../src/features/index.js';

const f32 = (xs: number[]): number[] => Array.from(new Float32Array(xs));
const row = (e: { cols: number; data: Float32Array }, i: number): number[] => Array.from(e.data.subarray(i * e.cols, (i + 1) * e.cols));

describe('vectorize: hand-worked outputs', () => {
  const ages = [1, 2, 3, 4, 10].map((age) => ({ age }));

  it('standard / minmax / log1p', () => {
    const m = fitVectorizer({ features: [
      { kind: 'numeric', name: 'std', field: 'age', transform: 'standard' },
      { kind: 'numeric', name: 'mm', field: 'age', transform: 'minmax' },
      { kind: 'numeric', name: 'log', field: 'age', transform: 'log1p' },
    ] }, ages);
    const e = vectorize(m, [{ age: 10 }, { age: 1 }, { age: Math.E - 1 }]);
    // standard: mean 4, std √10: (10−4)/√10 = 1.8973665961010275; (1−4)/√10 = −0.9486832980505138.
    // minmax: (10−1)/9 = 1; (1−1)/9 = 0; log1p(10) = 2.3978952727983707.
    expect(row(e, 0)).toEqual(f32([1.8973665961010275, 1, 2.3978952727983707]));
    expect(row(e, 1)).toEqual(f32([-0.9486832980505138, 0, Math.log(2)]));
    expect(row(e, 2)[2]).toBeCloseTo(1, 6); // ln(1 + e − 1) = 1
  });

  it('robust: (x − median) / IQR within the sketch accuracy', () => {
    const m = fitVectorizer({ features: [{ kind: 'numeric', name: 'age', transform: 'robust' }] }, ages);
    // median 3, IQR 4 − 2 = 2: age 10 → 3.5, age 1 → −1 (each quantile within 0.5%).
    const e = vectorize(m, [{ age: 10 }, { age: 1 }]);
    expect(e.data[0]).toBeCloseTo(3.5, 1);
    expect(e.data[1]).toBeCloseTo(-1, 1);
  });

  it('one-hot: vocabulary, unseen → __other__, missing → __missing__', () => {
    const m = fitVectorizer({ features: [{ kind: 'categorical', name: 'tier' }] }, [{ tier: 'a' }, { tier: 'b' }, { tier: 'a' }]);
    expect(featureNames(m)).toEqual(['tier=a', 'tier=b', 'tier=__other__', 'tier=__missing__']);
    const e = vectorize(m, [{ tier: 'b' }, { tier: 'zzz' }, {}, { tier: null }]);
    expect(Array.from(e.data)).toEqual([0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('TF-IDF: raw counts × smooth idf, l2 over the block (scikit-learn TfidfVectorizer defaults)', () => {
    const rows = [{ t: ['skincare', 'makeup'] }, { t: ['skincare'] }, { t: ['sports', 'skincare', 'skincare'] }];
    const m = fitVectorizer({ features: [{ kind: 'tags', name: 't', mode: 'tfidf' }] }, rows);
    const e = vectorize(m, rows);
    // idf: skincare 1, makeup = sports = 1 + ln 2 = 1.6931471805599454 (n = 3, df 3 / 1 / 1).
    // d0: [1, 1.693, 0] / √(1 + 1.693²) = [0.5085423203783267, 0.8610369959439764, 0]
    // d1: [1, 0, 0]
    // d2: tf skincare 2 → [2, 0, 1.693] / √(4 + 1.693²) = [0.7632282916276542, 0, 0.6461289150464732]
    expect(row(e, 0)).toEqual(f32([0.5085423203783267, 0.8610369959439764, 0]));
    expect(row(e, 1)).toEqual([1, 0, 0]);
    expect(row(e, 2)).toEqual(f32([0.7632282916276542, 0, 0.6461289150464732]));
    // multi-hot of the same rows; an out-of-vocabulary tag is ignored.
    const mh = fitVectorizer({ features: [{ kind: 'tags', name: 't' }] }, rows);
    expect(Array.from(vectorize(mh, [...rows, { t: ['unknown'] }]).data)).toEqual([1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0]);
  });

  it('hashed: sklearn FeatureHasher placement (hello → +col 583, ab → −col 161 of 1024)', () => {
    const m = fitVectorizer({ features: [{ kind: 'hashed', name: 'sku', bits: 10 }] }, [{ sku: 'x' }]);
    const e = vectorize(m, [{ sku: ['hello', 'ab', 'hello'] }]);
    expect(e.cols).toBe(1024);
    expect(e.data[583]).toBe(2);
    expect(e.data[161]).toBe(-1);
    let nonzero = 0;
    for (const v of e.data) if (v !== 0) nonzero++;
    expect(nonzero).toBe(2);
    const unsigned = fitVectorizer({ features: [{ kind: 'hashed', name: 'sku', bits: 10, alternateSign: false }] }, [{ sku: 'x' }]);
    expect(vectorize(unsigned, [{ sku: 'ab' }]).data[161]).toBe(1);
  });

  it('bucketized: bins by fitted quantile edges, missing column last', () => {
    const m = fitVectorizer({ features: [{ kind: 'bucketized', name: 'x', bins: 4 }] }, Array.from({ length: 100 }, (_, i) => ({ x: i + 1 })));
    // edges ≈ 25, 50, 75 → bins (−∞,25) [25,50) [50,75) [75,∞) __missing__
    const e = vectorize(m, [{ x: 10 }, { x: 30 }, { x: 60 }, { x: 99 }, {}]);
    expect(Array.from(e.data)).toEqual([1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    expect(featureNames(m)[0]).toMatch(/^x=\[-inf,2\d\.?\d*\)$/);
  });

  it('missing values: imputed, clipped, with an indicator column', () => {
    const m = fitVectorizer({ features: [{ kind: 'numeric', name: 'x', transform: 'standard', missing: { strategy: 'mean', indicator: true } }] }, [{ x: 2 }, { x: null }, { x: 4 }]);
    // mean 3, std 1 → 2 → −1, missing → fill 3 → 0 (indicator 1), 4 → 1.
    expect(featureNames(m)).toEqual(['x:standard', 'x:missing']);
    expect(Array.from(vectorize(m, [{ x: 2 }, {}, { x: 4 }]).data)).toEqual([-1, 0, 0, 1, 1, 0]);
  });

  it('weight: the block is scaled by √weight, so its share of dot products scales by weight', () => {
    const m = fitVectorizer({ features: [{ kind: 'categorical', name: 'a', weight: 4 }, { kind: 'numeric', name: 'b', weight: 1 }] }, [{ a: 'x', b: 3 }]);
    // a=x → √4 = 2; b = 3 (no transform).
    expect(Array.from(vectorize(m, [{ a: 'x', b: 3 }]).data)).toEqual([2, 0, 0, 3]);
  });

  it('l2 normalization: [3, 4] → [0.6, 0.8]; an all-zero row stays zero', () => {
    const m = fitVectorizer({ features: [{ kind: 'numeric', name: 'a' }, { kind: 'numeric', name: 'b' }] }, [{ a: 3, b: 4 }]);
    expect(Array.from(vectorize(m, [{ a: 3, b: 4 }, { a: 0, b: 0 }], { normalize: 'l2' }).data)).toEqual(f32([0.6, 0.8, 0, 0]));
  });

  it('errors: wrong type, NaN, non-object row, invalid model, bad option', () => {
    const m = fitVectorizer({ features: [{ kind: 'numeric', name: 'x' }] }, [{ x: 1 }]);
    expect(() => vectorize(m, [{ x: 1 }, { x: 'a' }])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: ['rows', 1, 'x'] })] }));
    expect(() => vectorize(m, [{ x: -Infinity }])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: ['rows', 0, 'x'] })] }));
    expect(() => vectorize(m, [42])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: ['rows', 0] })] }));
    expect(() => vectorize(m, [{ x: 1e300 }])).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => vectorize({ ...m, version: 2 } as never, [{ x: 1 }])).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
    expect(() => vectorize(m, [{ x: 1 }], { normalize: 'l1' } as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => parseVectorizerModel({ kind: 'nope' })).toThrow(AudienceKitError);
  });
});

// ---------------------------------------------------------------- properties
const TIERS = ['1', '2', '3', '4', '5'];
const TAGS = ['skincare', 'makeup', 'sports', 'travel', 'games', 'pets'];
const arbRow = fc.record({
  age: fc.option(fc.integer({ min: 16, max: 80 }), { nil: undefined }),
  spend: fc.option(fc.integer({ min: 0, max: 10_000_000 }).map((x) => x / 100), { nil: null }),
  tier: fc.option(fc.constantFrom(...TIERS), { nil: null }),
  tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 4 }),
  sku: fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
}, { requiredKeys: ['tags', 'sku', 'tier', 'spend'] });

const SPEC: FeatureSpecInput = { features: [
  { kind: 'numeric', name: 'age', transform: 'standard', missing: { strategy: 'median', indicator: true } },
  { kind: 'numeric', name: 'spend', transform: 'log1p', clip: { lower: 0.05, upper: 0.95 } },
  { kind: 'numeric', name: 'spend_r', field: 'spend', transform: 'robust' },
  { kind: 'numeric', name: 'spend_mm', field: 'spend', transform: 'minmax', weight: 0.5 },
  { kind: 'categorical', name: 'tier', maxCategories: 3 },
  { kind: 'tags', name: 'tags', mode: 'tfidf', topN: 4, weight: 2 },
  { kind: 'tags', name: 'tags_mh', field: 'tags' },
  { kind: 'hashed', name: 'sku', bits: 4 },
  { kind: 'bucketized', name: 'age_bin', field: 'age', bins: 3 },
] };
// Make sure every field appears at least once (otherwise 'unknown field').
const anchor = { age: 30, spend: 10, tier: '1', tags: ['skincare'], sku: ['a'] };
const arbRows = fc.array(arbRow, { minLength: 0, maxLength: 40 }).map((rs) => [anchor, ...rs]);

/** Deep equality where numbers may differ by floating-point rounding (Chan vs Welford updates). */
function closeModels(a: unknown, b: unknown, path = ''): void {
  if (typeof a === 'number' && typeof b === 'number') {
    if (!(Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b)))) throw new Error(`${path}: ${a} != ${b}`);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    expect(a.length, path).toBe(b.length);
    a.forEach((x, i) => { closeModels(x, b[i], `${path}[${i}]`); });
    return;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    expect(Object.keys(a).sort(), path).toEqual(Object.keys(b).sort());
    for (const k of Object.keys(a)) closeModels((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    return;
  }
  expect(a, path).toEqual(b);
}

/** Everything but mean/variance-derived numbers must be bit-identical under merge. */
function exactParts(m: VectorizerModel): unknown {
  return m.features.map((f) => {
    if (f.kind !== 'numeric') return f;
    const { stats, center, scale, fill, ...rest } = f;
    return { ...rest, quantiles: [stats.q25, stats.median, stats.q75, stats.min, stats.max], robust: f.transform === 'robust' ? [center, scale] : null, fill: f.missing.strategy === 'median' ? fill : null };
  });
}

describe('vectorize / fit properties', () => {
  test.prop([arbRows], { numRuns: 60 })('width == featureNames length; never NaN; l2 rows have norm 1 or are zero', (rows) => {
    const m = fitVectorizer(SPEC, rows);
    const e = vectorize(m, rows, { normalize: 'l2' });
    expect(e.cols).toBe(featureNames(m).length);
    expect(e.rows).toBe(rows.length);
    for (let i = 0; i < e.rows; i++) {
      let ss = 0;
      for (let j = 0; j < e.cols; j++) { const v = e.data[i * e.cols + j]!; expect(Number.isFinite(v)).toBe(true); ss += v * v; }
      if (ss !== 0) expect(Math.sqrt(ss)).toBeCloseTo(1, 5);
    }
  });

  test.prop([arbRows, arbRows, fc.nat()], { numRuns: 60 })('fit(A ∪ B) == merge(fit(A), fit(B)): exact vocabularies/quantiles, mean/std to rounding', (a, b, cut) => {
    const s = vectorizerSummary(SPEC);
    const whole = fitVectorizer(SPEC, [...a, ...b]);
    const merged = s.finish(s.merge(accumulate(s, a), accumulate(s, b)));
    expect(exactParts(merged)).toEqual(exactParts(whole));
    closeModels(merged, whole);
    // Through JSON (as shards would travel between processes), and split elsewhere.
    const all = [...a, ...b];
    const k = cut % (all.length + 1);
    const viaJson = s.finish(s.merge(s.fromJSON(JSON.parse(JSON.stringify(s.toJSON(accumulate(s, all.slice(0, k)))))), s.fromJSON(JSON.parse(JSON.stringify(s.toJSON(accumulate(s, all.slice(k))))))));
    expect(exactParts(viaJson)).toEqual(exactParts(whole));
    closeModels(viaJson, whole);
  });

  test.prop([arbRows, arbRows, arbRows], { numRuns: 40 })('merge is associative and commutative', (a, b, c) => {
    const s = vectorizerSummary(SPEC);
    const st = (rows: typeof a) => accumulate(s, rows);
    const left = s.finish(s.merge(s.merge(st(a), st(b)), st(c)));
    const right = s.finish(s.merge(st(a), s.merge(st(b), st(c))));
    const swapped = s.finish(s.merge(s.merge(st(c), st(a)), st(b)));
    expect(exactParts(right)).toEqual(exactParts(left));
    expect(exactParts(swapped)).toEqual(exactParts(left));
    closeModels(right, left);
    closeModels(swapped, left);
  });

  test.prop([arbRows, fc.integer({ min: 1, max: 7 })], { numRuns: 60 })('chunked == whole, JSON round trip == original, inputs not mutated', (rows, chunk) => {
    const snapshot = JSON.stringify(rows);
    const m = fitVectorizer(SPEC, rows);
    const modelSnapshot = JSON.stringify(m);
    const whole = vectorize(m, rows, { normalize: 'l2' });
    const parts: number[] = [];
    for (let i = 0; i < rows.length; i += chunk) parts.push(...vectorize(m, rows.slice(i, i + chunk), { normalize: 'l2' }).data);
    expect(new Float32Array(parts)).toEqual(whole.data);
    const back = parseVectorizerModel(JSON.parse(modelSnapshot));
    expect(vectorize(back, rows, { normalize: 'l2' }).data).toEqual(whole.data);
    expect(JSON.stringify(rows)).toBe(snapshot);
    expect(JSON.stringify(m)).toBe(modelSnapshot);
  });

  it('works on frozen rows and models (no mutation)', () => {
    const rows = Object.freeze([Object.freeze({ ...anchor, tags: Object.freeze(['skincare', 'pets']) })]);
    const m = fitVectorizer(SPEC, rows);
    expect(() => vectorize(Object.freeze(m), rows)).not.toThrow();
  });
});
