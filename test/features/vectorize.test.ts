import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { accumulate, AudienceKitError } from '../../src/core/index.js';
import { featureNames, fitVectorizer, parseVectorizerModel, vectorize, vectorizerSummary, type CsrEmbeddings, type FeatureSpecInput, type FittedFeature, type VectorizerModel } from '../../src/features/index.js';
import { hashedColumn, murmur3x86_32 } from '../../src/features/internal/murmur3.js';

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

// ---------------------------------------------------------------- reference implementation
/**
 * A straightforward vectorizer written from the documented formulas, one dense row at a time,
 * with Float32 rounding (Math.fround) wherever the output array stores a value, and l2 over the
 * whole row in column order. The optimized path (compiled writers, sparse l2) must give the same
 * bits.
 */
function referenceVectorize(model: VectorizerModel, rows: readonly Record<string, unknown>[], l2: boolean): number[][] {
  const key = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
  return rows.map((r) => {
    const out: number[] = [];
    for (const f of model.features as FittedFeature[]) {
      const w = Math.sqrt(f.weight);
      const v = r[f.field];
      const list = v === undefined || v === null ? [] : Array.isArray(v) ? (v as unknown[]) : [v];
      if (f.kind === 'numeric') {
        let x = typeof v === 'number' ? v : f.fill;
        if (f.clipLower !== null) x = Math.max(x, f.clipLower);
        if (f.clipUpper !== null) x = Math.min(x, f.clipUpper);
        if (f.transform === 'log1p') x = Math.log1p(x);
        out.push(Math.fround(((x - f.center) / f.scale) * w));
        if (f.missing.indicator) out.push(typeof v === 'number' ? 0 : Math.fround(w));
      } else if (f.kind === 'categorical') {
        const block = new Array<number>(f.categories.length + 2).fill(0);
        const c = key(v);
        const j = c === undefined ? f.categories.length + 1 : f.categories.includes(c) ? f.categories.indexOf(c) : f.categories.length;
        block[j] = Math.fround(w);
        out.push(...block);
      } else if (f.kind === 'tags') {
        const counts = f.tags.map((t) => list.filter((x) => String(x) === t).length);
        if (f.idf === null) out.push(...counts.map((n) => (n > 0 ? Math.fround(w) : 0)));
        else {
          const idf = f.idf;
          let ss = 0;
          counts.forEach((n, c) => { ss += (n * idf[c]!) ** 2; });
          out.push(...counts.map((n, c) => (n > 0 ? Math.fround(n * idf[c]! * (w / Math.sqrt(ss))) : 0)));
        }
      } else if (f.kind === 'hashed') {
        const block = new Array<number>(2 ** f.bits).fill(0);
        for (const x of list) {
          const pc = hashedColumn(murmur3x86_32(String(x)), block.length);
          const col = pc >= 0 ? pc : -pc - 1;
          block[col] = Math.fround(block[col]! + (pc >= 0 || !f.alternateSign ? w : -w));
        }
        out.push(...block);
      } else {
        const block = new Array<number>(f.edges.length + 2).fill(0);
        block[typeof v === 'number' ? f.edges.filter((e) => e <= v).length : f.edges.length + 1] = Math.fround(w);
        out.push(...block);
      }
    }
    if (!l2) return out;
    let ss = 0;
    for (const x of out) ss += x * x;
    return ss > 0 ? out.map((x) => Math.fround(x * (1 / Math.sqrt(ss)))) : out;
  });
}

const arbMixedRow = fc.record({
  age: fc.option(fc.integer({ min: 16, max: 80 }), { nil: undefined }),
  spend: fc.option(fc.double({ min: 0, max: 1e5, noNaN: true }), { nil: null }),
  // Categories as strings, numbers and booleans ('1' and 1 are one category), '__proto__' included.
  tier: fc.option(fc.oneof(fc.constantFrom('1', '2', '3', '__proto__', '', 'x'), fc.constantFrom(1, 2, 3, -0, 0, 2.5), fc.boolean()), { nil: null }),
  // Repeated tags, numbers as tags, a single value instead of a list.
  tags: fc.oneof(fc.array(fc.constantFrom('skincare', 'makeup', 'sports', 'travel', 'pets', '7'), { maxLength: 6 }), fc.constantFrom('skincare', 7)),
  // Non-ASCII values and few hash columns (collisions, cancelling signs).
  sku: fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('护肤', 'Lancôme', '😀x', 'a', 'ab')), { maxLength: 5 }),
}, { requiredKeys: ['tags', 'sku', 'tier', 'spend'] });

const MIXED_SPEC: FeatureSpecInput = { features: [
  { kind: 'numeric', name: 'age', transform: 'standard', missing: { strategy: 'median', indicator: true }, weight: 3 },
  { kind: 'numeric', name: 'spend', transform: 'log1p', clip: { lower: 0.05, upper: 0.95 }, missing: { strategy: 'constant', value: 2, indicator: true } },
  { kind: 'numeric', name: 'spend_mm', field: 'spend', transform: 'minmax' },
  { kind: 'categorical', name: 'tier', maxCategories: 4, weight: 0.7 },
  { kind: 'tags', name: 'tags', mode: 'tfidf', topN: 4, weight: 2 },
  { kind: 'tags', name: 'tags_mh', field: 'tags', weight: 5 },
  { kind: 'hashed', name: 'sku', bits: 2 },
  { kind: 'hashed', name: 'sku_u', field: 'sku', bits: 3, alternateSign: false, weight: 2 },
  { kind: 'bucketized', name: 'age_bin', field: 'age', bins: 4 },
] };
const mixedAnchor = { age: 30, spend: 10, tier: '1', tags: ['skincare'], sku: ['a'] };

describe('vectorize equals a straightforward reference', () => {
  test.prop([fc.array(arbMixedRow, { maxLength: 30 }), fc.array(arbMixedRow, { maxLength: 30 }), fc.boolean()], { numRuns: 80 })('bit for bit, with and without l2, on rows unseen at fit', (fitRows, rows, l2) => {
    const m = fitVectorizer(MIXED_SPEC, [mixedAnchor, ...fitRows]);
    const e = vectorize(m, rows, { normalize: l2 ? 'l2' : 'none' });
    const ref = referenceVectorize(m, rows, l2);
    for (let i = 0; i < rows.length; i++) {
      const got = row(e, i), want = ref[i]!;
      expect(got.length).toBe(want.length);
      for (let j = 0; j < want.length; j++) if (!Object.is(got[j], want[j]) && !(got[j] === 0 && want[j] === 0)) expect([i, j, got[j]]).toEqual([i, j, want[j]]);
    }
  });

  it('writes into options.out (a view of it) and refuses a short buffer', () => {
    const m = fitVectorizer(MIXED_SPEC, [mixedAnchor, { ...mixedAnchor, tier: 2 }]);
    const rows = [mixedAnchor, { ...mixedAnchor, tier: 'zzz', tags: ['pets', 'pets'] }];
    const fresh = vectorize(m, rows, { normalize: 'l2' });
    const buf = new Float32Array(fresh.data.length + 5).fill(7);
    const e = vectorize(m, rows, { normalize: 'l2', out: buf });
    expect(e.data).toEqual(fresh.data);
    expect(e.data.buffer).toBe(buf.buffer);
    expect(buf[fresh.data.length]).toBe(7); // beyond rows × cols: untouched
    expect(() => vectorize(m, rows, { out: new Float32Array(3) })).toThrow(expect.objectContaining({ code: 'DIMENSION_MISMATCH' }));
    expect(() => vectorize(m, rows, { out: new Float64Array(100) } as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});

describe("vectorize output: 'csr'", () => {
  /** Expands a CSR result to a dense row-major array, checking the structure on the way. */
  function expand(c: CsrEmbeddings): Float32Array {
    expect(c.kind).toBe('csr');
    expect(c.indptr.length).toBe(c.rows + 1);
    expect(c.indptr[0]).toBe(0);
    expect(c.indptr[c.rows]).toBe(c.indices.length);
    expect(c.data.length).toBe(c.indices.length);
    const out = new Float32Array(c.rows * c.cols);
    for (let i = 0; i < c.rows; i++) {
      for (let k = c.indptr[i]!; k < c.indptr[i + 1]!; k++) {
        const j = c.indices[k]!;
        expect(j).toBeGreaterThanOrEqual(0);
        expect(j).toBeLessThan(c.cols);
        if (k > c.indptr[i]!) expect(j).toBeGreaterThan(c.indices[k - 1]!); // strictly ascending
        expect(c.data[k]).not.toBe(0); // zeros are not stored
        out[i * c.cols + j] = c.data[k]!;
      }
    }
    return out;
  }
  const sameValues = (a: Float32Array, b: Float32Array): void => {
    expect(a.length).toBe(b.length);
    for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) expect([j, a[j]]).toEqual([j, b[j]]); // −0 and 0 are equal (zeros are not stored)
  };
  // Random specs: any non-empty subset of the mixed spec's features, each with a random weight.
  const arbSpec = fc.subarray(MIXED_SPEC.features as object[], { minLength: 1 }).chain((fs) =>
    fc.array(fc.constantFrom(0.25, 1, 2, 7), { minLength: fs.length, maxLength: fs.length }).map((ws) => ({ features: fs.map((f, i) => ({ ...f, weight: ws[i] })) }) as FeatureSpecInput));

  test.prop([arbSpec, fc.array(arbMixedRow, { maxLength: 30 }), fc.array(arbMixedRow, { maxLength: 30 }), fc.boolean(), fc.integer({ min: 1, max: 9 })], { numRuns: 80 })(
    'expanded CSR == dense, bit for bit, with and without l2; chunked == whole', (spec, fitRows, rows, l2, chunk) => {
      const m = fitVectorizer(spec, [mixedAnchor, ...fitRows]);
      const normalize = l2 ? 'l2' : 'none';
      const dense = vectorize(m, rows, { normalize });
      const csr = vectorize(m, rows, { normalize, output: 'csr' });
      expect([csr.rows, csr.cols]).toEqual([dense.rows, dense.cols]);
      sameValues(expand(csr), dense.data);
      // Chunks stacked (indptr shifted) give the whole result.
      const indptr = [0], indices: number[] = [], data: number[] = [];
      for (let i = 0; i < rows.length; i += chunk) {
        const c = vectorize(m, rows.slice(i, i + chunk), { normalize, output: 'csr' });
        for (let r = 1; r <= c.rows; r++) indptr.push(indices.length + c.indptr[r]!);
        indices.push(...c.indices); data.push(...c.data);
      }
      expect(indptr).toEqual(Array.from(csr.indptr));
      expect(indices).toEqual(Array.from(csr.indices));
      expect(data).toEqual(Array.from(csr.data));
    });

  it('hand-worked: one-hot + hashed with a cancelling pair, l2', () => {
    const m = fitVectorizer({ features: [{ kind: 'categorical', name: 'tier' }, { kind: 'hashed', name: 'sku', bits: 10 }] }, [{ tier: 'a', sku: 'x' }, { tier: 'b', sku: 'x' }]);
    // tier block: a, b, __other__, __missing__ (columns 0–3); sku#j at 4 + j. 'hello' → +583, 'ab' → −161.
    const c = vectorize(m, [{ tier: 'b', sku: ['hello', 'ab', 'hello'] }, { tier: null, sku: [] }], { normalize: 'l2', output: 'csr' });
    // row 0: tier=b 1, sku#161 −1, sku#583 2 → norm √6.
    expect(Array.from(c.indptr)).toEqual([0, 3, 4]);
    expect(Array.from(c.indices)).toEqual([1, 4 + 161, 4 + 583, 3]);
    expect(Array.from(c.data)).toEqual(f32([1 / Math.sqrt(6), -1 / Math.sqrt(6), 2 / Math.sqrt(6), 1]));
    expect(c.indices.buffer).toBe(c.data.buffer);
  });

  it('options: out is for the dense output only; errors name the row as the dense form does', () => {
    const m = fitVectorizer(MIXED_SPEC, [mixedAnchor]);
    expect(() => vectorize(m, [mixedAnchor], { output: 'csr', out: new Float32Array(1000) } as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => vectorize(m, [mixedAnchor], { output: 'sparse' } as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => vectorize(m, [mixedAnchor, 5], { output: 'csr' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: ['rows', 1] })] }));
    expect(() => vectorize(m, [{ ...mixedAnchor, age: NaN }], { output: 'csr' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: ['rows', 0, 'age'] })] }));
    const empty = vectorize(m, [], { output: 'csr' });
    expect([empty.rows, Array.from(empty.indptr), empty.indices.length]).toEqual([0, [0], 0]);
  });
});
