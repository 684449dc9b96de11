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

export function parseCustomers(rows: unknown, where: string): Customer[] {
  const parsed = parseWith(z.array(CustomerSchema), rows, where);
  assertNonEmpty(parsed.length, where);
  return parsed;
}

export function collapseCustomers(rows: readonly Customer[]): CollapsedRows {
  const counts = new Map<string, { x: number; tx: number; T: number; w: number }>();
  for (const c of rows) {
    const key = `${c.frequency}|${c.recency}|${c.T}`;
    const e = counts.get(key);
    if (e) e.w++;
    else counts.set(key, { x: c.frequency, tx: c.recency, T: c.T, w: 1 });
  }
  const list = [...counts.values()].sort((p, q) => p.x - q.x || p.tx - q.tx || p.T - q.T);
  const n = list.length;
  const x = new Float64Array(n), tx = new Float64Array(n), T = new Float64Array(n), w = new Float64Array(n);
  const xIndex = new Int32Array(n);
  const xsList: number[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    const e = list[i]!;
    x[i] = e.x; tx[i] = e.tx; T[i] = e.T; w[i] = e.w; total += e.w;
    if (xsList.length === 0 || xsList[xsList.length - 1] !== e.x) xsList.push(e.x);
    xIndex[i] = xsList.length - 1;
  }
  return { x, tx, T, w, xIndex, xs: Float64Array.from(xsList), totalWeight: total };
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
