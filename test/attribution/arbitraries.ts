import { fc } from '@fast-check/vitest';
import type { Journey } from '../../src/attribution/index.js';

/** |a − b| <= tol · max(|a|, |b|, 1e-300), or both ~0 (absolute 1e-12). */
export function relClose(a: number, b: number, tol: number): boolean {
  return Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b)) || Math.abs(a - b) <= 1e-12;
}

const channel = fc.constantFrom('a', 'b', 'c', 'd', 'e');
/** Small journey sets: up to 5 channels, paths of 1–6 touches, dyadic counts (exact sums). */
export const journeyArb: fc.Arbitrary<Journey> = fc.record({
  path: fc.array(channel, { minLength: 1, maxLength: 6 }),
  conversions: fc.integer({ min: 0, max: 20 }),
  value: fc.integer({ min: 0, max: 400 }).map((x) => x / 4),
  nulls: fc.integer({ min: 0, max: 20 }),
});
export const journeysArb = fc.array(journeyArb, { minLength: 1, maxLength: 30 });
