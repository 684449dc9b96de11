import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { createRng } from '../../../src/core/index.js';
import { matchRecords, parseMatchModel } from '../../../src/identity/match/index.js';
import type { MatchConfigInput, MatchModel, MatchRecord, MatchResult } from '../../../src/identity/match/index.js';
import { readColumns } from '../../../src/identity/match/internal/columns.js';
import { compileComparators } from '../../../src/identity/match/internal/compare.js';
import { MatchConfigSchema } from '../../../src/identity/match/matchConfig.js';

const exactConfig: MatchConfigInput = {
  fields: [{ field: 'name', method: 'exact' }, { field: 'city', method: 'exact' }],
  blocking: [['city']],
  idField: 'id',
};

/** A model with hand-picked m, u and prior (see the arithmetic in the test). */
function handModel(): MatchModel {
  return {
    kind: 'audience-kit/match-model', version: 1, mode: 'dedupe',
    config: MatchConfigSchema.parse(exactConfig), prior: 0.01,
    fields: [
      { field: 'name', levels: ['exact', 'else'], m: [0.9, 0.1], u: [0.1, 0.9] },
      { field: 'city', levels: ['exact', 'else'], m: [0.8, 0.2], u: [0.5, 0.5] },
    ],
    estimation: { iterations: 0, converged: true, candidatePairs: 0, recordPairs: 0 },
  };
}

function byIds(r: MatchResult): Map<string, number> {
  const out = new Map<string, number>();
  for (let k = 0; k < r.pairs.length; k++) {
    const a = r.ids[r.pairs.left[k]!]!, b = r.ids[r.pairs.right[k]!]!;
    out.set(a < b ? `${a}|${b}` : `${b}|${a}`, r.pairs.probability[k]!);
  }
  return out;
}

describe('matchRecords: scoring with a given model (hand-worked)', () => {
  const records: MatchRecord[] = [
    { id: 'a', name: 'ann', city: 'x' },
    { id: 'b', name: 'ann', city: 'x' },
    { id: 'c', name: null, city: 'x' },
    { id: 'd', name: 'bob', city: 'y' },
  ];
  const r = matchRecords(records, exactConfig, { model: handModel() });
  const p = byIds(r);

  it('multiplies the Bayes factors into the prior odds', () => {
    // a–b agree on name and city: 0.01·0.9·0.8 / (0.01·0.9·0.8 + 0.99·0.1·0.5) = 0.0072 / 0.0567 = 0.126984…
    expect(p.get('a|b')).toBeCloseTo(0.0072 / 0.0567, 12);
    // a–c: name missing (no evidence), city agrees: 0.01·0.8 / (0.01·0.8 + 0.99·0.5) = 0.008 / 0.503
    expect(p.get('a|c')).toBeCloseTo(0.008 / 0.503, 12);
    // d is alone in block y: no candidate pairs with it.
    expect(r.candidatePairs).toBe(3);
    const k = [...p.keys()].indexOf('a|b');
    expect(r.pairs.matchWeight[k]).toBeCloseTo(Math.log2((0.01 / 0.99) * 9 * 1.6), 12);
  });

  it('clusters nothing below the threshold and everything at a low one', () => {
    expect(r.clusterCount).toBe(4);
    const low = matchRecords(records, { ...exactConfig, threshold: 0.01 }, { model: { ...handModel(), config: MatchConfigSchema.parse({ ...exactConfig, threshold: 0.01 }) } });
    expect(Array.from(low.cluster)).toEqual([0, 0, 0, 3]);
    expect(low.clusterCount).toBe(2);
  });
});

describe('matchRecords: estimation', () => {
  it('computes the exact-level u from value counts', () => {
    // cities x, x, x, y (4 records, all present): agreeing random pairs = 3·2 / (4·3) = 0.5.
    const recs = [{ id: '1', name: 'a', city: 'x' }, { id: '2', name: 'b', city: 'x' }, { id: '3', name: 'c', city: 'x' }, { id: '4', name: 'd', city: 'y' }];
    const r = matchRecords(recs, exactConfig);
    expect(r.model.fields[1]!.u[0]).toBeCloseTo(0.5, 12);
    expect(r.model.fields[0]!.u[0]).toBeLessThan(1e-9); // all names differ: floored, never 0
  });

  it('recovers known m probabilities from simulated duplicates (simulator truth)', () => {
    // 3000 people; a third get a duplicate whose fields are replaced by a fresh value with
    // probability 0.05 / 0.1 / 0.2 / 0.3, so m_exact = 0.95 / 0.9 / 0.8 / 0.7 (fresh values never collide).
    const rng = createRng(7);
    const corrupt = [0.05, 0.1, 0.2, 0.3];
    const fields = ['f0', 'f1', 'f2', 'f3'];
    const recs: MatchRecord[] = [];
    let fresh = 0;
    const vocab = [400, 300, 200, 600];
    for (let e = 0; e < 3000; e++) {
      const base: Record<string, string> = { id: `${e}-0` };
      fields.forEach((f, i) => { base[f] = `v${rng.int(0, vocab[i]! - 1)}`; });
      recs.push(base);
      if (e % 3 === 0) {
        const dup: Record<string, string> = { id: `${e}-1` };
        fields.forEach((f, i) => { dup[f] = rng.uniform() < corrupt[i]! ? `new${fresh++}` : base[f]!; });
        recs.push(dup);
      }
    }
    const r = matchRecords(recs, {
      fields: fields.map((field) => ({ field, method: 'exact' as const })),
      blocking: [['f0', 'f1'], ['f2', 'f3'], ['f0', 'f2'], ['f1', 'f3']],
      idField: 'id',
    });
    expect(r.model.estimation.converged).toBe(true);
    fields.forEach((_, i) => expect(r.model.fields[i]!.m[0]).toBeCloseTo(1 - corrupt[i]!, 1));
    // λ: 1000 true pairs among C(4000, 2) = 7,998,000 pairs, minus those blocking misses.
    expect(r.model.prior * r.model.estimation.recordPairs).toBeGreaterThan(900);
    expect(r.model.prior * r.model.estimation.recordPairs).toBeLessThan(1050);
  });
});

describe('matchRecords: degenerate input has a defined answer', () => {
  it('one record: no pairs, one cluster, a valid model', () => {
    const r = matchRecords([{ id: 'x', name: 'a', city: 'b' }], exactConfig);
    expect(r.pairs.length).toBe(0);
    expect(r.clusterCount).toBe(1);
    expect(() => parseMatchModel(JSON.parse(JSON.stringify(r.model)))).not.toThrow();
  });
  it('a field that is always missing carries no evidence (weight 0), never NaN', () => {
    const recs = [{ id: '1', name: null, city: 'x' }, { id: '2', name: null, city: 'x' }, { id: '3', name: null, city: 'y' }];
    const r = matchRecords(recs, exactConfig);
    expect(r.pairs.length).toBe(1);
    expect(Number.isFinite(r.pairs.matchWeight[0]!)).toBe(true);
    expect(r.model.fields[0]!.u).toEqual([0.5, 0.5]); // no pair to learn from: uniform u, documented
  });
});

describe('matchRecords: bad input', () => {
  const recs = [{ id: '1', name: 'a', city: 'x' }, { id: '2', name: 'b', city: 'x' }];
  const code = (c: string) => expect.objectContaining({ code: c });

  it('names a record without a configured field', () => {
    expect(() => matchRecords([...recs, { id: '3', name: 'c' }], exactConfig)).toThrow(code('INVALID_INPUT'));
    expect(() => matchRecords([...recs, { id: '3', name: 'c' }], exactConfig)).toThrow(/records\[2\] has no field 'city'/);
  });
  it('names a value of the wrong type without echoing it', () => {
    const bad = [...recs, { id: '3', name: { first: 'secret' }, city: 'x' }] as unknown as MatchRecord[];
    expect(() => matchRecords(bad, exactConfig)).toThrow(/records\[2\]\.name: must be a string/);
    const nan = [...recs.map((r) => ({ ...r, age: 3 })), { id: '3', name: 'c', city: 'x', age: 'old' }];
    expect(() => matchRecords(nan, { ...exactConfig, fields: [{ field: 'age', method: 'numeric', thresholds: [1] }] })).toThrow(/records\[2\]\.age.*o\*d \(3 chars\)/);
    const day = [...recs.map((r) => ({ ...r, dob: '1980-01-01' })), { id: '3', name: 'c', city: 'x', dob: '19800231' }];
    expect(() => matchRecords(day, { ...exactConfig, fields: [{ field: 'dob', method: 'date', thresholds: [30] }] })).toThrow(/records\[2\]\.dob: must be a real date/);
  });
  it('coerces numbers to text where strings are compared (documented)', () => {
    const r = matchRecords([{ id: 1, name: 12, city: 'x' }, { id: 2, name: '12', city: 'x' }], exactConfig, { model: handModel() });
    expect(r.pairs.probability[0]).toBeCloseTo(0.0072 / 0.0567, 12);
    expect(r.ids).toEqual(['1', '2']);
  });
  it('refuses a bad config with the field path', () => {
    expect(() => matchRecords(recs, { ...exactConfig, blocking: [] })).toThrow(code('INVALID_OPTION'));
    expect(() => matchRecords(recs, { fields: [{ field: 'name', method: 'jaroWinkler', thresholds: [0.8, 0.9] }], blocking: [['city']] })).toThrow(/fields\[0\]\.thresholds/);
    expect(() => matchRecords(recs, { ...exactConfig, blocking: [['zip']] })).toThrow(/has no field 'zip'/);
  });
  it('refuses empty input, non-arrays, and too many candidate pairs', () => {
    expect(() => matchRecords([], exactConfig)).toThrow(code('EMPTY_INPUT'));
    expect(() => matchRecords('x' as unknown as MatchRecord[], exactConfig)).toThrow(code('INVALID_INPUT'));
    const many = Array.from({ length: 200 }, (_, i) => ({ id: String(i), name: `n${i}`, city: 'x' }));
    expect(() => matchRecords(many, { ...exactConfig, maxCandidatePairs: 1000 })).toThrow(/maxCandidatePairs/);
  });
  it('refuses a model that does not fit the config', () => {
    const other = { ...exactConfig, fields: [{ field: 'name', method: 'exact' as const }] };
    expect(() => matchRecords(recs, other, { model: handModel() })).toThrow(code('INVALID_MODEL'));
    expect(() => matchRecords(recs, exactConfig, { model: { ...handModel(), version: 2 } })).toThrow(code('INVALID_MODEL'));
  });
});

describe('comparison levels (hand-worked)', () => {
  it('puts each pair in the first level it reaches; a missing value is digit 0', () => {
    const config = MatchConfigSchema.parse({
      fields: [
        { field: 'g', method: 'jaroWinkler', thresholds: [0.95, 0.8] },
        { field: 's', method: 'levenshtein', thresholds: [1, 2] },
        { field: 'z', method: 'numeric', thresholds: [1, 100] },
        { field: 'd', method: 'date', thresholds: [1, 31] },
      ],
      blocking: [['z']],
    });
    const recs = [
      { g: 'martha', s: 'smith', z: 2000, d: '1980-01-01' },
      { g: 'marhta', s: 'smyth', z: '2001', d: '19800131' },
      { g: 'dwayne', s: 'smythe', z: 2100, d: 315_532_800_000 }, // 1980-01-01T00:00Z in epoch ms
      { g: null, s: 'jones', z: 3000, d: '1980-01-02' },
    ];
    const { columns } = readColumns([{ name: 'records', records: recs }], config);
    const [g, s, z, d] = compileComparators(config.fields, columns);
    // digits: 0 missing, 1 exact, 2 first threshold, 3 second threshold, 4 else.
    expect(g!.digit(0, 1)).toBe(2); // martha/marhta: Jaro–Winkler 0.961 >= 0.95
    expect(g!.digit(1, 0)).toBe(2);
    expect(g!.digit(0, 3)).toBe(0);
    expect(s!.digit(0, 1)).toBe(2); // smith/smyth: 1 edit
    expect(s!.digit(0, 2)).toBe(3); // smith/smythe: 2 edits
    expect(s!.digit(0, 3)).toBe(4); // jones: else
    expect(z!.digit(0, 1)).toBe(2); // |2000 − 2001| = 1
    expect(z!.digit(0, 2)).toBe(3); // 100
    expect(z!.digit(0, 3)).toBe(4); // 1000
    expect(d!.digit(0, 2)).toBe(1); // same day (text vs epoch ms)
    expect(d!.digit(0, 3)).toBe(2); // 1 day
    expect(d!.digit(0, 1)).toBe(3); // 30 days
  });
});

// ---------- properties ----------

const recordArb = fc.record({
  given: fc.option(fc.constantFrom('ann', 'anne', 'anna', 'bob', 'rob', 'robert', 'carl', 'karl'), { nil: null }),
  surname: fc.option(fc.constantFrom('smith', 'smyth', 'smithe', 'jones', 'johns', 'lee', 'li'), { nil: null }),
  dob: fc.option(fc.constantFrom('1980-01-01', '1980-01-02', '1980-02-01', '1991-07-15', '1991-07-16'), { nil: null }),
  zip: fc.option(fc.constantFrom('2000', '2001', '2100', '3000'), { nil: null }),
});
const propConfig: MatchConfigInput = {
  fields: [
    { field: 'given', method: 'jaroWinkler', thresholds: [0.9, 0.8], termFrequency: true },
    { field: 'surname', method: 'levenshtein', thresholds: [1, 2] },
    { field: 'dob', method: 'date', thresholds: [1, 31] },
    { field: 'zip', method: 'numeric', thresholds: [1, 100] },
  ],
  blocking: [['zip'], ['surname', 'dob']],
  idField: 'id',
  uSamplePairs: 500,
  maxIterations: 50,
};
const listArb = fc.array(recordArb, { minLength: 2, maxLength: 40 }).map((rs) => rs.map((r, i) => ({ id: `r${i}`, ...r })));

describe('matchRecords: properties', () => {
  test.prop([listArb], { numRuns: 60 })('comparisons are symmetric', (recs) => {
    const config = MatchConfigSchema.parse(propConfig);
    const { columns } = readColumns([{ name: 'records', records: recs }], config);
    const comps = compileComparators(config.fields, columns);
    for (let i = 0; i < recs.length; i++) for (let j = 0; j < recs.length; j++) for (const c of comps) expect(c.digit(i, j)).toBe(c.digit(j, i));
  });

  test.prop([listArb, fc.integer()], { numRuns: 60 })('probabilities are finite and in [0, 1]; the prior in (0, 1)', (recs, seed) => {
    const r = matchRecords(recs, { ...propConfig, seed });
    expect(r.model.prior).toBeGreaterThan(0);
    expect(r.model.prior).toBeLessThan(1);
    for (let k = 0; k < r.pairs.length; k++) {
      const p = r.pairs.probability[k]!;
      expect(p >= 0 && p <= 1).toBe(true);
      expect(Number.isFinite(r.pairs.matchWeight[k]!)).toBe(true);
    }
  });

  test.prop([listArb, fc.infiniteStream(fc.nat())], { numRuns: 60 })('results do not depend on record order', (recs, stream) => {
    const it = stream[Symbol.iterator]();
    const shuffled = recs.slice();
    for (let i = shuffled.length - 1; i > 0; i--) { const j = it.next().value! % (i + 1); [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]; }
    const a = matchRecords(recs, propConfig), b = matchRecords(shuffled, propConfig);
    expect(byIds(b)).toEqual(byIds(a));
    expect(b.model).toEqual(a.model);
    // Same partition into clusters (labels are row indices, so compare member-id sets).
    const parts = (r: MatchResult) => { const m = new Map<number, string[]>(); r.cluster.forEach((c, i) => { const l = m.get(c) ?? []; l.push(r.ids[i]!); m.set(c, l); }); return [...m.values()].map((l) => l.sort().join(',')).sort(); };
    expect(parts(b)).toEqual(parts(a));
  });

  test.prop([listArb], { numRuns: 40 })('a fitted model, stored as JSON and re-applied, gives the same scores', (recs) => {
    const a = matchRecords(recs, propConfig);
    const stored = parseMatchModel(JSON.parse(JSON.stringify(a.model)));
    const b = matchRecords(recs, propConfig, { model: stored });
    expect(Array.from(b.pairs.probability)).toEqual(Array.from(a.pairs.probability));
    expect(Array.from(b.pairs.matchWeight)).toEqual(Array.from(a.pairs.matchWeight));
    expect(b.model).toEqual(a.model);
  });

  it('never mutates its input', () => {
    const recs = [{ id: '1', given: ' Ann ', surname: 'smith', dob: '1980-01-01', zip: '2000' }, { id: '2', given: 'ann', surname: 'smyth', dob: '1980-01-01', zip: '2000' }];
    const copy = structuredClone(recs);
    const config = structuredClone(propConfig);
    matchRecords(recs, config);
    expect(recs).toEqual(copy);
    expect(config).toEqual(propConfig);
  });
});
