import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { sortByString } from '../../../src/features/internal/sortByString.js';

/** Strings with shared prefixes, proper prefixes of each other, and code units above 0x7f (surrogates included). */
const arbName = fc.oneof(
  // Two letters, long: large ranges share long prefixes (every depth of the radix partition is exercised).
  fc.string({ minLength: 6, maxLength: 14, unit: fc.constantFrom('a', 'b') }),
  fc.string({ maxLength: 6, unit: fc.constantFrom('a', 'b', 'p', '0', '1', 'é', '\u0000', '\uffff', '\ud83d', '\ude00') }),
  fc.integer({ min: 0, max: 50_000 }).map((k) => `p${String(k).padStart(6, '0')}`),
  fc.string({ maxLength: 12, unit: 'binary' }),
);

describe('sortByString', () => {
  test.prop([fc.uniqueArray(arbName, { minLength: 300, maxLength: 3000, size: 'max' })])('orders indices as the default string sort orders the strings', (names) => {
    const idx = Int32Array.from(names.keys()).reverse();
    const sorted = Array.from(sortByString(idx, names), (k) => names[k]!);
    expect(sorted).toEqual(names.slice().sort());
  });
  test.prop([fc.uniqueArray(arbName, { minLength: 20, maxLength: 200, size: 'max' }), fc.func(fc.boolean())])('sorts any subset of indices (each index once)', (names, keep) => {
    const sub = Int32Array.from([...names.keys()].filter((k) => keep(k)));
    const got = Array.from(sortByString(sub.slice(), names));
    expect(got.slice().sort((x, y) => x - y)).toEqual(Array.from(sub));
    expect(got.map((k) => names[k]!)).toEqual(Array.from(sub, (k) => names[k]!).sort());
  });
});
