import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { AudienceKitError } from '../../src/core/index.js';
import { diffInDiff, holdoutLift, syntheticControl } from '../../src/measurement/index.js';
import { WEEK_MS, personIndex, simulateWorld, type MeasuredCampaignTruth, type World } from '../../src/simulate/index.js';
import { IdentifierKeyMap } from '../../src/simulate/internal/identifierKeyMap.js';

/** sha256 of a world's JSON with Maps/Sets/typed arrays as arrays and non-finite numbers as strings. */
function worldHash(w: World): string {
  const s = JSON.stringify(w, (_k, v: unknown) =>
    v instanceof Map || v instanceof IdentifierKeyMap ? [...v.entries()]
      : v instanceof Set ? [...v]
        : ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>)
          : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
  return createHash('sha256').update(s).digest('hex');
}

/** Week of each person's first purchase (−1 = never), read from the events. */
function firstPurchaseWeek(w: World): Int32Array {
  const first = new Int32Array(w.people).fill(-1);
  for (const e of w.events) {
    if (e.type !== 'purchase') continue;
    const i = personIndex(e.personId);
    if (first[i] === -1) first[i] = Math.floor((e.time - w.start) / WEEK_MS);
  }
  return first;
}

describe('simulateWorld campaign option: the world without it is unchanged', () => {
  it('a world without `campaign` is byte-identical to the world before the option existed', () => {
    // Hash recorded from simulateWorld({ people: 800, seed: 5, weeks: 20 }) at commit af8cbfb,
    // before the campaign option was added (same serialisation as worldHash).
    const w = simulateWorld({ people: 800, seed: 5, weeks: 20 });
    expect(worldHash(w)).toBe('ec324998648de2114d492f25bf6d84ef092c2337086fcc730351489b0a197546');
    expect(w.truth.campaign).toBeUndefined();
    expect('campaign' in w.options).toBe(false);
  });

  it('profiles and identity links do not depend on the campaign (own random streams)', () => {
    const a = simulateWorld({ people: 1500, seed: 9, weeks: 20 });
    const b = simulateWorld({ people: 1500, seed: 9, weeks: 20, campaign: { startWeek: 10, weeks: 4 } });
    expect(b.profiles).toEqual(a.profiles);
    expect(b.links).toEqual(a.links);
    expect(b.truth.segment).toEqual(a.truth.segment);
  });

  it('is deterministic with a campaign', () => {
    const opts = { people: 2000, seed: 3, weeks: 30, campaign: { startWeek: 20, weeks: 5, effect: 1 } };
    expect(worldHash(simulateWorld(opts))).toBe(worldHash(simulateWorld(opts)));
  });

  it('with effect 0 the campaign causes nothing: counterfactual = realised, exactly', () => {
    const c = simulateWorld({ people: 3000, seed: 4, weeks: 30, campaign: { startWeek: 20, effect: 0 } }).truth.campaign!;
    expect(c.trueIncrementalConversions).toBe(0);
    expect(c.exposedConversions).toBe(c.counterfactualConversions);
    expect(c.incrementalByWeek).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('simulateWorld campaign option: bad options give INVALID_OPTION naming the field', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['campaign past the end', { people: 10, weeks: 52, campaign: { startWeek: 50 } }, 'campaign.startWeek'],
    ['holdout 1', { people: 10, campaign: { holdout: 1 } }, 'campaign.holdout'],
    ['negative effect', { people: 10, campaign: { effect: -0.1 } }, 'campaign.effect'],
    ['no treated cities', { people: 10, campaign: { treatedCityShare: 0 } }, 'campaign.treatedCityShare'],
    ['unknown channel', { people: 10, campaign: { channel: 'tv' } }, 'campaign.channel'],
    ['unknown field', { people: 10, campaign: { budget: 5 } }, 'campaign'],
  ];
  it.each(cases)('%s', (_name, opts, path) => {
    let err: unknown;
    try { simulateWorld(opts as never); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(AudienceKitError);
    expect((err as AudienceKitError).code).toBe('INVALID_OPTION');
    expect((err as AudienceKitError).message).toContain(path);
  });
});

describe('simulateWorld campaign option: default campaign on the 20k world', () => {
  let w: World, c: MeasuredCampaignTruth, first: Int32Array;
  beforeAll(() => {
    w = simulateWorld({ people: 20_000, campaign: {} });
    c = w.truth.campaign!;
    first = firstPurchaseWeek(w);
  });
  const inWindow = (i: number): number => (first[i]! >= c.startWeek && first[i]! < c.startWeek + c.weeks ? 1 : 0);

  it('documents its defaults: weeks 40–45, 9 of 30 cities, effect 0.5', () => {
    expect(w.options).toMatchObject({ campaign: { startWeek: 40, weeks: 6, treatedCityShare: 0.3, holdout: 0.1, effect: 0.5 } });
    expect(c.treatedCities).toHaveLength(9); // round(0.3 · 30)
    expect(new Set(c.treatedCities).size).toBe(9);
  });

  it('the audience is exactly the people of the treated cities; only they can be held out', () => {
    const treated = new Set(c.treatedCities);
    const expected = w.profiles.flatMap((p, i) => (treated.has(p.city) ? [i] : []));
    expect(Array.from(c.audience)).toEqual(expected);
    let outside = 0;
    for (let i = 0; i < w.people; i++) if (!treated.has(w.profiles[i]!.city)) outside += c.holdout[i]!;
    expect(outside).toBe(0);
  });

  it('holds out ≈ 10% of the audience (within 3 binomial standard errors)', () => {
    let held = 0;
    for (const i of c.audience) held += c.holdout[i]!;
    const n = c.audience.length, share = held / n;
    // seed 42: 581 of 5,727 = 10.1%; SE = sqrt(0.1 · 0.9 / 5727) = 0.40 pp
    expect(Math.abs(share - 0.1)).toBeLessThan(3 * Math.sqrt(0.09 / n));
    expect(c.exposedCount).toBe(n - held);
  });

  it('exposed people get one campaign impression per campaign week', () => {
    const seen = new Set<string>();
    for (const e of w.events) {
      if (e.type !== 'impression' || e.channel !== c.channel) continue;
      const wk = Math.floor((e.time - w.start) / WEEK_MS);
      if (wk >= c.startWeek && wk < c.startWeek + c.weeks) seen.add(`${String(personIndex(e.personId))}:${String(wk)}`);
    }
    let missing = 0;
    for (const i of c.audience) {
      if (c.holdout[i]) continue;
      for (let k = 0; k < c.weeks; k++) if (!seen.has(`${String(i)}:${String(c.startWeek + k)}`)) missing++;
    }
    expect(missing).toBe(0);
  });

  it('the truth counts agree with the events, and the campaign caused a positive lift', () => {
    let conv = 0;
    for (const i of c.audience) if (!c.holdout[i]) conv += inWindow(i);
    expect(conv).toBe(c.exposedConversions);
    expect(c.trueIncrementalConversions).toBe(c.exposedConversions - c.counterfactualConversions);
    expect(c.incrementalByWeek.reduce((s, x) => s + x, 0)).toBe(c.trueIncrementalConversions);
    // seed 42: 113 realised vs 71 counterfactual → 42 incremental, +59.2%
    expect(c.trueIncrementalConversions).toBeGreaterThan(0);
    expect(c.trueRelativeLift).toBeGreaterThan(0.2);
  });

  it('holdoutLift (exposed vs holdout, first purchases during the campaign) covers the true relative lift', () => {
    let tU = 0, tC = 0, hU = 0, hC = 0;
    for (const i of c.audience) {
      if (c.holdout[i]) { hU++; hC += inWindow(i); } else { tU++; tC += inWindow(i); }
    }
    const r = holdoutLift({ treatment: { users: tU, conversions: tC }, control: { users: hU, conversions: hC } });
    // seed 42: 113/5,146 vs 5/581 → relative lift 1.55 (90% 0.21 to 4.39), truth 0.59: a 10% holdout is noisy
    const rel = r.relativeLift!;
    expect(rel.lower).toBeLessThanOrEqual(c.trueRelativeLift);
    expect(rel.upper).toBeGreaterThanOrEqual(c.trueRelativeLift);
    expect(rel.estimate).toBeGreaterThan(0);
  });

  describe('geo view: weekly first purchases per city, treated cities vs the others', () => {
    let rows: { unit: string; time: number; outcome: number }[];
    beforeAll(() => {
      const counts = new Map<string, number>();
      for (let i = 0; i < w.people; i++) {
        if (first[i]! < 0) continue;
        const k = `${w.profiles[i]!.city}|${String(first[i])}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      const cities = [...new Set(w.profiles.map((p) => p.city))].sort();
      rows = [];
      for (const city of cities) for (let t = 0; t < c.startWeek + c.weeks; t++) rows.push({ unit: city, time: t, outcome: counts.get(`${city}|${String(t)}`) ?? 0 });
    });

    it('diffInDiff finds a positive effect whose interval covers the true per-city-week effect', () => {
      const r = diffInDiff(rows, { treatedUnits: [...c.treatedCities], treatmentStart: c.startWeek });
      const truth = c.trueIncrementalConversions / (c.treatedCities.length * c.weeks); // 42 / 54 = 0.78
      // seed 42: 0.945 (90% 0.556 to 1.333), p = 0.0003
      expect(r.lower).toBeGreaterThan(0);
      expect(r.lower).toBeLessThanOrEqual(truth);
      expect(r.upper).toBeGreaterThanOrEqual(truth);
    });

    it('syntheticControl finds positive incremental conversions whose interval covers the truth', () => {
      const r = syntheticControl(rows, { treatedUnits: [...c.treatedCities], treatmentStart: c.startWeek, permutations: 200, seed: 1 });
      // seed 42: 49.5 incremental (90% 29.0 to 67.4) vs 42 true
      expect(r.incremental.lower).toBeGreaterThan(0);
      expect(r.incremental.lower).toBeLessThanOrEqual(c.trueIncrementalConversions);
      expect(r.incremental.upper).toBeGreaterThanOrEqual(c.trueIncrementalConversions);
    });
  });
});
