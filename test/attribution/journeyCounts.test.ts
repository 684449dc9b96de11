import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { aggregateJourneys, journeyCounts, markovAttribution, shapleyAttribution, toJourneys, type Journey } from '../../src/attribution/index.js';
import { AudienceKitError, accumulate, mergeAll } from '../../src/core/index.js';
import { journeysArb } from './arbitraries.js';

const state = (js: readonly Journey[]) => accumulate(journeyCounts, js);
const asJson = (js: readonly Journey[][]) => journeyCounts.toJSON(mergeAll(journeyCounts, js.map(state)));

describe('journeyCounts (mergeable summary)', () => {
  it('sums rows with the same path; finish orders rows by path', () => {
    const t = journeyCounts.finish(state([
      { path: ['b'], conversions: 1, nulls: 2 },
      { path: ['a', 'b'], conversions: 2, value: 5 },
      { path: ['b'], conversions: 3, value: 1, nulls: 1 },
    ]));
    expect(toJourneys(t)).toEqual([
      { path: ['a', 'b'], conversions: 2, value: 5, nulls: 0 },
      { path: ['b'], conversions: 4, value: 1, nulls: 3 },
    ]);
  });

  // Counts and values are small integers / quarters, so float sums are exact and equality is bitwise.
  test.prop([journeysArb, journeysArb, journeysArb])('merge is associative and commutative; shards merged equal the whole', (a, b, c) => {
    const whole = journeyCounts.toJSON(state([...a, ...b, ...c]));
    expect(asJson([a, b, c])).toEqual(whole);
    expect(asJson([c, a, b])).toEqual(whole);
    const ab_c = journeyCounts.merge(journeyCounts.merge(state(a), state(b)), state(c));
    const a_bc = journeyCounts.merge(state(a), journeyCounts.merge(state(b), state(c)));
    expect(journeyCounts.toJSON(ab_c)).toEqual(journeyCounts.toJSON(a_bc));
    expect(journeyCounts.toJSON(journeyCounts.merge(state(a), journeyCounts.empty()))).toEqual(journeyCounts.toJSON(state(a)));
  });

  test.prop([journeysArb, journeysArb], { numRuns: 40 })('models on merged shards equal models on the whole', (a, b) => {
    const merged = journeyCounts.finish(journeyCounts.merge(state(a), state(b)));
    const whole = aggregateJourneys([...a, ...b]);
    expect(markovAttribution(merged, { order: 2 }).channels).toEqual(markovAttribution(whole, { order: 2 }).channels);
    expect(shapleyAttribution(merged, { coalitionValue: 'conversionRate' }).channels).toEqual(shapleyAttribution(whole, { coalitionValue: 'conversionRate' }).channels);
  });

  test.prop([journeysArb])('JSON round trip changes nothing', (a) => {
    const s = state(a);
    const json = JSON.parse(JSON.stringify(journeyCounts.toJSON(s))) as unknown;
    expect(journeyCounts.toJSON(journeyCounts.fromJSON(json))).toEqual(journeyCounts.toJSON(s));
  });

  it('fromJSON and add validate', () => {
    const err = (fn: () => unknown) => { try { fn(); } catch (e) { return e as AudienceKitError; } throw new Error('no throw'); };
    expect(err(() => journeyCounts.fromJSON({ kind: 'journeyCounts', version: 1, rows: [[['a'], -1, 0, 0]] })).code).toBe('INVALID_MODEL');
    expect(err(() => journeyCounts.fromJSON({ kind: 'journeyCounts', version: 2, rows: [] })).message).toContain('version');
    expect(err(() => journeyCounts.fromJSON({ kind: 'journeyCounts', version: 1, rows: [[[], 1, 0, 0]] })).message).toContain('rows[0]');
    expect(err(() => journeyCounts.add(journeyCounts.empty(), { path: ['a'], conversions: Infinity }, 4)).message).toContain('journey 4');
  });
});
