import { z } from 'zod';
import { AudienceKitError, formatPath } from './errors.js';

/** A finite number (no NaN, no ±Infinity). */
export const FiniteNumber = z.number().refine(Number.isFinite, { message: 'must be a finite number' });
/** A probability in [0, 1]. */
export const Probability = z.number().min(0).max(1);
/** A seed for {@link createRng}: any integer, taken modulo 2^32. */
export const Seed = z.number().int();
/** Epoch milliseconds. */
export const EpochMs = z.number().refine(Number.isFinite, { message: 'must be a finite time in epoch ms' });

/**
 * Checks that every value of a numeric array is finite, and names the first bad index.
 * For typed-array inputs validated once at a public boundary.
 *
 * @throws AudienceKitError `INVALID_INPUT`
 */
export function assertFiniteArray(values: ArrayLike<number>, path: readonly (string | number)[]): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) {
      throw new AudienceKitError('INVALID_INPUT', `${formatPath([...path, i])} must be finite, got ${String(v)}`, {
        issues: [{ path: [...path, i], message: 'must be finite' }],
      });
    }
  }
}

/**
 * True for a `Map` or any other object with the `ReadonlyMap` read methods (`get`, `has`, `keys`,
 * `values`, `entries`, `forEach`, `[Symbol.iterator]`, a numeric `size`), such as the simulator's
 * truth maps. Functions typed to take
 * a `ReadonlyMap` check with this rather than `instanceof Map`.
 */
export function isReadonlyMap(x: unknown): x is ReadonlyMap<unknown, unknown> {
  if (x instanceof Map) return true;
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Record<string, unknown>;
  return typeof m.get === 'function' && typeof m.has === 'function' && typeof m.keys === 'function' && typeof m.values === 'function'
    && typeof m.entries === 'function' && typeof m.forEach === 'function' && typeof (x as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function'
    && typeof m.size === 'number';
}

/** @throws AudienceKitError `EMPTY_INPUT` when `length` is 0. */
export function assertNonEmpty(length: number, what: string): void {
  if (length === 0) throw new AudienceKitError('EMPTY_INPUT', `${what} is empty`);
}
