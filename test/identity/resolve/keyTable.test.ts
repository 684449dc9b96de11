import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KeyTable, hashString } from '../../../src/identity/resolve/internal/keyTable.js';
import { hash64Hex, hash64Into, hex64 } from '../../../src/identity/resolve/internal/hash64.js';

/** The straightforward reference: a Map from key to identifier id, aliases included. */
function viaMap(ops: readonly { key: string; alias: boolean }[]) {
  const map = new Map<string, number>();
  const values: string[] = [];
  for (const { key, alias } of ops) {
    if (map.has(key)) continue;
    if (alias && values.length > 0) map.set(key, values.length - 1);
    else { map.set(key, values.length); values.push(key); }
  }
  return map;
}

function viaTable(ops: readonly { key: string; alias: boolean }[], hash: (s: string) => number) {
  const values: string[] = [];
  const t = new KeyTable(values);
  for (const { key, alias } of ops) {
    const h = hash(key);
    if (t.get(key, h) >= 0) continue;
    if (alias && values.length > 0) t.addAlias(key, h, values.length - 1);
    else { values.push(key); t.addIdentifier(h, values.length - 1); }
  }
  return { t, values };
}

const opsArb = fc.array(fc.record({ key: fc.string({ maxLength: 6 }), alias: fc.boolean() }), { maxLength: 300 });

describe('KeyTable (identifier interning)', () => {
  it('answers like a Map, with the real hash and with every key colliding', () => {
    fc.assert(fc.property(opsArb, fc.array(fc.string({ maxLength: 6 }), { maxLength: 20 }), (ops, probes) => {
      const ref = viaMap(ops);
      for (const hash of [hashString, () => 7, (s: string) => s.length]) {
        const { t, values } = viaTable(ops, hash);
        for (const [k, id] of ref) expect(t.get(k, hash(k))).toBe(id);
        for (const k of probes) expect(t.get(k, hash(k))).toBe(ref.get(k) ?? -1);
        expect(t.size).toBe(ref.size);
        // A clone reads its own copy of the values and is independent of later additions.
        const copy = values.slice();
        const c = t.clone(copy);
        values.push('\u0000new');
        t.addIdentifier(hash('\u0000new'), values.length - 1);
        expect(c.get('\u0000new', hash('\u0000new'))).toBe(-1);
        for (const [k, id] of ref) expect(c.get(k, hash(k))).toBe(id);
      }
    }), { numRuns: 150 });
  });

  it('hashString depends on every code unit and the length', () => {
    expect(hashString('ab')).not.toBe(hashString('ba'));
    expect(hashString('a')).not.toBe(hashString('a\u0000'));
    expect(hashString('')).toBe(hashString(''));
    const seen = new Set<number>();
    for (let i = 0; i < 20000; i++) seen.add(hashString(`u${i.toString(36)}`));
    expect(seen.size).toBeGreaterThan(19990);
  });
});

describe('hash64 (person ids)', () => {
  /** The original person-id hash over one concatenated string (cyrb53 widened to 64 bits). */
  function reference(s: string): string {
    let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
  }
  it('streaming over parts equals hashing their concatenation (person ids do not change)', () => {
    fc.assert(fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 5 }), (parts) => {
      const out = new Int32Array(2);
      hash64Into(out, ...parts);
      expect(hex64(out[0]!, out[1]!, 'P')).toBe(`P${reference(parts.join(''))}`);
      expect(hash64Hex(parts.join(''))).toBe(reference(parts.join('')));
    }));
    expect(hash64Hex('account:u1')).toBe(reference('account:u1'));
  });
});
