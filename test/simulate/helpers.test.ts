import { describe, expect, it } from 'vitest';
import { AudienceKitError } from '../../src/core/index.js';
import { CHANNELS, EVENT_TYPES, IDENTIFIER_TYPES, LINK_SOURCES, STAGES, personIdOf, personIndex, simulateWorld, stageAt, summarizeWorld } from '../../src/simulate/index.js';

describe('personIndex / personIdOf', () => {
  it('inverts the person id format p + 7 digits', () => {
    expect(personIdOf(42)).toBe('p0000042');
    expect(personIndex('p0000042')).toBe(42);
    expect(personIndex('p1234567')).toBe(1234567);
    for (const i of [0, 1, 999, 1_999_999]) expect(personIndex(personIdOf(i))).toBe(i);
  });
  it.each(['42', 'p42', 'q0000042', 'p00000x2', ''])('rejects %j with INVALID_INPUT', (bad) => {
    expect(() => personIndex(bad)).toThrow(AudienceKitError);
    try { personIndex(bad); } catch (e) { expect((e as AudienceKitError).code).toBe('INVALID_INPUT'); }
  });
});

describe('stageAt and summarizeWorld', () => {
  const w = simulateWorld({ people: 400, seed: 9, weeks: 30 });

  it('stageAt reads truth.stage[week * people + person]', () => {
    expect(stageAt(w, 17, 29)).toBe(STAGES[w.truth.stage[29 * 400 + 17]!]);
    expect(() => stageAt(w, 400, 0)).toThrow(/person/);
    expect(() => stageAt(w, 0, 30)).toThrow(/week/);
    expect(() => stageAt(w, 0.5, 0)).toThrow(AudienceKitError);
  });

  it('summarizeWorld counts agree with direct counts of the data', () => {
    const s = summarizeWorld(w);
    expect(s.people).toBe(400);
    expect(Object.keys(s.identifiers)).toEqual([...IDENTIFIER_TYPES]);
    expect(Object.keys(s.links)).toEqual([...LINK_SOURCES]);
    expect(Object.keys(s.eventsByType)).toEqual([...EVENT_TYPES]);
    expect(Object.keys(s.touchpointsByChannel)).toEqual([...CHANNELS]);
    expect(Object.values(s.links).reduce((a, b) => a + b, 0)).toBe(w.links.length);
    expect(Object.values(s.eventsByType).reduce((a, b) => a + b, 0)).toBe(w.events.length);
    const distinct = new Set(w.links.flatMap((l) => l.identifiers.map((id) => `${id.type}:${id.value}`)));
    expect(Object.values(s.identifiers).reduce((a, b) => a + b, 0)).toBe(distinct.size);
    const buys = w.events.filter((e) => e.type === 'purchase');
    expect(s.purchases).toBe(buys.length);
    expect(s.customers).toBe(new Set(buys.map((e) => e.personId)).size);
    expect(s.revenue).toBeCloseTo(buys.reduce((a, e) => a + e.value!, 0), 2);
    expect(Object.values(s.stageDistribution).reduce((a, b) => a + b, 0)).toBe(400);
    expect(s.stageDistribution.none).toBe([...w.truth.stage.subarray(29 * 400)].filter((x) => x === 0).length);
  });
});
