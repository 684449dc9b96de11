import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AudienceKitError } from '../../../src/core/index.js';
import { explainIdentity, identifiersOf, identityLinkSummary, personOf, resolveIdentities, type IdentityGraph, type IdentityLink } from '../../../src/identity/resolve/index.js';
import { canonical, linkArb } from './helpers.js';

const L = (ids: [string, string][], time?: number): IdentityLink => ({ identifiers: ids.map(([type, value]) => ({ type, value })), ...(time === undefined ? {} : { time }) });
const stored = (g: IdentityGraph): IdentityGraph => JSON.parse(JSON.stringify(g)) as IdentityGraph;
const COLUMNS = ['idType', 'linkStart', 'linkIds', 'linkCount', 'linkFirstRow', 'linkTimeMin', 'linkTimeMax', 'linkSource'] as const;

// Regression tests for the review of the typed-column change (30dd24b..): lookups on a stored
// graph must not touch it, JSON null times stay null, `previous` from outside is validated, and
// the state's column snapshots cannot be written into.
describe('link state ownership', () => {
  const links = [L([['account', 'u1'], ['phone', '13800138000']]), L([['phone', '13800138000'], ['openid', 'oX1']])];
  const a = { type: 'account', value: 'u1' }, b = { type: 'openid', value: 'oX1' };

  it('lookups on a graph read back from JSON leave it untouched (same arrays, same JSON, no getters)', () => {
    const s = stored(resolveIdentities(links));
    const before = JSON.stringify(s);
    const arrays = COLUMNS.map((c) => s.state[c]);
    personOf(s, a); identifiersOf(s, personOf(s, a)!); explainIdentity(s, a, b);
    expect(JSON.stringify(s)).toBe(before);
    COLUMNS.forEach((c, i) => {
      expect(s.state[c]).toBe(arrays[i]);
      expect(Object.getOwnPropertyDescriptor(s.state, c)!.get).toBeUndefined();
    });
  });

  it('JSON null link times stay null in explanations', () => {
    const g = resolveIdentities(links);
    const s = stored(g);
    expect(explainIdentity(s, a, b).steps.map((x) => x.time)).toEqual([null, null]);
    expect(explainIdentity(g, a, b).steps.map((x) => x.time)).toEqual([null, null]);
  });

  it('a stored `previous` is validated even after a lookup: incremental equals batch', () => {
    const rules = { limits: { account: 1 }, maxPeoplePerIdentifier: 5 };
    const first = [L([['account', 'u1'], ['phone', '13800138000']])];
    const second = [L([['account', 'u2'], ['phone', '13800138000']], 1000)];
    const s = stored(resolveIdentities(first, rules));
    personOf(s, { type: 'account', value: 'u1' });
    expect(canonical(resolveIdentities(second, rules, { previous: s }))).toEqual(canonical(resolveIdentities([...first, ...second], rules)));
  });

  it('a stored `previous` edited after a lookup is validated (INVALID_INPUT or INVALID_MODEL, not a crash)', () => {
    const g = resolveIdentities(links);
    personOf(g, a);
    const s = stored(g);
    personOf(s, a);
    (s.state as { linkIds: number[] }).linkIds[0] = 99;
    expect(() => resolveIdentities([], undefined, { previous: s })).toThrow(AudienceKitError);
  });

  it('writing into a column snapshot does not change the state', () => {
    const g = resolveIdentities(links);
    const before = JSON.stringify(g.state);
    const count = g.state.linkCount;
    try { (count as number[])[0] = 99; } catch { /* a frozen snapshot may throw */ }
    expect(g.state.linkCount[0]).toBe(1);
    expect(JSON.stringify(g.state)).toBe(before);
  });

  it('adding to a sealed or frozen state is refused with AudienceKitError (never a state that cannot be read back)', () => {
    const sum = identityLinkSummary();
    const link = links[0]!;
    for (const lock of [Object.seal, Object.freeze]) {
      let err: unknown;
      try { sum.add(lock(sum.empty()), link, 0); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(AudienceKitError);
      expect((err as AudienceKitError).code).toBe('INVALID_INPUT');
    }
    // An unlocked state still round-trips.
    const s = sum.add(sum.empty(), link, 0);
    expect(sum.fromJSON(JSON.parse(JSON.stringify(sum.toJSON(s)))).idValue).toEqual(s.idValue);
  });

  it('property: lookups on a stored graph change nothing and answer like the fresh graph; stored previous after a lookup == batch', () => {
    const rules = { limits: { account: 1 }, maxPeoplePerIdentifier: 5 };
    // Some links without a time (JSON `null` in the stored state).
    const mixed = fc.array(fc.tuple(linkArb, fc.boolean()).map(([l, t]): IdentityLink => (t ? l : { identifiers: l.identifiers, ...(l.source === undefined ? {} : { source: l.source }) })), { maxLength: 40 });
    fc.assert(fc.property(mixed, mixed, (a, b) => {
      const g = resolveIdentities(a, rules);
      const s = stored(g);
      const before = JSON.stringify(s);
      const ids = g.state.idValue.map((value, i) => ({ type: g.state.types[g.state.idType[i]!]!, value }));
      for (const x of ids.slice(0, 4)) {
        expect(personOf(s, x)).toBe(personOf(g, x));
        for (const y of ids.slice(0, 4)) expect(explainIdentity(s, x, y)).toEqual(explainIdentity(g, x, y));
      }
      expect(JSON.stringify(s)).toBe(before);
      expect(canonical(resolveIdentities(b, rules, { previous: s }))).toEqual(canonical(resolveIdentities([...a, ...b], rules)));
    }), { numRuns: 100 });
  });
});
