// Regression tests for findings of the code review (each failed before its fix).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AudienceKitError, accumulate, embeddingsFromRows, sliceRows, createEmbeddings } from '../../src/core/index.js';
import { diffInDiff, experimentCounts, holdoutLift, powerTwoProportions, summarize, syntheticDiD, timeBasedRegression } from './reviewImports.js';

describe('experimentCounts', () => {
  it('rows without values give no incremental value or iROAS (not a false 0)', () => {
    const rows = Array.from({ length: 400 }, (_, i) => ({ group: i % 2 === 0 ? 'treatment' as const : 'control' as const, converted: i % 7 === 0 }));
    const counts = summarize(experimentCounts, rows);
    expect(counts.treatment.value).toBeUndefined();
    const r = holdoutLift(counts, { spend: 500 });
    expect(r.incrementalValue).toBeUndefined();
    expect(r.iROAS).toBeUndefined();
  });
  it('a rejected row leaves the state untouched', () => {
    const st = accumulate(experimentCounts, [{ group: 'treatment', converted: true, value: 5 }]);
    const before = structuredClone(st);
    expect(() => experimentCounts.add(st, { group: 'treatment', converted: true, value: -1 }, 1)).toThrow(/rows\[1\]\.value/);
    expect(() => experimentCounts.add(st, { group: 'control', converted: 2 as unknown as boolean }, 2)).toThrow(/rows\[2\]\.converted/);
    expect(st).toEqual(before);
  });
});

const prop99 = readFileSync(new URL('../fixtures/measurement/california_prop99.csv', import.meta.url), 'utf8').trim().split('\n').slice(1)
  .map((l) => { const [unit, time, outcome] = l.split(';'); return { unit: unit!, time: Number(time), outcome: Number(outcome) }; });

describe('geo estimators', () => {
  it('do not depend on the order of the panel rows (placebo SE included)', () => {
    const opts = { treatedUnits: ['California'], treatmentStart: 1989, placebos: 10, seed: 1 };
    const a = syntheticDiD(prop99, opts), b = syntheticDiD(prop99.slice().reverse(), opts);
    expect(b.estimate).toBe(a.estimate);
    expect(b.standardError).toBe(a.standardError);
    const did = { treatedUnits: ['California'], treatmentStart: 1989 };
    expect(diffInDiff(prop99.slice().reverse(), did).standardError).toBe(diffInDiff(prop99, did).standardError);
  });
  it('diffInDiff refuses a saturated panel instead of a zero standard error', () => {
    const rows = [{ unit: 'a', time: 1, outcome: 1 }, { unit: 'a', time: 2, outcome: 3 }, { unit: 'b', time: 1, outcome: 1 }, { unit: 'b', time: 2, outcome: 1 }];
    expect(() => diffInDiff(rows, { treatedUnits: ['a'], treatmentStart: 2 })).toThrow(/no residual degrees of freedom/);
  });
  it('timeBasedRegression gives no relative lift when the counterfactual total is 0', () => {
    const r = timeBasedRegression({ treatment: [0, 0, 0, 0, 0, 1], control: [1, 2, 3, 4, 5, 0] }, { preEnd: 5, testEnd: 6 });
    expect(r.relativeLift).toBeUndefined();
  });
});

describe('powerTwoProportions', () => {
  it('refuses a power that a zero difference already reaches', () => {
    expect(() => powerTwoProportions({ p1: 0.5, n: 100, power: 0.01 })).toThrow(/no p2 to solve for/);
  });
});

describe('core embeddings', () => {
  it('refuse doubles that overflow Float32, and non-integer slice bounds', () => {
    expect(() => embeddingsFromRows([[1e39, 1]])).toThrow(/rows\[0\]\[0\] is not finite in Float32/);
    expect(() => sliceRows(createEmbeddings(2, 2), Number.NaN, 1)).toThrow(AudienceKitError);
  });
});
