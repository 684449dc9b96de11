/**
 * Validation of customer rows and typed-array columns, and the collapse of identical
 * (frequency, recency, T) rows into weighted distinct rows sorted by (frequency, recency, T), so
 * a likelihood is evaluated once per distinct row and the result does not depend on input order.
 * @module
 */
import { z } from 'zod';
import { AudienceKitError, assertNonEmpty, parseWith } from '../../../core/index.js';
import { CustomerSchema, type Customer } from '../schemas.js';

export interface CollapsedRows {
  readonly x: Float64Array;
  readonly tx: Float64Array;
  readonly T: Float64Array;
  readonly w: Float64Array;
  /** Index of each row's frequency in `xs` (distinct frequencies, ascending). */
  readonly xIndex: Int32Array;
  readonly xs: Float64Array;
  readonly totalWeight: number;
}

/**
 * Validates rows: a plain loop for the common valid case (zod per row costs ~2 µs), and the
 * exported zod schema on the first row that fails, so the error carries zod's path and message.
 */
export function parseRows<T>(rows: unknown, schema: z.ZodType<T>, isValid: (row: unknown) => boolean, where: string): T[] {
  if (!Array.isArray(rows)) return parseWith(z.array(schema), rows, where);
  for (let i = 0; i < rows.length; i++) {
    if (!isValid(rows[i])) parseWith(z.array(schema), rows.slice(0, i + 1), where);
  }
  return rows as T[];
}

export function parseCustomers(rows: unknown, where: string): Customer[] {
  const out = parseRows(rows, CustomerSchema, isValidCustomer, where);
  assertNonEmpty(out.length, where);
  return out;
}

export function isValidSpendCustomer(c: unknown): boolean {
  if (typeof c !== 'object' || c === null) return false;
  const { frequency: x, monetary: m } = c as Record<string, unknown>;
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && typeof m === 'number' && Number.isFinite(m) && m >= 0;
}

function isValidCustomer(c: unknown): boolean {
  if (typeof c !== 'object' || c === null) return false;
  const { frequency: x, recency: r, T } = c as Record<string, unknown>;
  return typeof x === 'number' && Number.isInteger(x) && x >= 0
    && typeof r === 'number' && Number.isFinite(r) && r >= 0
    && typeof T === 'number' && Number.isFinite(T) && T >= 0 && r <= T;
}

/**
 * Collapses identical (frequency, recency, T) rows into weighted rows sorted by (frequency,
 * recency, T): nested numeric-key Maps, then only the distinct keys are sorted (measured 0.5 ms
 * vs 2 ms for an index sort with a 3-key comparator on CDNOW's 2,357 rows). O(n + d log d).
 */
export function collapseCustomers(rows: readonly Customer[]): CollapsedRows {
  const byX = new Map<number, Map<number, Map<number, number>>>();
  for (const c of rows) {
    let byR = byX.get(c.frequency);
    if (!byR) { byR = new Map(); byX.set(c.frequency, byR); }
    let byT = byR.get(c.recency);
    if (!byT) { byT = new Map(); byR.set(c.recency, byT); }
    byT.set(c.T, (byT.get(c.T) ?? 0) + 1);
  }
  const x: number[] = [], tx: number[] = [], T: number[] = [], w: number[] = [];
  const xIndexList: number[] = [];
  const xs = [...byX.keys()].sort((a, b) => a - b);
  xs.forEach((xv, k) => {
    const byR = byX.get(xv)!;
    for (const rv of [...byR.keys()].sort((a, b) => a - b)) {
      const byT = byR.get(rv)!;
      for (const tv of [...byT.keys()].sort((a, b) => a - b)) {
        x.push(xv); tx.push(rv); T.push(tv); w.push(byT.get(tv)!); xIndexList.push(k);
      }
    }
  });
  return { x: Float64Array.from(x), tx: Float64Array.from(tx), T: Float64Array.from(T), w: Float64Array.from(w), xIndex: Int32Array.from(xIndexList), xs: Float64Array.from(xs), totalWeight: rows.length };
}

/**
 * Checks typed-array customer columns once at a public boundary: equal lengths, frequency a
 * non-negative integer, 0 <= recency <= T, all finite.
 *
 * @throws AudienceKitError `DIMENSION_MISMATCH`, `INVALID_INPUT` (with the column and row index)
 */
export function assertCustomerColumns(frequency: ArrayLike<number>, recency: ArrayLike<number>, T: ArrayLike<number>): void {
  const n = frequency.length;
  if (recency.length !== n || T.length !== n) {
    throw new AudienceKitError('DIMENSION_MISMATCH', `frequency, recency and T must have equal lengths (got ${n}, ${recency.length}, ${T.length})`);
  }
  for (let i = 0; i < n; i++) {
    const x = frequency[i]!, r = recency[i]!, t = T[i]!;
    if (!(Number.isInteger(x) && x >= 0)) bad('frequency', i, 'must be a non-negative integer');
    if (!(Number.isFinite(r) && r >= 0)) bad('recency', i, 'must be finite and >= 0');
    if (!(Number.isFinite(t) && t >= 0)) bad('T', i, 'must be finite and >= 0');
    if (r > t) bad('recency', i, 'must be <= T');
  }
}

export function bad(column: string, index: number, message: string): never {
  throw new AudienceKitError('INVALID_INPUT', `${column}[${index}] ${message}`, { issues: [{ path: [column, index], message }] });
}

/** Weighted mean of T (at least a tiny positive number): the starting value of the time-scale parameters α, β. */
export function timeScale(rows: CollapsedRows): number {
  let s = 0;
  for (let i = 0; i < rows.T.length; i++) s += rows.w[i]! * rows.T[i]!;
  const m = s / rows.totalWeight;
  return m > 1e-6 ? m : 1;
}
