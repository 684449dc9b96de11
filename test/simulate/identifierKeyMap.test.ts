import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isReadonlyMap } from '../../src/core/index.js';
import { simulateWorld } from '../../src/simulate/index.js';
import { IdentifierKeyMap } from '../../src/simulate/internal/identifierKeyMap.js';

const typeArb = fc.constantFrom('phone', 'email', 'qq', 'a', 'device');
// Values may contain ':' and may be empty: only the type is split off at the first ':'.
const valueArb = fc.string({ maxLength: 5, unit: fc.constantFrom('1', '2', ':', 'x', 'é', '@', '\ud83d\ude00', '\ud800', '\u0000', '\uffff') });

describe('IdentifierKeyMap (truth.personOfIdentifier)', () => {
  it('reads like a Map filled by set(type + ":" + value) in the same order', () => {
    const rowsArb = fc.uniqueArray(fc.tuple(typeArb, valueArb, fc.integer({ min: -5, max: 1e6 })), { maxLength: 300, selector: ([t, v]) => `${t}:${v}` });
    fc.assert(fc.property(rowsArb, fc.array(fc.string({ maxLength: 8 }), { maxLength: 30 }), fc.boolean(), (rows, probes, lookFirst) => {
      const expected = new Map<string, number>();
      for (const [t, v, n] of rows) expected.set(`${t}:${v}`, n);
      // Fresh objects per row: equal pairs are found equal by content, not identity.
      const m = new IdentifierKeyMap(rows.map(([type, value]) => ({ type, value })), Int32Array.from(rows.map(([, , n]) => n)));
      if (lookFirst) expect(m.get(probes[0] ?? '')).toBe(expected.get(probes[0] ?? '')); // the index is built on the first lookup
      expect(m.size).toBe(expected.size);
      expect([...m]).toEqual([...expected]);
      expect([...m.keys()]).toEqual([...expected.keys()]);
      expect([...m.values()]).toEqual([...expected.values()]);
      const seen: [string, number][] = [];
      m.forEach((v, k, self) => { expect(self).toBe(m); seen.push([k, v]); });
      expect(seen).toEqual([...expected.entries()]);
      for (const p of [...probes, ...expected.keys(), ...rows.map(([t, v]) => `${t}${v}`)]) {
        expect(m.get(p)).toBe(expected.get(p));
        expect(m.has(p)).toBe(expected.has(p));
      }
    }));
  });

  it('hand-worked: keys split at the first colon', () => {
    const ids = [{ type: 'phone', value: '1' }, { type: 'email', value: 'a:b' }, { type: 'qq', value: '7' }];
    const m = new IdentifierKeyMap(ids, Int32Array.of(3, 4, 6, 99));
    expect([...m]).toEqual([['phone:1', 3], ['email:a:b', 4], ['qq:7', 6]]);
    expect(m.size).toBe(3);
    expect(m.get('email:a:b')).toBe(4);
    expect(m.get('email:a')).toBeUndefined();
    expect(m.get('phone1')).toBeUndefined();
    expect(m.get('')).toBeUndefined();
  });

  it('serializes like a Map ({}), passes the ReadonlyMap check and copies into a real Map', () => {
    const m = new IdentifierKeyMap([{ type: 'qq', value: '1' }], Int32Array.of(1));
    expect(JSON.stringify({ truth: m })).toBe('{"truth":{}}'); // nothing of the state leaks, as for a Map
    expect(isReadonlyMap(m)).toBe(true);
    expect(new Map(m)).toEqual(new Map([['qq:1', 1]]));
  });

  it("the simulator's own identifiers are distinct keys (the map's precondition)", () => {
    const w = simulateWorld({ people: 20_000, seed: 3, sharedDeviceRate: 0.1, junkRate: 0.05, cookieChurn: 3 });
    const t = w.truth.personOfIdentifier;
    expect(new Set(t.keys()).size).toBe(t.size);
    expect(t.size).toBeGreaterThan(50_000);
  });
});
