import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { jaroWinkler as skyra } from '@skyra/jaro-winkler';
import { jaro, jaroWinkler } from '../../../src/identity/match/index.js';
import { createJaroWinklerKernel, jaroWithWindow, winklerBoost } from '../../../src/identity/match/jaroWinkler.js';

describe('jaro / jaroWinkler', () => {
  it('reproduces the published examples (Winkler 1990; Wikipedia "Jaro–Winkler distance")', () => {
    // MARTHA/MARHTA: m = 6, t = 1 → jaro = (1 + 1 + 5/6) / 3 = 0.9444; prefix 3 → 0.9444 + 3·0.1·0.0556 = 0.9611.
    expect(jaro('MARTHA', 'MARHTA')).toBeCloseTo(17 / 18, 12);
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
    // DWAYNE/DUANE: m = 4, t = 0 → (4/6 + 4/5 + 1) / 3 = 0.8222; prefix 1 → 0.8222 + 0.1·0.1778 = 0.84.
    expect(jaro('DWAYNE', 'DUANE')).toBeCloseTo(37 / 45, 12);
    expect(jaroWinkler('DWAYNE', 'DUANE')).toBeCloseTo(0.84, 12);
    // DIXON/DICKSONX: m = 4, t = 0 → (4/5 + 4/8 + 1) / 3 = 0.7667; prefix 2 → 0.7667 + 0.2·0.2333 = 0.8133.
    expect(jaroWinkler('DIXON', 'DICKSONX')).toBeCloseTo(0.813, 3);
  });

  it('handles identical, empty and disjoint strings', () => {
    expect(jaroWinkler('', '')).toBe(1);
    expect(jaroWinkler('abc', 'abc')).toBe(1);
    expect(jaroWinkler('', 'abc')).toBe(0);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
  });

  it('respects the prefix scale and the boost threshold', () => {
    const j = jaro('MARTHA', 'MARHTA');
    expect(jaroWinkler('MARTHA', 'MARHTA', { prefixScale: 0 })).toBeCloseTo(j, 12);
    expect(jaroWinkler('MARTHA', 'MARHTA', { prefixScale: 0.2 })).toBeCloseTo(j + 3 * 0.2 * (1 - j), 12);
    expect(jaroWinkler('MARTHA', 'MARHTA', { boostThreshold: 0.95 })).toBeCloseTo(j, 12); // 0.944 is not > 0.95
    expect(jaroWinkler('MARTHA', 'MARHTA', { maxPrefix: 2 })).toBeCloseTo(j + 2 * 0.1 * (1 - j), 12);
  });

  it('refuses options that could leave [0, 1]', () => {
    expect(() => jaroWinkler('a', 'b', { prefixScale: 0.3 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => jaroWinkler('a', 'b', { boostThreshold: 2 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => jaroWinkler('a', 'b', { maxPrefix: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });

  // Oracle: @skyra/jaro-winkler uses window floor(max/2) (not −1), always boosts (no threshold) and
  // miscounts a full 4-character prefix as 5, so the kernel is run with its window and threshold 0, on
  // pairs whose common prefix is shorter than 4.
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd', 'e'), minLength: 1, maxLength: 12 });
  test.prop([word, word], { numRuns: 2000 })('agrees with @skyra/jaro-winkler under its conventions', (a, b) => {
    let prefix = 0;
    while (prefix < Math.min(a.length, b.length) && a[prefix] === b[prefix]) prefix++;
    fc.pre(prefix < 4 && a !== b);
    const window = Math.floor(Math.max(a.length, b.length) / 2);
    const j = jaroWithWindow(a, b, window, new Uint8Array(b.length));
    expect(winklerBoost(a, b, j, 0.1, 0, 4)).toBeCloseTo(skyra(a, b), 12);
  });

  const anyString = fc.string({ maxLength: 40 });
  test.prop([anyString, anyString])('is symmetric, in [0, 1], and the hot-loop kernel agrees', (a, b) => {
    const s = jaroWinkler(a, b);
    expect(jaroWinkler(b, a)).toBe(s);
    expect(jaro(b, a)).toBe(jaro(a, b));
    expect(s).toBeGreaterThanOrEqual(0);
    expect(s).toBeLessThanOrEqual(1);
    const kernel = createJaroWinklerKernel(0.1, 0.7, 4);
    expect(kernel(a, b)).toBe(s);
    expect(kernel(b, a)).toBe(s);
  });
});
