import { Matrix } from 'ml-matrix';
import { AudienceKitError } from '../../../core/index.js';

/** A row-stochastic transition matrix, bare or with stage names (a {@link StageTransitions} fits). */
export type TransitionInput =
  | readonly (readonly number[])[]
  | { readonly probabilities: readonly (readonly number[])[]; readonly stages?: readonly string[] };

/** Rows must sum to 1 within this (absolute). */
export const ROW_SUM_TOLERANCE = 1e-6;

function bad(path: readonly (string | number)[], message: string, where: string): AudienceKitError {
  const p = path.map((x) => (typeof x === 'number' ? `[${x}]` : x)).join('');
  return new AudienceKitError('INVALID_INPUT', `${where}: ${p} ${message}`, { issues: [{ path, message }] });
}

/** Checks a transition matrix (square, finite, non-negative, rows summing to 1) and returns it as an ml-matrix with its stage names. */
export function checkStochastic(input: TransitionInput, where: string): { P: Matrix; stages: readonly string[] | undefined } {
  const isBare = Array.isArray(input);
  const rows = (isBare ? input : (input as { probabilities: unknown }).probabilities);
  const stages = isBare ? undefined : (input as { stages?: readonly string[] }).stages;
  if (!Array.isArray(rows) || rows.length === 0) throw new AudienceKitError('EMPTY_INPUT', `${where}: the transition matrix is empty`);
  const n = rows.length;
  if (stages !== undefined && stages.length !== n) throw new AudienceKitError('DIMENSION_MISMATCH', `${where}: ${stages.length} stage names for a ${n}×${n} matrix`);
  const P = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    const row = rows[i] as unknown;
    if (!Array.isArray(row) || row.length !== n) throw new AudienceKitError('DIMENSION_MISMATCH', `${where}: probabilities[${i}] must have ${n} entries (a square matrix)`, { issues: [{ path: ['probabilities', i], message: 'not square' }] });
    let sum = 0;
    for (let j = 0; j < n; j++) {
      const v = row[j] as unknown;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw bad(['probabilities', i, j], 'must be a finite probability >= 0', where);
      P.set(i, j, v);
      sum += v;
    }
    if (Math.abs(sum - 1) > ROW_SUM_TOLERANCE) throw bad(['probabilities', i], `sums to ${sum}, not 1: the matrix is not row-stochastic`, where);
  }
  return { P, stages };
}
