import { describe, expect, it } from 'vitest';
import { heuristicAttribution, markovAttribution, parsePaths, shapleyAttribution, type JourneyTable } from '../../src/attribution/index.js';
import { AudienceKitError } from '../../src/core/index.js';

// Regression: a table once used by a model must not be trusted afterwards — every model call
// validates what it reads and sums the totals from the current arrays (nothing cached per object).
const rows = () => [
  { path: 'a > b', conversions: 1, nulls: 1 },
  { path: 'b > c', conversions: 1, nulls: 0 },
  { path: 'a', conversions: 1, nulls: 2 },
];

function expectInvalid(f: () => unknown): void {
  let err: unknown;
  try { f(); } catch (e) { err = e; }
  expect(err).toBeInstanceOf(AudienceKitError);
  expect((err as AudienceKitError).code).toBe('INVALID_INPUT');
}

describe('JourneyTable mutated in place after a model run', () => {
  it('NaN conversions written after a run raise INVALID_INPUT in every model', () => {
    const t = parsePaths(rows());
    heuristicAttribution(t, { model: 'linear' });
    (t.conversions as Float64Array)[1] = NaN;
    for (const model of ['first', 'last', 'linear', 'positionBased'] as const) expectInvalid(() => heuristicAttribution(t, { model }));
    expectInvalid(() => markovAttribution(t));
    expectInvalid(() => shapleyAttribution(t));
    expectInvalid(() => shapleyAttribution(t, { coalitionValue: 'conversionRate' }));
    expect(() => heuristicAttribution(t, { model: 'first' })).toThrow(/conversions\[1\] must be a finite number >= 0, got NaN/);
  });

  it('huge but finite counts whose row sum overflows are still valid', () => {
    const t: JourneyTable = {
      kind: 'journeyTable', version: 1, channels: ['a'], offsets: Int32Array.from([0, 1]), touches: Int32Array.from([0]),
      conversions: Float64Array.from([1e308]), values: Float64Array.from([1e308]), nulls: Float64Array.from([1e308]),
    };
    expect(heuristicAttribution(t, { model: 'first' }).total).toEqual({ conversions: 1e308, value: 1e308 });
    (t.nulls as Float64Array)[0] = Infinity;
    expect(() => heuristicAttribution(t, { model: 'first' })).toThrow(/nulls\[0\] must be a finite number >= 0, got Infinity/);
  });

  it('totals follow the current arrays (no stale total, shares sum to 1)', () => {
    const t = parsePaths(rows());
    expect(heuristicAttribution(t, { model: 'first' }).total.conversions).toBe(3);
    (t.conversions as Float64Array)[1] = 5;
    const results = [
      heuristicAttribution(t, { model: 'first' }), heuristicAttribution(t, { model: 'linear' }),
      markovAttribution(t), shapleyAttribution(t), shapleyAttribution(t, { coalitionValue: 'conversionRate' }),
    ];
    for (const r of results) {
      expect(r.total.conversions).toBe(7);
      const shares = r.channels.reduce((s, c) => s + c.share, 0);
      expect(shares).toBeCloseTo(1, 12);
      for (const c of r.channels) expect(c.share).toBeLessThanOrEqual(1 + 1e-12);
    }
  });

  it('a touch id outside the channels, written after a check, is not silently dropped', () => {
    const t: JourneyTable = {
      kind: 'journeyTable', version: 1, channels: ['a', 'b'],
      offsets: Int32Array.from([0, 2, 3]), touches: Int32Array.from([0, 1, 1]),
      conversions: Float64Array.from([1, 2]), values: Float64Array.from([0, 0]), nulls: Float64Array.from([1, 1]),
    };
    heuristicAttribution(t, { model: 'first' });
    markovAttribution(t);
    (t.touches as Int32Array)[0] = 7;
    for (const model of ['first', 'last', 'linear', 'positionBased'] as const) expectInvalid(() => heuristicAttribution(t, { model }));
    expectInvalid(() => markovAttribution(t));
    expectInvalid(() => markovAttribution(t, { order: 3 }));
    expectInvalid(() => shapleyAttribution(t));
  });

  it('a negative value or a conversion moved onto an empty path is caught on the next call', () => {
    const t = parsePaths(rows());
    shapleyAttribution(t);
    (t.values as Float64Array)[0] = -1;
    expectInvalid(() => shapleyAttribution(t));
    (t.values as Float64Array)[0] = 0;
    shapleyAttribution(t);
    (t.offsets as Int32Array)[1] = 0; // row 0 now has an empty path but carries a conversion
    expectInvalid(() => heuristicAttribution(t, { model: 'last' }));
  });
});
