import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { shapleyAttribution, type Journey } from '../../src/attribution/index.js';
import { shapleyFromGame, zetaTransform } from '../../src/attribution/internal/shapleyGame.js';
import { AudienceKitError } from '../../src/core/index.js';
import { journeysArb, relClose } from './arbitraries.js';

const credit = (r: { channels: readonly { channel: string; conversions: number; value: number }[] }) => new Map(r.channels.map((c) => [c.channel, c]));

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [xs.slice()];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

/** The definition, independently: v(S) by scanning the journeys; φ = mean marginal over all orderings. */
function shapleyByOrderings(js: readonly Journey[], game: (inS: Journey[]) => number): Map<string, number> {
  const channels = Array.from(new Set(js.flatMap((j) => j.path))).sort();
  const v = (S: Set<string>) => game(js.filter((j) => j.path.every((c) => S.has(c))));
  const phi = new Map(channels.map((c) => [c, 0]));
  const perms = permutations(channels);
  for (const p of perms) {
    const S = new Set<string>();
    for (const c of p) {
      const before = v(S);
      S.add(c);
      phi.set(c, phi.get(c)! + (v(S) - before) / perms.length);
    }
  }
  return phi;
}
const rate = (key: 'conversions' | 'value') => (inS: Journey[]) => {
  const num = inS.reduce((a, j) => a + (key === 'conversions' ? j.conversions : (j.value ?? 0)), 0);
  const den = inS.reduce((a, j) => a + j.conversions + (j.nulls ?? 0), 0);
  return den > 0 ? num / den : 0;
};

const FOUR: Journey[] = [
  { path: ['a', 'b'], conversions: 3, value: 30, nulls: 5 },
  { path: ['b'], conversions: 1, value: 5, nulls: 9 },
  { path: ['c', 'a', 'c'], conversions: 2, value: 7, nulls: 1 },
  { path: ['d'], conversions: 0, nulls: 4 },
  { path: ['a'], conversions: 4, value: 8, nulls: 4 },
  { path: ['d', 'b', 'c'], conversions: 1, value: 1, nulls: 0 },
  { path: [], conversions: 0, nulls: 6 }, // untouched people: in every coalition's denominator
];

describe('shapleyAttribution', () => {
  it('conversionRate (exact) equals the definition over all orderings, 4 channels, scaled to the totals', () => {
    const r = shapleyAttribution(FOUR, { coalitionValue: 'conversionRate' });
    expect(r.method).toBe('exact');
    const byDef = shapleyByOrderings(FOUR, rate('conversions'));
    const byDefV = shapleyByOrderings(FOUR, rate('value'));
    const grand = rate('conversions')(FOUR), grandV = rate('value')(FOUR);
    expect(r.grandCoalitionRate).toBeCloseTo(grand, 14);
    const c = credit(r);
    for (const [ch, phi] of byDef) {
      expect(c.get(ch)!.conversions).toBeCloseTo((phi * 11) / grand, 12); // total conversions 11
      expect(c.get(ch)!.value).toBeCloseTo((byDefV.get(ch)! * 51) / grandV, 11); // total value 51
    }
    // d's journeys convert worse than the rest: negative credit, reported, not clipped.
    expect(c.get('d')!.conversions).toBeLessThan(0);
  });

  it("'conversions' closed form equals the general algorithm (zeta transform + Shapley sum) and the definition", () => {
    const r = credit(shapleyAttribution(FOUR));
    const channels = ['a', 'b', 'c', 'd'];
    const n = channels.length;
    const f = new Float64Array(1 << n);
    for (const j of FOUR) f[j.path.reduce((m, ch) => m | (1 << channels.indexOf(ch)), 0)]! += j.conversions;
    zetaTransform(f, n);
    const phi = shapleyFromGame(f, n);
    const byDef = shapleyByOrderings(FOUR, (inS) => inS.reduce((a, j) => a + j.conversions, 0));
    channels.forEach((ch, i) => {
      expect(r.get(ch)!.conversions).toBeCloseTo(phi[i]!, 12);
      expect(r.get(ch)!.conversions).toBeCloseTo(byDef.get(ch)!, 12);
    });
    // Hand: a gets 3/2 + 2/2 + 4 = 6.5; d never converts alone and shares d>b>c's 1 → 1/3.
    expect(r.get('a')!.conversions).toBeCloseTo(6.5, 12);
    expect(r.get('d')!.conversions).toBeCloseTo(1 / 3, 12);
  });

  it('sampled permutations agree with exact within 4 standard errors, and are seeded', () => {
    const exact = credit(shapleyAttribution(FOUR, { coalitionValue: 'conversionRate' }));
    const s = shapleyAttribution(FOUR, { coalitionValue: 'conversionRate', mode: 'sampled', samples: 4000, seed: 7 });
    const se = new Map(s.standardErrors!.map((e) => [e.channel, e]));
    for (const c of s.channels) {
      expect(se.get(c.channel)!.conversions).toBeGreaterThan(0);
      expect(Math.abs(c.conversions - exact.get(c.channel)!.conversions)).toBeLessThan(4 * se.get(c.channel)!.conversions);
    }
    expect(relClose(s.channels.reduce((a, c) => a + c.conversions, 0), 11, 1e-9)).toBe(true);
    expect(shapleyAttribution(FOUR, { coalitionValue: 'conversionRate', mode: 'sampled', samples: 50, seed: 3 }))
      .toEqual(shapleyAttribution(FOUR, { coalitionValue: 'conversionRate', mode: 'sampled', samples: 50, seed: 3 }));
  });

  it('refuses exact conversionRate beyond 20 channels, sampled without seed, unknown games', () => {
    const many: Journey[] = Array.from({ length: 21 }, (_, i) => ({ path: [`c${i}`], conversions: 1, nulls: 1 }));
    const err = (fn: () => unknown) => { try { fn(); } catch (e) { return e as AudienceKitError; } throw new Error('no throw'); };
    expect(err(() => shapleyAttribution(many, { coalitionValue: 'conversionRate' })).code).toBe('INVALID_OPTION');
    // 21 symmetric channels: exact credit 1 each; sampled credit is (times first of 20 permutations) × 21/20.
    const sampled = shapleyAttribution(many, { coalitionValue: 'conversionRate', mode: 'sampled', seed: 1, samples: 20 });
    expect(sampled.channels.reduce((a, c) => a + c.conversions, 0)).toBeCloseTo(21, 10);
    for (const c of sampled.channels) expect((c.conversions * 20) / 21).toBeCloseTo(Math.round((c.conversions * 20) / 21), 10);
    expect(err(() => shapleyAttribution(FOUR, { coalitionValue: 'conversionRate', mode: 'sampled' })).message).toContain('seed');
    expect(err(() => shapleyAttribution(FOUR, { coalitionValue: 'revenue' as never })).code).toBe('INVALID_OPTION');
  });

  test.prop([journeysArb, fc.constantFrom('conversions', 'conversionRate' as const)], { numRuns: 60 })('efficiency; non-converting channels get 0 (conversions); renaming and reordering permute nothing else', (js, coalitionValue) => {
    const withIdle = [...js, { path: ['idle', 'a'], conversions: 0, nulls: 3 }];
    const r = shapleyAttribution(withIdle, { coalitionValue });
    if (r.total.conversions > 0) expect(relClose(r.channels.reduce((a, c) => a + c.conversions, 0), r.total.conversions, 1e-9)).toBe(true);
    if (r.total.value > 0) expect(relClose(r.channels.reduce((a, c) => a + c.value, 0), r.total.value, 1e-9)).toBe(true);
    if (coalitionValue === 'conversions') expect(credit(r).get('idle')!.conversions).toBe(0);
    const r2 = credit(shapleyAttribution(withIdle.slice().reverse().map((j) => ({ ...j, path: j.path.map((c) => `q${c}`) })), { coalitionValue }));
    for (const c of r.channels) {
      expect(Math.abs(r2.get(`q${c.channel}`)!.conversions - c.conversions)).toBeLessThan(1e-9 * Math.max(1, r.total.conversions));
    }
  });
});
