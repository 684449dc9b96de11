import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isReadonlyMap } from '../../src/core/index.js';
import { FrozenStringMap } from '../../src/simulate/internal/frozenStringMap.js';

describe('FrozenStringMap (truth.personOfIdentifier)', () => {
  it('reads like a Map filled by set() in the same order, repeated keys included', () => {
    fc.assert(fc.property(fc.array(fc.tuple(fc.string({ maxLength: 6 }), fc.integer({ min: -5, max: 1e6 })), { maxLength: 300 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 30 }), (pairs, probes) => {
      const expected = new Map<string, number>();
      for (const [k, v] of pairs) expected.set(k, v);
      const keys = pairs.map(([k]) => k);
      const m = new FrozenStringMap(keys, Int32Array.from(pairs.map(([, v]) => v)));
      expect(m.size).toBe(expected.size);
      expect([...m]).toEqual([...expected]);
      expect([...m.keys()]).toEqual([...expected.keys()]);
      expect([...m.values()]).toEqual([...expected.values()]);
      const seen: [string, number][] = [];
      m.forEach((v, k, self) => { expect(self).toBe(m); seen.push([k, v]); });
      expect(seen).toEqual([...expected.entries()]);
      for (const p of [...probes, ...keys]) {
        expect(m.get(p)).toBe(expected.get(p));
        expect(m.has(p)).toBe(expected.has(p));
      }
    }));
  });

  it('hand-worked: a repeated key keeps its first position and takes the last value', () => {
    const m = new FrozenStringMap(['phone:1', 'email:a', 'phone:1', 'qq:7'], Int32Array.of(3, 4, 5, 6));
    expect([...m]).toEqual([['phone:1', 5], ['email:a', 4], ['qq:7', 6]]);
    expect(m.get('email:b')).toBeUndefined();
  });

  it('serializes like a Map ({}) and passes the ReadonlyMap check', () => {
    const m = new FrozenStringMap(['a', 'b'], Int32Array.of(1, 2));
    expect(JSON.stringify(m)).toBe(JSON.stringify(new Map([['a', 1]])));
    expect(isReadonlyMap(m)).toBe(true);
    expect(isReadonlyMap(new Map())).toBe(true);
    expect(isReadonlyMap({ get: () => 1 })).toBe(false);
    expect(isReadonlyMap(null)).toBe(false);
  });
});
