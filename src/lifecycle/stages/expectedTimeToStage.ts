import { inverse, Matrix } from 'ml-matrix';
import { AudienceKitError } from '../../core/index.js';
import { checkStochastic, type TransitionInput } from './internal/stochastic.js';

/** The result of {@link expectedTimeToStage}. */
export interface TimeToStage {
  /** The target stage code. */
  readonly target: number;
  /**
   * steps[i]: expected number of periods until a person now at stage i first reaches the target
   * (0 at the target itself; `Infinity` when, from i, the target is not reached with probability 1).
   */
  readonly steps: readonly number[];
  /** The fundamental matrix N = (I − Q)⁻¹ over `transient` (N[a][b]: expected periods spent at transient[b] starting from transient[a]). */
  readonly fundamental: readonly (readonly number[])[];
  /** Stage codes of the rows/columns of `fundamental` (the stages with a finite expectation, target excluded). */
  readonly transient: readonly number[];
}

/**
 * Expected number of periods until a person reaches `target` (e.g. how many weeks from appeal
 * to act), from the fundamental matrix of the absorbing chain: make the target absorbing, take Q
 * = transitions among the other stages, N = (I − Q)⁻¹ (ml-matrix `inverse`), t = N·1 (Kemeny &
 * Snell, *Finite Markov Chains*, 1960, Thm 3.3.5). Stages from which the target may never be
 * reached (some path leads to a closed class without it) get `Infinity` and are left out of N.
 *
 * Complexity: O(stages³).
 *
 * @param transitions - a row-stochastic matrix, or `{ probabilities, stages? }`.
 * @param target - the target stage: a code (row index) or a name in `transitions.stages`.
 * @returns `{ target, steps, fundamental, transient }`.
 * @throws AudienceKitError `INVALID_INPUT` for a non-stochastic matrix or an unknown target.
 * @example
 * expectedTimeToStage([[0.5, 0.5, 0], [0.25, 0.25, 0.5], [0, 0, 1]], 2).steps; // => [5, 3, 0]
 */
export function expectedTimeToStage(transitions: TransitionInput, target: number | string): TimeToStage {
  const { P, stages } = checkStochastic(transitions, 'expectedTimeToStage');
  const n = P.rows;
  const tgt = typeof target === 'number' ? target : stages?.indexOf(target) ?? -1;
  if (!Number.isInteger(tgt) || tgt < 0 || tgt >= n) {
    throw new AudienceKitError('INVALID_INPUT', `expectedTimeToStage: unknown target stage ${typeof target === 'string' ? JSON.stringify(target.slice(0, 40)) : String(target)}`, { issues: [{ path: ['target'], message: 'unknown stage' }] });
  }
  // reach[i]: the target is reachable from i (reverse search from the target).
  const reach = new Uint8Array(n);
  const stack = [tgt];
  reach[tgt] = 1;
  while (stack.length > 0) {
    const j = stack.pop()!;
    for (let i = 0; i < n; i++) if (reach[i] === 0 && i !== tgt && P.get(i, j) > 0) { reach[i] = 1; stack.push(i); }
  }
  // doomed[i]: from i (target absorbing) some path reaches a stage that cannot reach the target.
  const doomed = new Uint8Array(n);
  const dstack: number[] = [];
  for (let i = 0; i < n; i++) if (reach[i] === 0) { doomed[i] = 1; dstack.push(i); }
  while (dstack.length > 0) {
    const j = dstack.pop()!;
    for (let i = 0; i < n; i++) if (doomed[i] === 0 && i !== tgt && P.get(i, j) > 0) { doomed[i] = 1; dstack.push(i); }
  }
  const transient: number[] = [];
  for (let i = 0; i < n; i++) if (i !== tgt && doomed[i] === 0) transient.push(i);
  const m = transient.length;
  const steps = new Array<number>(n).fill(Infinity);
  steps[tgt] = 0;
  let fundamental: number[][] = [];
  if (m > 0) {
    const IminusQ = new Matrix(m, m);
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) IminusQ.set(a, b, (a === b ? 1 : 0) - P.get(transient[a]!, transient[b]!));
    const N = inverse(IminusQ);
    fundamental = N.to2DArray();
    for (let a = 0; a < m; a++) steps[transient[a]!] = fundamental[a]!.reduce((s, v) => s + v, 0);
  }
  return { target: tgt, steps, fundamental, transient };
}
