import { describe, expect, it } from 'vitest';
import { FOUR_A, assignStages } from '../../../src/lifecycle/stages/index.js';
import { PersonIndex, estimateDistinctIds, hashId } from '../../../src/lifecycle/stages/internal/personIndex.js';
import { Counters } from '../../../src/lifecycle/stages/internal/counters.js';
import { DAY } from './oracle.js';
import { toEventColumns, type AudienceKitError } from '../../../src/core/index.js';

describe('PersonIndex', () => {
  it('gives dense indices in order of first insertion, across many growths', () => {
    const ix = new PersonIndex(1);
    const ids = Array.from({ length: 50_000 }, (_, i) => `id-${(i * 7919) % 50_000}`);
    ids.forEach((id, i) => expect(ix.intern(id)).toBe(i));
    expect(ix.size).toBe(50_000);
    expect(ix.ids).toEqual(ids);
    ids.forEach((id, i) => { expect(ix.intern(id)).toBe(i); expect(ix.find(id)).toBe(i); });
    expect(ix.find('absent')).toBe(-1);
    expect(ix.size).toBe(50_000);
  });
  it('internHashed with a precomputed hash (touched first) gives what intern gives, across growths', () => {
    const a = new PersonIndex(1), b = new PersonIndex(1);
    const ids = Array.from({ length: 5_000 }, (_, i) => `u${(i * 31) % 3_001}`);
    for (const id of ids) { const h = hashId(id); b.touch(h); expect(b.internHashed(id, h)).toBe(a.intern(id)); }
    expect(b.ids).toEqual(a.ids);
    expect(b.size).toBe(3_001);
  });
  it('tells apart equal-length ids and the same id built as different string objects', () => {
    const ix = new PersonIndex();
    const a = ['ab', 'ba', 'a', 'aa', 'é', '\u0000'];
    a.forEach((id) => ix.intern(id));
    expect(a.map((id) => ix.find(id.split('').join('')))).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('estimateDistinctIds (a sizing hint)', () => {
  it('is exact-capped below 2^18 events and close on uniform activity above', () => {
    expect(estimateDistinctIds([{ p: 'a' }, { p: 'a' }], 'p')).toBe(2);
    const ev = Array.from({ length: 400_000 }, (_, i) => ({ p: `u${(i * 2654435761) % 40_000}` }));
    const est = estimateDistinctIds(ev, 'p');
    expect(est).toBeGreaterThan(36_000);
    expect(est).toBeLessThan(44_000);
  });
});

describe('assignStages above the sampling threshold', () => {
  // 2^18 + events: 'heavy' fills 99% of them (the sample sees few other ids); every other event
  // is a new person whose stage follows from its type.
  const n = (1 << 18) + 5, asOf = Date.UTC(2026, 5, 1);
  const types = ['impression', 'click', 'purchase'];
  const events = Array.from({ length: n }, (_, i) => i % 100 !== 7
    ? { personId: 'heavy', time: asOf - DAY + i, type: 'purchase', channel: 'qq_feed' }
    : { personId: `p${i}`, time: asOf - DAY, type: types[i % 3]!, channel: 'qq_feed' });
  it('gives every person the stage of its only event, in order of first appearance', () => {

    const r = assignStages(events, FOUR_A, { asOf, evidenceLimit: 1 });
    const expected = ['heavy', ...events.filter((e) => e.personId !== 'heavy').map((e) => e.personId)];
    expect(r.people.map((p) => p.personId)).toEqual(expected);
    r.people.forEach((p, k) => {
      if (k === 0) { expect(p.stage).toBe('advocate'); expect(p.evidence).toEqual([events[n - 1]]); return; } // repeat purchases; the latest is the evidence
      const i = Number(p.personId.slice(1));
      expect(p.code).toBe(i % 3 + 1);
      expect(p.evidence).toEqual([events[i]]);
    });
    expect(assignStages(toEventColumns(events), FOUR_A, { asOf }).distribution).toEqual(r.distribution);
  });
});

describe('Counters', () => {
  it('keep every value and start new people empty (counts 0, first times +Infinity) when they grow', () => {
    const c = new Counters(3, 2, 2);
    for (let j = 0; j < c.cnt.length; j++) c.cnt[j] = j + 1;
    c.first[0] = 5; c.first[3] = -2;
    c.grow(9);
    expect(c.cap).toBe(16);
    expect(c.cnt.slice(0, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(c.cnt.slice(10)).toEqual(new Array(16 * 5 - 10).fill(0));
    expect(c.first.slice(0, 4)).toEqual([5, Infinity, Infinity, -2]);
    expect(c.first.slice(4).every((x) => x === Infinity)).toBe(true);
    expect(c.first.length).toBe(32);
  });
  it('grow from an estimate of 0 people (capacity 0 asked) terminates with room for them', () => {
    const c = new Counters(2, 1, 0);
    c.grow(3);
    expect(c.cap).toBeGreaterThanOrEqual(3);
    expect(c.cnt.length).toBe(c.cap * 3);
  });
});

describe('assignStages: sampled ids that are all bad', () => {
  it('reports the first bad event (no hang when the people estimate is 0)', () => {
    // >= 2^18 events: the people estimate samples ~2^16 of them; here every one but event 0 has a numeric id.
    const n = 1 << 18;
    const events: { personId: unknown; time: number; type: string }[] = Array.from({ length: n }, () => ({ personId: 42, time: 0, type: 'click' }));
    events[0] = { personId: 'a', time: 0, type: 'click' };
    let err: unknown;
    try { assignStages(events as never[], FOUR_A, { asOf: 1 }); } catch (e) { err = e; }
    expect((err as AudienceKitError).code).toBe('INVALID_INPUT');
    expect((err as AudienceKitError).message).toContain('events[1].personId');
  });
});

describe('calls are independent', () => {
  it('a call after a larger and a smaller one gives the same result as the first', () => {
    const asOf = Date.UTC(2026, 5, 1);
    const types = ['impression', 'click', 'purchase', 'share'];
    const mk = (n: number, people: number, seed: number) => Array.from({ length: n }, (_, i) => ({
      personId: `q${(i * seed) % people}`, time: asOf - ((i * 7 + seed) % 100) * DAY, type: types[(i + seed) % 4]!, channel: 'qq_feed',
    }));
    const a = mk(5_000, 900, 31), big = mk(40_000, 9_000, 17), small = mk(300, 50, 13);
    const first = assignStages(a, FOUR_A, { asOf });
    const cols = assignStages(toEventColumns(a), FOUR_A, { asOf });
    assignStages(big, FOUR_A, { asOf, evidenceLimit: 7 });
    assignStages(toEventColumns(big), FOUR_A, { asOf, evidenceLimit: 2 });
    assignStages(small, FOUR_A, { asOf, evidenceLimit: 0 });
    expect(assignStages(a, FOUR_A, { asOf })).toEqual(first);
    expect(assignStages(toEventColumns(a), FOUR_A, { asOf })).toEqual(cols);
  });
});
