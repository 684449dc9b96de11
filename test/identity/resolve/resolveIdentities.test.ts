import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AudienceKitError, accumulate, mergeAll } from '../../../src/core/index.js';
import {
  identifiersOf, identityLinkSummary, normalizeIdentifier, personOf, resolveIdentities, type IdentityLink,
} from '../../../src/identity/resolve/index.js';
import { canonical, linksArb, typeCounts } from './helpers.js';

const id = (type: string, value: string) => ({ type, value });
const L = (ids: [string, string][], time?: number, source = 'test'): IdentityLink => (time === undefined ? { identifiers: ids.map(([t, v]) => id(t, v)), source } : { identifiers: ids.map(([t, v]) => id(t, v)), source, time });

describe('resolveIdentities: stitching', () => {
  it('joins raw variants of one identifier and chains links into one person', () => {
    const g = resolveIdentities([
      L([['account', 'u1'], ['phone', '138 0013 8000']]),
      L([['phone', '+86 138-0013-8000'], ['openid', 'oX1']]),
      L([['openid', 'oX1'], ['device', 'ab12cd34-0000-4000-8000-0123456789ab']]),
      L([['device', 'AB12CD34-0000-4000-8000-0123456789AB'], ['cookie', 'c1']]),
      L([['account', 'u2']]),
    ]);
    expect(g.personIds).toHaveLength(2);
    const p = personOf(g, id('account', 'u1'))!;
    expect(identifiersOf(g, p).map((i) => i.type)).toEqual(['account', 'phone', 'openid', 'device', 'cookie']); // priority order
    expect(personOf(g, id('cookie', 'c1'))).toBe(p);
    expect(personOf(g, id('phone', '0086 13800138000'))).toBe(p); // raw lookup is normalized
    expect(personOf(g, id('account', 'u2'))).not.toBe(p);
    expect(personOf(g, id('account', 'nobody'))).toBeUndefined();
  });

  it('rejects junk, blocked, invalid identifiers and bad rows with row index and masked values, without aborting', () => {
    const g = resolveIdentities([
      L([['account', 'u1'], ['device', '00000000-0000-0000-0000-000000000000'], ['phone', '13800138000']]),
      L([]),
      { identifiers: [{ type: 'phone', value: 13800138000 }] },
      'not a link',
      L([['email', 'unknown'], ['qq', '-1'], ['cookie', 'null'], ['account', '  ']]),
      L([['phone', '12345'], ['account', 'test-user-9'], ['account', 'u1']]),
    ], { blocked: [/^test-/, 'account:u9'] });
    const rows = g.rejected.map((r) => [r.row, r.identifier ?? null, r.reason]);
    expect(rows).toEqual([
      [0, 1, 'junk'], [1, null, 'empty-link'], [2, null, 'invalid-link'], [3, null, 'invalid-link'],
      [4, 0, 'junk'], [4, 1, 'junk'], [4, 2, 'junk'], [4, 3, 'junk'], [5, 0, 'invalid-identifier'], [5, 1, 'blocked'],
    ]);
    expect(g.rejected[2]!.message).toContain('links[2].identifiers[0].value');
    for (const r of g.rejected) expect(r.message).not.toMatch(/13800138000|12345|test-user-9/);
    expect(g.personIds).toHaveLength(1);
    expect(identifiersOf(g, g.personIds[0]!)).toEqual([id('account', 'u1'), id('phone', '+8613800138000')]);
  });

  it('refuses a merge that breaks a limit, in time order whatever the input order', () => {
    // A family landline seen first with u1 (t=1), then with u2 (t=2): it joins u1; u2's merge is refused.
    // maxPeoplePerIdentifier: Infinity so the guard does not take the phone out first.
    const links = [L([['account', 'u2'], ['phone', '13800138000']], 2, 'crm_upload'), L([['account', 'u1'], ['phone', '13800138000']], 1, 'crm_upload')];
    for (const order of [links, [...links].reverse()]) {
      const g = resolveIdentities(order, { maxPeoplePerIdentifier: Infinity });
      expect(g.personIds).toHaveLength(2);
      expect(personOf(g, id('phone', '13800138000'))).toBe(personOf(g, id('account', 'u1')));
      expect(g.refused).toHaveLength(1);
      expect(g.refused[0]).toMatchObject({ identifier: id('phone', '+8613800138000'), into: id('account', 'u2'), type: 'account', limit: 1, wouldHave: 2 });
      expect(order[g.refused[0]!.row]!.identifiers[0]).toEqual(id('account', 'u2'));
    }
  });

  it('applies custom limits', () => {
    const links = [L([['account', 'u1'], ['phone', '13800138000']], 1), L([['account', 'u1'], ['phone', '13900139000']], 2)];
    expect(resolveIdentities(links).personIds).toHaveLength(2); // phone: 1 by default
    expect(resolveIdentities(links, { limits: { account: 1, phone: 2 } }).personIds).toHaveLength(1);
  });

  it('keeps a shared family device out of merges and reports it', () => {
    const links = [
      L([['account', 'mum'], ['device', 'tablet']]),
      L([['account', 'dad'], ['device', 'tablet'], ['cookie', 'c-dad']]),
      L([['account', 'mum'], ['device', 'mum-phone']]),
    ];
    const g = resolveIdentities(links);
    expect(g.personIds).toHaveLength(2);
    expect(personOf(g, id('device', 'tablet'))).toBeUndefined();
    expect(g.shared).toHaveLength(1);
    expect(g.shared[0]!.identifier).toEqual(id('device', 'tablet'));
    expect(g.shared[0]!.identities).toBe(2); // two accounts, limit 1 → two people
    expect(g.shared[0]!.people).toEqual([personOf(g, id('account', 'dad')), personOf(g, id('account', 'mum'))].sort());
    // Without the guard the limit still refuses mum+dad, but the tablet then sides with one of them.
    const off = resolveIdentities(links, { maxPeoplePerIdentifier: Infinity });
    expect(off.shared).toHaveLength(0);
    expect(off.refused).toHaveLength(1);
    // With maxPeoplePerIdentifier 2 the tablet is tolerated.
    expect(resolveIdentities(links, { maxPeoplePerIdentifier: 2 }).shared).toHaveLength(0);
  });

  it('gives stable person ids: the strongest identifier decides, unrelated data changes nothing', () => {
    const a = resolveIdentities([L([['cookie', 'c1'], ['phone', '13800138000']])]);
    const b = resolveIdentities([L([['phone', '+8613800138000'], ['device', 'd9']]), L([['account', 'zz']]), L([['cookie', 'c7'], ['device', 'd9']])]);
    // The phone outranks cookies and devices in both graphs: the same person id.
    expect(personOf(b, id('phone', '13800138000'))).toBe(a.personIds[0]);
    // An account joining makes it the strongest: a new id (two people truly merged into one).
    const c = resolveIdentities([L([['cookie', 'c1'], ['phone', '13800138000']]), L([['phone', '13800138000'], ['account', 'u5']])]);
    expect(c.personIds[0]).not.toBe(a.personIds[0]);
    expect(c.personIds[0]).toBe(resolveIdentities([L([['account', 'u5']])]).personIds[0]);
    // A salt changes every id.
    expect(resolveIdentities([L([['account', 'u5']])], { personIdSalt: 's' }).personIds[0]).not.toBe(c.personIds[0]);
    expect(c.personIds[0]).toMatch(/^P[0-9a-f]{16}$/);
  });

  it('handles __proto__ and custom types as plain keys', () => {
    const g = resolveIdentities([L([['account', '__proto__'], ['loyalty_card', 'constructor']])]);
    expect(identifiersOf(g, g.personIds[0]!)).toEqual([id('account', '__proto__'), id('loyalty_card', 'constructor')]);
  });

  it('validates its arguments', () => {
    const code = (f: () => unknown) => { try { f(); return 'none'; } catch (e) { return (e as AudienceKitError).code; } };
    expect(code(() => resolveIdentities('x' as never))).toBe('INVALID_INPUT');
    expect(code(() => resolveIdentities([], { limits: { account: 0 } }))).toBe('INVALID_OPTION');
    expect(code(() => resolveIdentities([], { maxPeoplePerIdentifier: 0.5 }))).toBe('INVALID_OPTION');
    expect(code(() => resolveIdentities([], {}, { normalize: { defaultCountryCode: 'x' } }))).toBe('INVALID_OPTION');
    const g = resolveIdentities([L([['phone', '13800138000']])]);
    expect(code(() => resolveIdentities([], {}, { previous: g, normalize: { defaultCountryCode: '1' } }))).toBe('INVALID_OPTION');
    expect(code(() => resolveIdentities([], {}, { previous: { kind: 'other' } as never }))).toBe('INVALID_OPTION');
  });

  it('is empty for no links', () => {
    const g = resolveIdentities([]);
    expect(g.personIds).toEqual([]);
    expect(g.rejected).toEqual([]);
  });
});

describe('resolveIdentities: properties', () => {
  const shuffleArb = linksArb.chain((links) => fc.tuple(fc.constant(links), fc.shuffledSubarray(links, { minLength: links.length, maxLength: links.length })));

  it('does not depend on link order', () => {
    fc.assert(fc.property(shuffleArb, ([a, b]) => { expect(canonical(resolveIdentities(b))).toEqual(canonical(resolveIdentities(a))); }), { numRuns: 150 });
  });

  it('is idempotent: resolving the same links again changes nothing', () => {
    fc.assert(fc.property(linksArb, (links) => {
      const g = resolveIdentities(links);
      const again = resolveIdentities(links, undefined, { previous: g });
      const c1 = canonical(g), c2 = canonical(again);
      expect(c2.people).toEqual(c1.people);
      expect(c2.shared).toEqual(c1.shared);
      expect(c2.refused).toEqual(c1.refused);
    }), { numRuns: 100 });
  });

  it('incremental == batch (rows numbered on)', () => {
    fc.assert(fc.property(linksArb, linksArb, (a, b) => {
      const batch = resolveIdentities([...a, ...b]);
      const inc = resolveIdentities(b, undefined, { previous: resolveIdentities(a) });
      expect(canonical(inc)).toEqual(canonical(batch));
      expect(inc.rejected).toEqual(batch.rejected);
    }), { numRuns: 100 });
  });

  it('puts every identifier in exactly one person, or shared, or a rejected row; limits hold', () => {
    fc.assert(fc.property(linksArb, (links) => {
      const g = resolveIdentities(links);
      const seen = new Map<string, number>();
      for (const p of g.personIds) {
        for (const i of identifiersOf(g, p)) seen.set(`${i.type}:${i.value}`, (seen.get(`${i.type}:${i.value}`) ?? 0) + 1);
        for (const [t, k] of typeCounts(g, p)) { const lim = g.rules.limits.find(([x]) => x === t); if (lim) expect(k).toBeLessThanOrEqual(lim[1]); }
      }
      for (const s of g.shared) { const k = `${s.identifier.type}:${s.identifier.value}`; expect(seen.has(k)).toBe(false); seen.set(k, 1); }
      for (const c of seen.values()) expect(c).toBe(1);
      expect(seen.size).toBe(g.state.idValue.length);
      const sharedKeys = new Set(g.shared.map((x) => `${x.identifier.type}:${x.identifier.value}`));
      // every input identifier is accounted for: in the graph (by lookup) or in a rejected row
      links.forEach((l, row) => l.identifiers.forEach((i, j) => {
        let key = '';
        try { const n = normalizeIdentifier(i); key = `${n.type}:${n.value}`; } catch { /* invalid: must be rejected */ }
        const inGraph = personOf(g, i) !== undefined || sharedKeys.has(key);
        const rejected = g.rejected.some((r) => r.row === row && (r.identifier === j || r.identifier === undefined));
        expect(inGraph || rejected).toBe(true);
      }));
      if (links.length > 0) expect(g.rejected.filter((r) => r.reason === 'empty-link').length).toBe(links.filter((l) => l.identifiers.length === 0).length);
    }), { numRuns: 150 });
  });

  it('link state summary: merge is associative and commutative; shards == batch; JSON round trip', () => {
    const sum = identityLinkSummary();
    const stateOf = (links: IdentityLink[], offset: number) => { let s = sum.empty(); links.forEach((l, i) => { s = sum.add(s, l, offset + i); }); return s; };
    fc.assert(fc.property(linksArb, linksArb, linksArb, (a, b, c) => {
      const sa = stateOf(a, 0), sb = stateOf(b, a.length), sc = stateOf(c, a.length + b.length);
      const left = canonical(sum.finish(sum.merge(sum.merge(sa, sb), sc)));
      const right = canonical(sum.finish(sum.merge(sa, sum.merge(sb, sc))));
      const swapped = canonical(sum.finish(sum.merge(sc, sum.merge(sb, sa))));
      const batch = canonical(resolveIdentities([...a, ...b, ...c]));
      expect(left).toEqual(right);
      expect(swapped).toEqual(left);
      expect(left).toEqual(batch);
      expect(canonical(sum.finish(mergeAll(sum, [sa, sb, sc])))).toEqual(batch);
      const json = JSON.parse(JSON.stringify(sum.toJSON(sum.merge(sa, sb)))) as unknown;
      expect(canonical(sum.finish(sum.merge(sum.fromJSON(json), sc)))).toEqual(batch);
    }), { numRuns: 60 });
    expect(canonical(sum.finish(accumulate(sum, [])))).toEqual(canonical(resolveIdentities([])));
  });
});

