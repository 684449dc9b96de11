import { describe, expect, it } from 'vitest';
import { isReadonlyMap } from '../../src/core/index.js';

describe('isReadonlyMap', () => {
  it('accepts Map instances and other objects with the full ReadonlyMap read surface', () => {
    const m = new Map([['a', 1]]);
    expect(isReadonlyMap(m)).toBe(true);
    const view = { get: () => 1, has: () => true, keys: () => m.keys(), values: () => m.values(), entries: () => m.entries(), forEach: () => undefined, size: 1, [Symbol.iterator]: () => m.entries() };
    expect(isReadonlyMap(view)).toBe(true);
  });
  it('refuses null, primitives, arrays, Sets and objects missing any read method or the iterator', () => {
    const full: Record<string | symbol, unknown> = { get: () => 1, has: () => true, keys: () => [], values: () => [], entries: () => [], forEach: () => undefined, size: 1, [Symbol.iterator]: () => [][Symbol.iterator]() };
    for (const k of ['get', 'has', 'keys', 'values', 'entries', 'forEach', 'size', Symbol.iterator]) {
      const partial = { ...full };
      delete partial[k];
      expect(isReadonlyMap(partial)).toBe(false);
    }
    expect(isReadonlyMap({ ...full, size: '1' })).toBe(false);
    for (const x of [null, undefined, 1, 'map', [], new Set([1]), {}]) expect(isReadonlyMap(x)).toBe(false);
  });
});
