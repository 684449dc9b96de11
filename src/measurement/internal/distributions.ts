import erfc from '@stdlib/math-base-special-erfc';
import erfcinv from '@stdlib/math-base-special-erfcinv';
import tCdfStdlib from '@stdlib/stats-base-dists-t-cdf';
import tQuantileStdlib from '@stdlib/stats-base-dists-t-quantile';
import betaln from '@stdlib/math-base-special-betaln';

/** Standard normal CDF Φ(x) = erfc(−x/√2)/2, accurate in the tails (stdlib erfc, ~1e-16 relative). */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Upper tail 1 − Φ(x) without cancellation. */
export function normalSurvival(x: number): number {
  return 0.5 * erfc(x / Math.SQRT2);
}

/** Standard normal quantile Φ⁻¹(p) = −√2 · erfcinv(2p). */
export function normalQuantile(p: number): number {
  return -Math.SQRT2 * erfcinv(2 * p);
}

/** Student-t CDF with `df` degrees of freedom. */
export function tCdf(x: number, df: number): number {
  return tCdfStdlib(x, df);
}

/** Student-t quantile. */
export function tQuantile(p: number, df: number): number {
  return tQuantileStdlib(p, df);
}

export { betaln };

/** Two-sided critical value z such that P(|Z| <= z) = level. */
export function zCritical(level: number): number {
  return normalQuantile(1 - (1 - level) / 2);
}

export type Alternative = 'two-sided' | 'greater' | 'less';

/** p-value of a z statistic under the alternative. */
export function zPValue(z: number, alternative: Alternative): number {
  if (alternative === 'greater') return normalSurvival(z);
  if (alternative === 'less') return normalCdf(z);
  return Math.min(1, 2 * normalSurvival(Math.abs(z)));
}
