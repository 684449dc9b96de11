import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { radixPasses, sortEventColumns, stableOrderByKey } from '../../src/simulate/internal/radixOrder.js';

describe('radix ordering of event columns (internal)', () => {
  it('sortEventColumns equals a stable comparison sort by second; the result lands in the input after an even number of passes, in the scratch after an odd', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1 << 26 }), fc.array(fc.nat(), { maxLength: 400 }), fc.integer({ min: -1, max: 500 }), (maxSec, raw, scratchLen) => {
      const n = raw.length;
      // The caller's scratch (one shared buffer, as simulateWorld passes it), long enough or not (then the sort allocates its own); -1: none.
      const sb = new ArrayBuffer(Math.max(0, scratchLen) * 8);
      const scratch = scratchLen < 0 ? undefined : { sec: new Uint32Array(sb, 0, scratchLen), packed: new Uint32Array(sb, scratchLen * 4, scratchLen) };
      const sec = Uint32Array.from(raw, (x) => x % maxSec);
      const packed = Uint32Array.from(raw, (_, i) => i);
      const expected = [...packed].sort((a, b) => sec[a]! - sec[b]! || a - b);
      const keys = Uint32Array.from(sec);
      const inputBuffer = sec.buffer;
      const got = sortEventColumns(sec, packed, n, maxSec, scratch);
      expect([...got.packed]).toEqual(expected);
      expect([...got.sec]).toEqual(expected.map((i) => keys[i]));
      // Where the result is (simulateWorld relies on it to generate into the right buffer).
      if (n > 0) {
        if (radixPasses(maxSec) % 2 === 0) expect(got.sec.buffer).toBe(inputBuffer);
        else if (scratch !== undefined && scratchLen >= n) expect(got.sec.buffer).toBe(sb);
        else expect(got.sec.buffer === inputBuffer || got.sec.buffer === sb).toBe(false);
      }
    }));
  });

  it('radixPasses: ≤ 11-bit digits (hand-worked: 2047 needs 11 bits, 2048 needs 12; a 6-week span 3,628,800 s needs 22, a 7-week span 23)', () => {
    expect([1, 2047, 2048, 2 ** 22 - 1, 7 * 7 * 86_400, 6 * 7 * 86_400, 2 ** 33 - 1].map(radixPasses)).toEqual([1, 1, 2, 2, 3, 2, 3]);
  });

  it('stableOrderByKey equals a stable comparison sort on 32-bit keys, with or without the caller\'s scratch', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 300 }), fc.integer({ min: -1, max: 400 }), (raw, scratchLen) => {
      const keys = Uint32Array.from(raw.map((x, i) => (i % 3 === 0 ? raw[0] ?? x : x)));
      const expected = [...keys.keys()].sort((a, b) => keys[a]! - keys[b]! || a - b);
      const sb = new ArrayBuffer(Math.max(0, scratchLen) * 8);
      const scratch = scratchLen < 0 ? undefined : { tmp: new Int32Array(sb, 0, scratchLen), out: new Int32Array(sb, scratchLen * 4, scratchLen) };
      const got = stableOrderByKey(keys, keys.length, scratch);
      expect([...got]).toEqual(expected);
      // A long-enough scratch is used (nothing new allocated); a short one is left untouched.
      expect(got.buffer === sb).toBe(scratch !== undefined && scratchLen >= keys.length);
      if (scratch !== undefined && scratchLen < keys.length) expect(new Uint8Array(sb).every((b) => b === 0)).toBe(true);
    }));
  });
});
