import { beforeAll, describe, expect, it } from 'vitest';
import { sampleRankCorrelation } from 'simple-statistics';
import { simulateWorld, type World } from '../../src/simulate/index.js';
import { heuristicAttribution, journeysFromTouchpoints, markovAttribution, shapleyAttribution, type AttributionResult, type JourneysFromTouchpointsResult } from '../../src/attribution/index.js';

const DAY = 86_400_000;
let world: World;
let built: JourneysFromTouchpointsResult;
let touchesPerChannel: Map<string, number>;
let firstPurchases: number;

// Journeys as the docs describe them: touchpoints = every non-purchase event; conversions = each
// person's FIRST purchase (the funnel-driven one; repeats follow a BG/NBD process independent of
// touches); look-back 28 days.
beforeAll(() => {
  world = simulateWorld({ people: 5000, seed: 42 });
  const touchpoints = world.events.filter((e) => e.type !== 'purchase').map((e) => ({ personId: e.personId, time: e.time, channel: e.channel }));
  const seen = new Set<string>();
  const conversions = world.events
    .filter((e) => e.type === 'purchase' && !seen.has(e.personId) && (seen.add(e.personId), true))
    .map((e) => ({ personId: e.personId, time: e.time, value: e.value ?? 0 }));
  firstPurchases = conversions.length;
  touchesPerChannel = new Map();
  for (const t of touchpoints) touchesPerChannel.set(t.channel, (touchesPerChannel.get(t.channel) ?? 0) + 1);
  built = journeysFromTouchpoints(touchpoints, conversions, { lookbackMs: 28 * DAY });
});

function rho(r: AttributionResult, perTouch: boolean): number {
  const truth = new Map(world.truth.channelEffects.map((c) => [c.channel as string, c.effect]));
  const credit = r.channels.map((c) => (perTouch ? c.conversions / touchesPerChannel.get(c.channel)! : c.conversions));
  return sampleRankCorrelation(credit, r.channels.map((c) => truth.get(c.channel)!));
}

describe('attribution on the simulated world (5,000 people, seed 42)', () => {
  it('every first purchase is either in a journey or counted unattributed', () => {
    const total = built.journeys.conversions.reduce((a, b) => a + b, 0);
    expect(total + built.unattributed.conversions).toBe(firstPurchases);
    expect(built.counts.touchpoints).toBe(world.events.filter((e) => e.type !== 'purchase').length);
  });

  it('Markov P(conversion) equals the observed journey conversion rate', () => {
    const m = markovAttribution(built.journeys);
    expect(m.conversionProbability).toBeCloseTo(m.observedConversionRate, 12);
  });

  // Spearman with the true per-touch effects (truth.channelEffects). Measured at 5,000 people, seeds 42
  // and 7 (and 20,000 / seed 42 in docs/attribution.md): Shapley conversionRate credit 0.79 / 0.41 / 0.74;
  // Markov order-1 credit per touchpoint 0.76 / 0.71 / 0.71. Floors are loose on purpose; the
  // heuristics' total credit follows exposure volume, not effect, and is not asserted.
  it('Shapley conversionRate ranks channels with the true effects (Spearman > 0)', () => {
    expect(rho(shapleyAttribution(built.journeys, { coalitionValue: 'conversionRate' }), false)).toBeGreaterThan(0);
  });

  it('Markov order-1 credit per touchpoint ranks channels with the true effects (Spearman > 0.3)', () => {
    expect(rho(markovAttribution(built.journeys), true)).toBeGreaterThan(0.3);
  });

  it('every model credits the same total', () => {
    const total = built.journeys.conversions.reduce((a, b) => a + b, 0);
    for (const r of [heuristicAttribution(built.journeys, { model: 'linear' }), markovAttribution(built.journeys, { order: 2 }), shapleyAttribution(built.journeys)]) {
      expect(r.channels.reduce((a, c) => a + c.conversions, 0)).toBeCloseTo(total, 8);
    }
  });
});
