import { describe, expect, it } from 'vitest';
import { accumulate, AudienceKitError } from '../../src/core/index.js';
import { fitVectorizer, vectorizerSummary, type FittedFeature, type VectorizerModel } from '../../src/features/index.js';

const feature = <K extends FittedFeature['kind']>(m: VectorizerModel, i: number, kind: K): Extract<FittedFeature, { kind: K }> => {
  const f = m.features[i]!;
  if (f.kind !== kind) throw new Error(`expected ${kind}`);
  return f as Extract<FittedFeature, { kind: K }>;
};

const ages = [1, 2, 3, 4, 10].map((age) => ({ age }));

describe('fitVectorizer: scaler statistics against hand-worked values', () => {
  it('standard: mean and population std (ddof 0, as scikit-learn StandardScaler)', () => {
    // mean = (1+2+3+4+10)/5 = 4; squared deviations 9+4+1+0+36 = 50; var = 50/5 = 10; std = √10.
    const f = feature(fitVectorizer({ features: [{ kind: 'numeric', name: 'age', transform: 'standard' }] }, ages), 0, 'numeric');
    expect(f.center).toBeCloseTo(4, 12);
    expect(f.scale).toBeCloseTo(Math.sqrt(10), 12);
    expect(f.stats).toMatchObject({ count: 5, missing: 0, min: 1, max: 10 });
  });

  it('minmax: center = min, scale = max − min', () => {
    const f = feature(fitVectorizer({ features: [{ kind: 'numeric', name: 'age', transform: 'minmax' }] }, ages), 0, 'numeric');
    expect([f.center, f.scale]).toEqual([1, 9]); // 10 − 1
  });

  it('robust: median and IQR within the sketch accuracy α = 0.5%', () => {
    // sorted 1 2 3 4 10; rank ⌊q(n−1)⌋: q25 → rank 1 → 2; median → rank 2 → 3; q75 → rank 3 → 4; IQR = 2.
    // (scikit-learn's RobustScaler interpolates percentiles; here the ranks are whole, so it agrees.)
    const f = feature(fitVectorizer({ features: [{ kind: 'numeric', name: 'age', transform: 'robust' }] }, ages), 0, 'numeric');
    expect(Math.abs(f.stats.median! - 3)).toBeLessThanOrEqual(0.005 * 3);
    expect(Math.abs(f.stats.q25! - 2)).toBeLessThanOrEqual(0.005 * 2);
    expect(Math.abs(f.stats.q75! - 4)).toBeLessThanOrEqual(0.005 * 4);
    expect(f.center).toBe(f.stats.median);
    expect(Math.abs(f.scale - 2)).toBeLessThanOrEqual(0.005 * 4 + 0.005 * 2);
  });

  it('a constant column gets scale 1, not a division by zero (as scikit-learn)', () => {
    const m = fitVectorizer({ features: [
      { kind: 'numeric', name: 'x', transform: 'standard' }, { kind: 'numeric', name: 'y', field: 'x', transform: 'minmax' }, { kind: 'numeric', name: 'z', field: 'x', transform: 'robust' },
    ] }, [{ x: 5 }, { x: 5 }]);
    for (let i = 0; i < 3; i++) expect(feature(m, i, 'numeric').scale).toBe(1);
  });

  it('imputation values: mean, median (lower median of the sketch), constant', () => {
    const rows = [{ x: 1 }, { x: 5 }, { x: 100 }, { x: null }, {}];
    const m = fitVectorizer({ features: [
      { kind: 'numeric', name: 'mean', field: 'x' },
      { kind: 'numeric', name: 'median', field: 'x', missing: { strategy: 'median' } },
      { kind: 'numeric', name: 'const', field: 'x', missing: { strategy: 'constant', value: 7 } },
    ] }, rows);
    expect(feature(m, 0, 'numeric').fill).toBeCloseTo(106 / 3, 12); // (1 + 5 + 100) / 3
    expect(Math.abs(feature(m, 1, 'numeric').fill - 5)).toBeLessThanOrEqual(0.005 * 5); // sorted 1 5 100 → rank 1
    expect(feature(m, 2, 'numeric').fill).toBe(7);
    expect(feature(m, 0, 'numeric').stats).toMatchObject({ count: 3, missing: 2 });
  });

  it('clip bounds are the fitted quantiles (values 1..100, q 0.1 / 0.9 → ranks 9 and 89 → 10 and 90)', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ x: i + 1 }));
    const f = feature(fitVectorizer({ features: [{ kind: 'numeric', name: 'x', clip: { lower: 0.1, upper: 0.9 } }] }, rows), 0, 'numeric');
    expect(Math.abs(f.clipLower! - 10)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(f.clipUpper! - 90)).toBeLessThanOrEqual(0.45);
  });

  it('categorical vocabulary: frequency desc, then value asc; maxCategories and minCount', () => {
    const tiers = ['b', 'a', 'b', 'c', 'a', 'y', 'x', 'x', 'y', null];
    const rows = tiers.map((tier) => ({ tier }));
    // counts: a 2, b 2, x 2, y 2, c 1; ties by value → a, b, x, y, c.
    const all = feature(fitVectorizer({ features: [{ kind: 'categorical', name: 'tier' }] }, rows), 0, 'categorical');
    expect(all.categories).toEqual(['a', 'b', 'x', 'y', 'c']);
    expect(all.counts).toEqual([2, 2, 2, 2, 1]);
    expect([all.otherCount, all.missingCount]).toEqual([0, 1]);
    const top = feature(fitVectorizer({ features: [{ kind: 'categorical', name: 'tier', maxCategories: 3, minCount: 2 }] }, rows), 0, 'categorical');
    expect(top.categories).toEqual(['a', 'b', 'x']);
    expect(top.otherCount).toBe(3); // y, y, c
  });

  it('tags: document frequencies (a tag twice in a row counts once) and smooth idf = ln((1+n)/(1+df)) + 1', () => {
    const rows = [{ t: ['skincare', 'makeup'] }, { t: ['skincare'] }, { t: ['sports', 'skincare', 'skincare'] }];
    const f = feature(fitVectorizer({ features: [{ kind: 'tags', name: 't', mode: 'tfidf' }] }, rows), 0, 'tags');
    expect(f.tags).toEqual(['skincare', 'makeup', 'sports']);
    expect(f.df).toEqual([3, 1, 1]);
    // n = 3: skincare ln(4/4) + 1 = 1; makeup, sports ln(4/2) + 1 = 1.6931471805599454.
    expect(f.idf![0]).toBeCloseTo(1, 15);
    expect(f.idf![1]).toBeCloseTo(1.6931471805599454, 15);
  });

  it('bucketized edges are the i/bins quantiles (1..100, 4 bins → 25, 50, 75 within α)', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ x: i + 1 }));
    const f = feature(fitVectorizer({ features: [{ kind: 'bucketized', name: 'x', bins: 4 }] }, rows), 0, 'bucketized');
    expect(f.edges).toHaveLength(3);
    [25, 50, 75].forEach((e, i) => { expect(Math.abs(f.edges[i]! - e)).toBeLessThanOrEqual(0.005 * e); });
  });
});

describe('fitVectorizer: bad input', () => {
  const spec = { features: [{ kind: 'numeric' as const, name: 'age' }, { kind: 'categorical' as const, name: 'tier' }] };
  const expectError = (fn: () => unknown, code: string, path?: (string | number)[]): void => {
    try { fn(); } catch (e) {
      expect(e).toBeInstanceOf(AudienceKitError);
      expect((e as AudienceKitError).code).toBe(code);
      if (path) expect((e as AudienceKitError).issues[0]?.path).toEqual(path);
      return;
    }
    throw new Error('did not throw');
  };

  it('a string where a number is expected names row and field', () => {
    expectError(() => fitVectorizer(spec, [{ age: 1 }, { age: '31' }]), 'INVALID_INPUT', ['rows', 1, 'age']);
  });
  it('NaN and Infinity are refused with row and field', () => {
    expectError(() => fitVectorizer(spec, [{ age: NaN }]), 'INVALID_INPUT', ['rows', 0, 'age']);
    expectError(() => fitVectorizer(spec, [{ age: 1 }, { age: 2, tier: Infinity }]), 'INVALID_INPUT', ['rows', 1, 'tier']);
  });
  it('rows that are not objects', () => {
    expectError(() => fitVectorizer(spec, [{ age: 1 }, null]), 'INVALID_INPUT', ['rows', 1]);
    expectError(() => fitVectorizer(spec, [[1, 2]]), 'INVALID_INPUT', ['rows', 0]);
  });
  it('a field present in no row (unknown field)', () => {
    expectError(() => fitVectorizer(spec, [{ age: 1, teir: 'a' }]), 'INVALID_INPUT', ['rows', '*', 'tier']);
  });
  it('a non-string tag names the element', () => {
    expectError(() => fitVectorizer({ features: [{ kind: 'tags', name: 't' }] }, [{ t: ['a', { x: 1 }] }]), 'INVALID_INPUT', ['rows', 0, 't', 1]);
  });
  it('log1p of a value <= −1', () => {
    expectError(() => fitVectorizer({ features: [{ kind: 'numeric', name: 'x', transform: 'log1p' }] }, [{ x: -1 }]), 'INVALID_INPUT', ['rows', 0, 'x']);
  });
  it('no rows', () => {
    expectError(() => fitVectorizer(spec, []), 'EMPTY_INPUT');
  });
  it('a bad spec is INVALID_OPTION', () => {
    expectError(() => fitVectorizer({ features: [{ kind: 'numerc', name: 'x' }] } as never, [{ x: 1 }]), 'INVALID_OPTION', ['features', 0, 'kind']);
  });
  it('merging states of different specs is DIMENSION_MISMATCH; a corrupt state JSON is INVALID_MODEL', () => {
    const s1 = vectorizerSummary(spec), s2 = vectorizerSummary({ features: [{ kind: 'numeric', name: 'age' }] });
    expectError(() => s1.merge(accumulate(s1, [{ age: 1, tier: 'a' }]), accumulate(s2, [{ age: 2 }])), 'DIMENSION_MISMATCH');
    const json = JSON.parse(JSON.stringify(s1.toJSON(accumulate(s1, [{ age: 1, tier: 'a' }])))) as { rows: number };
    json.rows = -1;
    expectError(() => s1.fromJSON(json), 'INVALID_MODEL', ['rows']);
  });
});
