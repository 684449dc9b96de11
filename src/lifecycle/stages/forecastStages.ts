import { Matrix } from 'ml-matrix';
import { AudienceKitError } from '../../core/index.js';
import { checkStochastic, type TransitionInput } from './internal/stochastic.js';

/**
 * Projects a stage distribution `steps` periods ahead on the Markov chain of the transitions:
 * d_t = d_0 · P^t (a first-order, time-homogeneous chain; Kemeny & Snell, *Finite Markov Chains*,
 * 1960). The distribution may be counts of people (e.g. `assignStages(...).distribution`) or
 * shares; the scale is kept. 0 steps returns the distribution unchanged.
 *
 * Complexity: O(steps · stages²).
 *
 * @param transitions - a row-stochastic matrix, or `{ probabilities }` (e.g. a {@link StageTransitions}).
 * @param distribution - one non-negative number per stage, in the matrix's stage order.
 * @param steps - periods ahead, an integer in [0, 1e6].
 * @returns the projected distribution (same length and total).
 * @throws AudienceKitError `INVALID_INPUT` for a non-stochastic matrix (names the row) or a bad
 *   distribution entry; `DIMENSION_MISMATCH` for a length mismatch; `INVALID_OPTION` for bad steps.
 * @example
 * forecastStages([[0.5, 0.5], [0, 1]], [100, 0], 2); // => [25, 75]
 */
export function forecastStages(transitions: TransitionInput, distribution: readonly number[], steps: number): number[] {
  const { P } = checkStochastic(transitions, 'forecastStages');
  const n = P.rows;
  if (!Number.isInteger(steps) || steps < 0 || steps > 1_000_000) {
    throw new AudienceKitError('INVALID_OPTION', `forecastStages: steps must be an integer in [0, 1000000], got ${String(steps)}`, { issues: [{ path: ['steps'], message: 'bad steps' }] });
  }
  if (distribution.length !== n) throw new AudienceKitError('DIMENSION_MISMATCH', `forecastStages: distribution has ${distribution.length} entries, the matrix ${n} stages`);
  distribution.forEach((v, i) => {
    if (!Number.isFinite(v) || v < 0) throw new AudienceKitError('INVALID_INPUT', `forecastStages: distribution[${i}] must be a finite number >= 0`, { issues: [{ path: ['distribution', i], message: 'must be finite and >= 0' }] });
  });
  let d = Matrix.rowVector(distribution.slice());
  for (let t = 0; t < steps; t++) d = d.mmul(P);
  return d.getRow(0);
}
