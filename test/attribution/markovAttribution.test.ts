import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { aggregateJourneys, markovAttribution, parsePaths, type Journey } from '../../src/attribution/index.js';
import { AudienceKitError } from '../../src/core/index.js';
import { DATA_COLUMNS, readChannelAttributionData } from './fixture.js';
import { journeysArb, relClose } from './arbitraries.js';

const effects = (r: { removalEffects: readonly { channel: string; effect: number; valueEffect: number }[] }) => new Map(r.removalEffects.map((e) => [e.channel, e]));
const credit = (r: { channels: readonly { channel: string; conversions: number; value: number }[] }) => new Map(r.channels.map((c) => [c.channel, c]));

// Hand-solved absorbing chain (order 1). Journeys:
//   a > b: 1 conversion (value 10), 1 null;  b: 2 nulls;  b > a: 1 conversion (value 4).
// Transitions (weight = conversions + nulls): start→a 2, start→b 3; a→b 2, a→conv 1 (out 3);
//   b→a 1, b→conv 1, b→null 3 (out 5).
// Absorption h = P(conv): h_a = 1/3 + 2/3 h_b, h_b = 1/5 + 1/5 h_a → h_b = 4/13, h_a = 7/13;
//   P(conv) = 2/5·7/13 + 3/5·4/13 = 2/5 = observed 2 / 5.
// Remove a (a → null): h_b = 1/5, P = 3/25, effect 1 − (3/25)/(2/5) = 7/10.
// Remove b: h_a = 1/3, P = 2/15, effect 1 − (2/15)/(2/5) = 2/3.
// Credit: 2 × (7/10) / (41/30) = 42/41 to a, 40/41 to b.
// Value: mean value per conversion at a = 4, at b = 10; expected visits v_a = 3/5, v_b = 1;
//   E[value] = 3/5·(4·1/3) + 1·(10·1/5) = 14/5 (= 14 / 5 journeys). Remove a: v_b = 3/5, E = 6/5,
//   valueEffect 4/7; remove b: v_a = 2/5, E = 8/15, valueEffect 17/21. Value credit 14·12/29, 14·17/29.
const HAND: Journey[] = [
  { path: ['a', 'b'], conversions: 1, value: 10, nulls: 1 },
  { path: ['b'], conversions: 0, nulls: 2 },
  { path: ['b', 'a'], conversions: 1, value: 4 },
];

describe('markovAttribution', () => {
  it('equals the hand-solved absorbing chain (order 1), by LU and by Gauss–Seidel', () => {
    for (const denseMaxStates of [64, 1]) {
      const r = markovAttribution(HAND, { denseMaxStates });
      expect(r.solver.method).toBe(denseMaxStates === 1 ? 'gauss-seidel' : 'lu');
      const e = effects(r);
      expect(e.get('a')!.effect).toBeCloseTo(7 / 10, 12);
      expect(e.get('b')!.effect).toBeCloseTo(2 / 3, 12);
      expect(e.get('a')!.valueEffect).toBeCloseTo(4 / 7, 12);
      expect(e.get('b')!.valueEffect).toBeCloseTo(17 / 21, 12);
      const c = credit(r);
      expect(c.get('a')!.conversions).toBeCloseTo(42 / 41, 12);
      expect(c.get('b')!.conversions).toBeCloseTo(40 / 41, 12);
      expect(c.get('a')!.value).toBeCloseTo((14 * 12) / 29, 11);
      expect(c.get('b')!.value).toBeCloseTo((14 * 17) / 29, 11);
      expect(r.conversionProbability).toBeCloseTo(0.4, 12);
      expect(r.observedConversionRate).toBe(0.4);
    }
  });

  it('journeys with an empty path and nulls go (start) → (null)', () => {
    // HAND plus 5 untouched non-converters: P(conv) = 2 / 10; removal effects unchanged (ratios).
    const r = markovAttribution([...HAND, { path: [], conversions: 0, nulls: 5 }]);
    expect(r.conversionProbability).toBeCloseTo(0.2, 14);
    expect(r.observedConversionRate).toBe(0.2);
    expect(effects(r).get('a')!.effect).toBeCloseTo(7 / 10, 12);
  });

  it('exposes the transition matrix as named sparse rows', () => {
    const r = markovAttribution(HAND);
    const { states, rowOffsets, columns, probabilities } = r.transitions;
    expect(states).toEqual(['(start)', 'a', 'b', '(conversion)', '(null)']);
    const row = (s: number) => Object.fromEntries(Array.from(columns.subarray(rowOffsets[s]!, rowOffsets[s + 1]!), (c, i) => [states[c]!, probabilities[rowOffsets[s]! + i]!]));
    expect(row(0)).toEqual({ a: 2 / 5, b: 3 / 5 });
    expect(row(1)).toEqual({ b: 2 / 3, '(conversion)': 1 / 3 });
    expect(row(2)).toEqual({ a: 1 / 5, '(conversion)': 1 / 5, '(null)': 3 / 5 });
  });

  it('collapses consecutive identical states (no self-loops) and uses windows of k touches', () => {
    const r1 = markovAttribution([{ path: ['a', 'a', 'b', 'b'], conversions: 1 }]);
    expect(r1.transitions.states).toEqual(['(start)', 'a', 'b', '(conversion)', '(null)']);
    expect(Array.from(r1.transitions.columns)).toEqual([1, 2, 3]); // start→a, a→b, b→conv
    // Order 2: a>a>a>b → windows (a,a),(a,a),(a,b) → (a,a)→(a,b); b alone is one (short) state.
    const r2 = markovAttribution([{ path: ['a', 'a', 'a', 'b'], conversions: 1 }, { path: ['b'], conversions: 0, nulls: 1 }], { order: 2 });
    expect(r2.transitions.states).toEqual(['(start)', 'a > a', 'a > b', 'b', '(conversion)', '(null)']);
    expect(r2.conversionProbability).toBeCloseTo(0.5, 14);
    // Removing b redirects (a > b) and (b): no conversion left; removing a redirects (a > a), (a > b).
    const e = effects(r2);
    expect(e.get('a')!.effect).toBeCloseTo(1, 14);
    expect(e.get('b')!.effect).toBeCloseTo(1, 14);
  });

  it("P(conversion from (start)) equals the observed rate on ChannelAttribution's Data, orders 1–4", () => {
    const data = aggregateJourneys(parsePaths(readChannelAttributionData(), DATA_COLUMNS));
    const rate = 19_785 / (19_785 + 68_602); // README: 0.223845
    for (const order of [1, 2, 3, 4]) {
      const r = markovAttribution(data, { order });
      expect(r.observedConversionRate).toBeCloseTo(rate, 15);
      expect(relClose(r.conversionProbability, rate, 1e-10), `order ${order}: ${r.conversionProbability}`).toBe(true);
      const sum = r.channels.reduce((a, c) => a + c.conversions, 0);
      expect(relClose(sum, 19_785, 1e-9)).toBe(true);
      expect(r.channels.every((c) => c.conversions >= 0)).toBe(true);
    }
  });

  it('LU and Gauss–Seidel agree on the Data chain (order 2)', () => {
    const data = aggregateJourneys(parsePaths(readChannelAttributionData(), DATA_COLUMNS));
    const gs = markovAttribution(data, { order: 2, denseMaxStates: 1 });
    const lu = markovAttribution(data, { order: 2, denseMaxStates: 2000 });
    expect(gs.solver.method).toBe('gauss-seidel');
    expect(lu.solver.method).toBe('lu');
    const a = effects(gs), b = effects(lu);
    for (const [ch, e] of a) {
      expect(Math.abs(e.effect - b.get(ch)!.effect)).toBeLessThan(1e-11);
      expect(Math.abs(e.valueEffect - b.get(ch)!.valueEffect)).toBeLessThan(1e-11);
    }
  });

  test.prop([journeysArb, fc.integer({ min: 1, max: 4 })], { numRuns: 20 })('the dense-code counting path equals the hashed sparse path', (js, order) => {
    // Extra channels on a zero-weight journey push (channels + 1)^order past the dense limit.
    const extra: Journey = { path: Array.from({ length: order === 1 ? 2100 : 50 }, (_, i) => `unused${i}`), conversions: 0, nulls: 0 };
    const dense = markovAttribution(js, { order });
    const sparse = markovAttribution([...js, extra], { order });
    const e = effects(sparse);
    for (const x of dense.removalEffects) expect(Math.abs(e.get(x.channel)!.effect - x.effect)).toBeLessThan(1e-12);
    expect(sparse.transitions.states).toEqual(dense.transitions.states);
    expect(Array.from(sparse.transitions.weights)).toEqual(Array.from(dense.transitions.weights));
  });

  it('refuses order outside 1–4 and reserved channel names', () => {
    const err = (fn: () => unknown) => { try { fn(); } catch (e) { return e as AudienceKitError; } throw new Error('no throw'); };
    expect(err(() => markovAttribution(HAND, { order: 5 })).code).toBe('INVALID_OPTION');
    expect(err(() => markovAttribution(HAND, { order: 0 })).message).toContain('order');
    expect(err(() => markovAttribution([{ path: ['(conversion)'], conversions: 1 }])).code).toBe('INVALID_INPUT');
    expect(err(() => markovAttribution([{ path: ['a'], conversions: -1 }])).message).toContain('journeys[0].conversions');
  });

  test.prop([journeysArb, fc.integer({ min: 1, max: 3 })], { numRuns: 60 })('efficiency; P(conv) = observed rate; renaming and reordering permute nothing else', (js, order) => {
    const r = markovAttribution(js, { order });
    if (r.total.conversions > 0) {
      expect(relClose(r.channels.reduce((a, c) => a + c.conversions, 0), r.total.conversions, 1e-9)).toBe(true);
      expect(relClose(r.conversionProbability, r.observedConversionRate, 1e-10)).toBe(true);
    }
    if (r.total.value > 0) expect(relClose(r.channels.reduce((a, c) => a + c.value, 0), r.total.value, 1e-9)).toBe(true);
    const r2 = credit(markovAttribution(js.slice().reverse().map((j) => ({ ...j, path: j.path.map((c) => `z${c}`) })), { order }));
    for (const c of r.channels) {
      expect(Math.abs(r2.get(`z${c.channel}`)!.conversions - c.conversions)).toBeLessThan(1e-9 * Math.max(1, r.total.conversions));
      expect(Math.abs(r2.get(`z${c.channel}`)!.value - c.value)).toBeLessThan(1e-9 * Math.max(1, r.total.value));
    }
  });
});
