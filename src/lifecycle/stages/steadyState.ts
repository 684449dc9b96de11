import { LuDecomposition, Matrix } from 'ml-matrix';
import { AudienceKitError } from '../../core/index.js';
import { checkStochastic, type TransitionInput } from './internal/stochastic.js';

/**
 * The stationary distribution π of the stage chain (π P = π, Σ π = 1): the long-run share of
 * people at each stage if the transitions held. Solved exactly with an LU decomposition
 * (ml-matrix) of (Pᵀ − I) with its last equation replaced by Σ π = 1 (Stewart, *Introduction to
 * the Numerical Solution of Markov Chains*, 1994, §2.3).
 *
 * Complexity: O(stages³).
 *
 * @param transitions - a row-stochastic matrix, or `{ probabilities }`.
 * @returns π, one share per stage, summing to 1.
 * @throws AudienceKitError `INVALID_INPUT` for a non-stochastic matrix, or when the chain has no
 *   unique stationary distribution (several closed classes, e.g. two absorbing stages).
 * @example
 * steadyState([[0.9, 0.1], [0.5, 0.5]]); // => [0.8333333333333334, 0.16666666666666666]
 */
export function steadyState(transitions: TransitionInput): number[] {
  const { P } = checkStochastic(transitions, 'steadyState');
  const n = P.rows;
  const A = P.transpose().sub(Matrix.eye(n));
  for (let j = 0; j < n; j++) A.set(n - 1, j, 1);
  const b = Matrix.zeros(n, 1);
  b.set(n - 1, 0, 1);
  const lu = new LuDecomposition(A);
  let minPivot = Infinity;
  for (let i = 0; i < n; i++) minPivot = Math.min(minPivot, Math.abs(lu.upperTriangularMatrix.get(i, i)));
  if (lu.isSingular() || minPivot < 1e-12) {
    throw new AudienceKitError('INVALID_INPUT', 'steadyState: the chain has no unique stationary distribution (it has more than one closed class of stages)');
  }
  const x = lu.solve(b).getColumn(0).map((v) => (v < 0 && v > -1e-12 ? 0 : v));
  const s = x.reduce((a, v) => a + v, 0);
  return x.map((v) => v / s);
}
