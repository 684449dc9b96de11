import { expect, it } from 'vitest';
import { heuristicAttribution, markovAttribution, parsePaths } from '../../src/attribution/index.js';

// The examples of the JSDoc and docs/attribution.md, checked (hand arithmetic in those comments).
it('docs example', () => {
  const journeys = parsePaths([
    { path: 'search > feed > search', conversions: 3, value: 120, nulls: 10 },
    { path: 'feed', conversions: 1, value: 30, nulls: 25 },
  ]);
  expect(heuristicAttribution(journeys, { model: 'linear' }).channels).toEqual([
    { channel: 'feed', conversions: 2, value: 70, share: 0.5 },
    { channel: 'search', conversions: 2, value: 80, share: 0.5 },
  ]);
  expect(markovAttribution(journeys).conversionProbability).toBeCloseTo(4 / 39, 14);
});

it('markovAttribution JSDoc example', () => {
  const r = markovAttribution([{ path: ['a', 'b'], conversions: 1, nulls: 1 }, { path: ['b'], conversions: 0, nulls: 2 }]);
  expect(r.removalEffects.map((e) => [e.channel, +e.effect.toFixed(12), e.valueEffect])).toEqual([['b', 1, 0], ['a', 0.5, 0]]);
  expect(r.conversionProbability).toBeCloseTo(0.25, 14);
});
