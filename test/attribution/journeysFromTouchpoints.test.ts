import { describe, expect, it } from 'vitest';
import { heuristicAttribution, journeysFromTouchpoints, toJourneys } from '../../src/attribution/index.js';
import { AudienceKitError } from '../../src/core/index.js';

const DAY = 86_400_000;
const tp = (personId: string, day: number, channel: string) => ({ personId, time: day * DAY, channel });

describe('journeysFromTouchpoints', () => {
  // p1: feed d0, search d5, buys d6 (50), news d7, buys d8 (20), ad d9 (never converts).
  // p2: feed d0, buys d40 (lookback 30 d: feed expired → null journey; conversion unattributed).
  // p3: buys d3 with no touch at all → unattributed.
  const touches = [tp('p1', 5, 'search'), tp('p1', 0, 'feed'), tp('p1', 7, 'news'), tp('p1', 9, 'ad'), tp('p2', 0, 'feed')];
  const convs = [{ personId: 'p1', time: 6 * DAY, value: 50 }, { personId: 'p1', time: 8 * DAY, value: 20 }, { personId: 'p2', time: 40 * DAY, value: 7 }, { personId: 'p3', time: 3 * DAY }];

  it('closes a journey at each conversion, counts unattributed conversions, makes null journeys of the rest', () => {
    const r = journeysFromTouchpoints(touches, convs, { lookbackMs: 30 * DAY, aggregate: false });
    expect(toJourneys(r.journeys)).toEqual([
      { path: ['feed', 'search'], conversions: 1, value: 50, nulls: 0, times: [0, 5 * DAY], endTime: 6 * DAY },
      { path: ['news'], conversions: 1, value: 20, nulls: 0, times: [7 * DAY], endTime: 8 * DAY },
      { path: ['ad'], conversions: 0, value: 0, nulls: 1, times: [9 * DAY], endTime: 9 * DAY },
      { path: ['feed'], conversions: 0, value: 0, nulls: 1, times: [0], endTime: 0 },
    ]);
    expect(r.unattributed).toEqual({ conversions: 2, value: 7 });
    expect(r.counts).toEqual({ convertingJourneys: 2, nullJourneys: 2, touchpoints: 5 });
    // Time decay on the first journey (half-life 5 d): feed weight 1/2, search 1 → 1/3, 2/3 of 50.
    const td = heuristicAttribution(r.journeys, { model: 'timeDecay', halfLifeMs: 5 * DAY });
    expect(td.channels.find((c) => c.channel === 'search')!.value).toBeCloseTo((50 * 2) / 3, 10);
  });

  it('aggregates by path by default; a short look-back splits off expired touches as a null journey', () => {
    const r = journeysFromTouchpoints(touches, convs, { lookbackMs: 3 * DAY });
    expect(toJourneys(r.journeys)).toEqual([
      { path: ['ad'], conversions: 0, value: 0, nulls: 1 },
      { path: ['feed'], conversions: 0, value: 0, nulls: 2 },
      { path: ['news'], conversions: 1, value: 20, nulls: 0 },
      { path: ['search'], conversions: 1, value: 50, nulls: 0 },
    ]);
    expect(r.journeys.times).toBeUndefined();
  });

  it('validates with field paths', () => {
    const err = (fn: () => unknown) => { try { fn(); } catch (e) { return e as AudienceKitError; } throw new Error('no throw'); };
    expect(err(() => journeysFromTouchpoints(touches, convs, { lookbackMs: 0 })).code).toBe('INVALID_OPTION');
    const e = err(() => journeysFromTouchpoints([...touches, { personId: 'p9', time: NaN, channel: 'x' }], convs, { lookbackMs: DAY }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.message).toContain('touchpoints[5].time');
    expect(err(() => journeysFromTouchpoints(touches, [{ personId: 'p1', time: 0, value: -1 }], { lookbackMs: DAY })).message).toContain('conversions[0].value');
    expect(err(() => journeysFromTouchpoints([tp('p1', 0, '(null)')], [], { lookbackMs: DAY })).message).toContain('touchpoints[0].channel');
  });
});
