import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { hashedColumn, murmur3x86_32, utf8Encode } from '../../../src/features/internal/murmur3.js';

// Expected values: the published MurmurHash3 x86_32 vectors ('' → 0, 'hello' → 0x248bfa47,
// the fox sentence → 0x2e4ff723), the rest computed by an independent Python transcription of
// Appleby's MurmurHash3.cpp over str.encode('utf-8') (run by hand in a shell, not in the repo).
const vectors: [string, number][] = [
  ['', 0],
  ['hello', 613153351], // 0x248bfa47
  ['The quick brown fox jumps over the lazy dog', 776992547], // 0x2e4ff723
  ['a', 1009084850],
  ['ab', -1681926305],
  ['abc', -1277324294],
  ['abcd', 1139631978],
  ['护肤', 1738464460],
  ['sku-000123', -1770287126],
  ['brand=Lancôme', 1804618184],
  ['😀x', 1914495294],
];

describe('murmur3x86_32', () => {
  it.each(vectors)('hash(%j) = %d', (s, h) => {
    expect(murmur3x86_32(s)).toBe(h);
  });

  it('places hashes like scikit-learn FeatureHasher: abs(h) % n, sign by h >= 0', () => {
    // 'hello' → 613153351 % 1024 = 583, +1; 'ab' → 1681926305 % 1024 = 161, −1 → −(161 + 1).
    expect(hashedColumn(613153351, 1024)).toBe(583);
    expect(hashedColumn(-1681926305, 1024)).toBe(-162);
    // sklearn's special case for h = −2^31: (2^31 − 1 − (n − 1)) % n.
    expect(hashedColumn(-2147483648, 1024)).toBe(-(((2147483647 - 1023) % 1024) + 1));
  });

  test.prop([fc.string({ unit: 'grapheme' })])('inline UTF-8 matches TextEncoder', (s) => {
    expect(Array.from(utf8Encode(s))).toEqual(Array.from(new TextEncoder().encode(s)));
  });

  test.prop([fc.string({ unit: 'binary' })])('lone surrogates encode as U+FFFD like TextEncoder', (s) => {
    expect(Array.from(utf8Encode(s))).toEqual(Array.from(new TextEncoder().encode(s)));
  });
});
