import { describe, expect, it } from 'vitest';
import { identifiersOf, personOf, resolveIdentities } from '../../../src/identity/resolve/index.js';

const id = (type: string, value: string) => ({ type, value });
const g = resolveIdentities([
  { identifiers: [id('account', 'u1'), id('email', ' Li@Example.com'), id('device', 'tablet')] },
  { identifiers: [id('account', 'u2'), id('device', 'tablet')] },
  { identifiers: [id('phone', '12')] },
]);

describe('personOf / identifiersOf', () => {
  it('finds the person of raw and normalized spellings', () => {
    const p = personOf(g, id('account', 'u1'));
    expect(p).toMatch(/^P[0-9a-f]{16}$/);
    expect(personOf(g, id('email', 'LI@EXAMPLE.COM'))).toBe(p);
    expect(personOf(g, id('email', 'li@example.com'))).toBe(p);
  });
  it('is undefined for shared, rejected, invalid and unknown identifiers', () => {
    expect(personOf(g, id('device', 'tablet'))).toBeUndefined(); // shared by u1 and u2
    expect(personOf(g, id('phone', '12'))).toBeUndefined(); // rejected
    expect(personOf(g, id('account', 'u9'))).toBeUndefined();
    expect(() => personOf(g, { type: 'account' } as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }) as Error);
  });
  it('lists a person strongest first, [] for an unknown id', () => {
    expect(identifiersOf(g, personOf(g, id('account', 'u1'))!)).toEqual([id('account', 'u1'), id('email', 'li@example.com')]);
    expect(identifiersOf(g, 'P0000000000000000')).toEqual([]);
    expect(() => identifiersOf(g, 5 as never)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }) as Error);
  });
});
