import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { heuristicAttribution, parsePaths, type Journey } from '../../src/attribution/index.js';
import { AudienceKitError } from '../../src/core/index.js';
import { DATA_COLUMNS, DATA_HEURISTICS, readChannelAttributionData } from './fixture.js';
import { journeysArb, relClose } from './arbitraries.js';

const credit = (r: { channels: readonly { channel: string; conversions: number; value: number }[] }) =>
  new Map(r.channels.map((c) => [c.channel, c]));

describe('heuristicAttribution', () => {
  const data = parsePaths(readChannelAttributionData(), DATA_COLUMNS);

  it("equals ChannelAttribution's heuristic_models (first, last, linear) on its example Data", () => {
    (['first', 'last', 'linear'] as const).forEach((model, m) => {
      const r = credit(heuristicAttribution(data, { model }));
      for (const [ch, exp] of Object.entries(DATA_HEURISTICS)) {
        expect(relClose(r.get(ch)!.conversions, exp[m]!, 1e-12), `${model} ${ch}`).toBe(true);
        expect(relClose(r.get(ch)!.value, exp[m + 3]!, 1e-12), `${model} value ${ch}`).toBe(true);
      }
    });
  });

  it('position-based: 40/20/40 with the middle split; two touches half each; one touch all', () => {
    const js: Journey[] = [
      { path: ['a', 'b', 'c', 'd'], conversions: 10, value: 100 }, // a 4, b 1, c 1, d 4
      { path: ['b', 'c'], conversions: 2 }, // b 1, c 1
      { path: ['d'], conversions: 1, nulls: 5 }, // d 1
    ];
    const r = credit(heuristicAttribution(js, { model: 'positionBased' }));
    expect(r.get('a')!.conversions).toBeCloseTo(4, 12);
    expect(r.get('b')!.conversions).toBeCloseTo(2, 12);
    expect(r.get('c')!.conversions).toBeCloseTo(2, 12);
    expect(r.get('d')!.conversions).toBeCloseTo(5, 12);
    expect(r.get('a')!.value).toBeCloseTo(40, 12);
    // Custom shares 0.3 / 0.5: a 3, b 1, c 1, d 5 on the first journey.
    const r2 = credit(heuristicAttribution(js.slice(0, 1), { model: 'positionBased', positionShares: { first: 0.3, last: 0.5 } }));
    expect(r2.get('d')!.conversions).toBeCloseTo(5, 12);
    expect(r2.get('b')!.conversions).toBeCloseTo(1, 12);
  });

  it('time decay: weights halve per half-life before the end', () => {
    // Touches at 0 (a), 10 (b), 20 (a), half-life 10: weights 1/4, 1/2, 1 → shares 1/7, 2/7, 4/7.
    const js: Journey[] = [{ path: ['a', 'b', 'a'], times: [0, 10, 20], endTime: 25, conversions: 7, value: 14 }];
    const r = credit(heuristicAttribution(js, { model: 'timeDecay', halfLifeMs: 10 }));
    expect(r.get('a')!.conversions).toBeCloseTo(5, 12);
    expect(r.get('b')!.conversions).toBeCloseTo(2, 12);
    expect(r.get('b')!.value).toBeCloseTo(4, 12);
  });

  it('refuses bad options and time decay without times', () => {
    const js: Journey[] = [{ path: ['a'], conversions: 1 }];
    const err = (fn: () => unknown) => { try { fn(); } catch (e) { return e as AudienceKitError; } throw new Error('no throw'); };
    expect(err(() => heuristicAttribution(js, { model: 'timeDecay' })).code).toBe('INVALID_OPTION');
    expect(err(() => heuristicAttribution(js, { model: 'timeDecay', halfLifeMs: 5 })).code).toBe('INVALID_INPUT');
    expect(err(() => heuristicAttribution(js, { model: 'middle' as never })).code).toBe('INVALID_OPTION');
    expect(err(() => heuristicAttribution(js, { model: 'positionBased', positionShares: { first: 0.8, last: 0.8 } })).code).toBe('INVALID_OPTION');
    const e = err(() => heuristicAttribution([{ path: ['a'], conversions: 1 }, { path: [], conversions: 2 }], { model: 'first' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('journeys[1].path');
    expect(err(() => heuristicAttribution([{ path: ['(start)'], conversions: 1 }], { model: 'first' })).message).toContain('journeys[0].path[0]');
    expect(err(() => heuristicAttribution([{ path: ['a'], conversions: NaN }], { model: 'first' })).message).toContain('journeys[0].conversions');
  });

  test.prop([journeysArb, fc.constantFrom('first', 'last', 'linear', 'positionBased' as const)])('credit sums to the total (1e-9 relative); renaming and reordering permute nothing else', (js, model) => {
    const r = heuristicAttribution(js, { model });
    const sum = r.channels.reduce((a, c) => a + c.conversions, 0);
    const sumV = r.channels.reduce((a, c) => a + c.value, 0);
    expect(relClose(sum, r.total.conversions, 1e-9)).toBe(true);
    expect(relClose(sumV, r.total.value, 1e-9)).toBe(true);
    const renamed = js.slice().reverse().map((j) => ({ ...j, path: j.path.map((c) => `x_${c}`) }));
    const r2 = credit(heuristicAttribution(renamed, { model }));
    for (const c of r.channels) {
      expect(relClose(r2.get(`x_${c.channel}`)!.conversions, c.conversions, 1e-9)).toBe(true);
      expect(relClose(r2.get(`x_${c.channel}`)!.value, c.value, 1e-9)).toBe(true);
    }
  });
});
