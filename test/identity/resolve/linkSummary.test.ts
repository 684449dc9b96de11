import { describe, expect, it } from 'vitest';
import type { AudienceKitError } from '../../../src/core/index.js';
import { identifiersOf, identityLinkSummary, linkStateFromJSON, mergeLinkStates, personOf, resolveIdentities, type IdentityLink } from '../../../src/identity/resolve/index.js';
import { canonical } from './helpers.js';

const L = (ids: [string, string][]): IdentityLink => ({ identifiers: ids.map(([type, value]) => ({ type, value })) });

describe('linkStateFromJSON', () => {
  it('refuses a corrupted state with INVALID_MODEL', () => {
    const g = resolveIdentities([L([['account', 'u1'], ['phone', '13800138000']])]);
    const json = JSON.parse(JSON.stringify(g.state)) as Record<string, unknown>;
    const code = (x: unknown) => { try { linkStateFromJSON(x); return 'none'; } catch (e) { return `${(e as AudienceKitError).code} ${(e as Error).message}`; } };
    expect(code(json)).toBe('none');
    expect(code({ ...json, kind: 'x' })).toMatch(/^INVALID_MODEL .*kind/);
    expect(code({ ...json, linkIds: [0, 7] })).toMatch(/^INVALID_MODEL .*linkIds/);
    expect(code({ ...json, idType: [0] })).toMatch(/^INVALID_MODEL/);
    // A previous graph read back from JSON works as `previous`.
    const back = JSON.parse(JSON.stringify(g)) as typeof g;
    expect(canonical(resolveIdentities([L([['account', 'u2']])], undefined, { previous: back }))).toEqual(canonical(resolveIdentities([L([['account', 'u1'], ['phone', '13800138000']]), L([['account', 'u2']])])));
  });
});

describe('mergeLinkStates', () => {
  it('adds counts, keeps the earliest time and source, and does not mutate its inputs', () => {
    const a = resolveIdentities([{ ...L([['account', 'u1'], ['phone', '13800138000']]), time: 5, source: 'b' }]).state;
    const b = resolveIdentities([{ ...L([['phone', '+8613800138000'], ['account', 'u1']]), time: 3, source: 'a' }, L([['account', 'u2']])]).state;
    const before = JSON.stringify(a);
    const m = mergeLinkStates(a, b);
    expect(JSON.stringify(a)).toBe(before);
    expect(m.linkCount).toEqual([2, 1]); // the same link (ids in another order and spelling) seen twice
    expect(m.linkTimeMin[0]).toBe(3);
    expect(m.linkTimeMax[0]).toBe(5);
    expect(m.linkSource[0]).toBe('a');
    expect(m.rows).toBe(2);
  });
  it('refuses states built with other normalization options', () => {
    const a = resolveIdentities([L([['account', 'u1']])]).state;
    const b = resolveIdentities([L([['account', 'u1']])], {}, { normalize: { defaultCountryCode: '1' } }).state;
    expect(() => mergeLinkStates(a, b)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }) as Error);
  });
});

describe('link columns across sizes', () => {
  it('a state read back from JSON takes more links at every column growth boundary (regression: one column stayed short)', () => {
    const sum = identityLinkSummary();
    for (const n of [15, 16, 17, 31, 32, 33, 64]) {
      const links = Array.from({ length: n }, (_, i) => L([['account', `u${i}`], ['cookie', `c${i}`]]));
      const extra = [L([['cookie', 'c0'], ['phone', '13800138000']]), L([['account', 'u1'], ['openid', 'o1']])];
      const back = sum.fromJSON(JSON.parse(JSON.stringify(sum.toJSON(resolveIdentities(links).state))));
      let s = back;
      extra.forEach((l, i) => { s = sum.add(s, l, n + i); });
      expect(canonical(sum.finish(s))).toEqual(canonical(resolveIdentities([...links, ...extra])));
      const merged = mergeLinkStates(back, resolveIdentities(extra).state);
      expect(canonical(sum.finish(merged))).toEqual(canonical(resolveIdentities([...links, ...extra])));
      expect(merged.linkCount).toHaveLength(n + 2);
    }
  });
});

describe('a frozen stored graph', () => {
  it('answers personOf and identifiersOf without being changed', () => {
    const g = resolveIdentities([L([['account', 'u1'], ['phone', '13800138000']]), L([['phone', '+86 138 0013 8000'], ['cookie', 'c1']])]);
    const deepFreeze = <T>(o: T): T => { if (o !== null && typeof o === 'object') { Object.values(o).forEach(deepFreeze); Object.freeze(o); } return o; };
    const stored = deepFreeze(JSON.parse(JSON.stringify(g)) as typeof g);
    const p = personOf(stored, { type: 'cookie', value: 'c1' });
    expect(p).toBe(personOf(g, { type: 'account', value: 'u1' }));
    expect(identifiersOf(stored, p!).map((i) => i.type)).toEqual(['account', 'phone', 'cookie']);
    expect(JSON.stringify(stored)).toBe(JSON.stringify(g));
  });
});

