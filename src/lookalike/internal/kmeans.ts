import type { Rng } from '../../core/index.js';
import { maxDotKernel, padWithLastRow } from './kernels.js';

export interface SphericalKMeansResult {
  /** `count` unit centers, row-major. */
  readonly centers: Float32Array;
  readonly count: number;
  /** Members per center. */
  readonly sizes: Int32Array;
  readonly iterations: number;
  readonly converged: boolean;
}

/**
 * Spherical k-means (Dhillon & Modha 2001: assign each unit row to the center of largest cosine,
 * re-center as the normalized mean) seeded by k-means++ (Arthur & Vassilvitskii 2007: each next
 * center drawn with probability ∝ squared distance to the nearest chosen one).
 *
 * Our own typed-array kernel rather than `ml-kmeans`: measured on 20k × 64 rows (2-core shared VM),
 * ml-kmeans 7.0.1 took 3.7 s for K = 16 and 29.9 s for K = 256 (number[][] rows, a distance
 * callback per pair, its own PRNG), where this kernel takes well under a second; it also draws
 * its randomness from the library's `createRng`, as DESIGN.md requires. Deterministic: same rows
 * and generator state give identical centers.
 *
 * When the rows hold fewer than `k` distinct directions, k-means++ stops early (every remaining
 * row already coincides with a center) and fewer centers are returned.
 *
 * Complexity: O(n · k · d) for the seeding and per Lloyd iteration.
 *
 * @param U - `n` unit rows (no zero rows), row-major.
 */
export function sphericalKMeans(U: Float32Array, n: number, d: number, k: number, rng: Rng, maxIterations: number): SphericalKMeansResult {
  // --- k-means++ seeding -------------------------------------------------------------------
  const chosen: number[] = [rng.int(0, n - 1)];
  const d2 = new Float64Array(n);
  const updateD2 = (c: number, first: boolean): void => {
    const co = c * d;
    for (let i = 0; i < n; i++) {
      const o = i * d;
      let s = 0;
      for (let j = 0; j < d; j++) { const t = U[o + j]! - U[co + j]!; s += t * t; }
      if (first || s < d2[i]!) d2[i] = s;
    }
  };
  updateD2(chosen[0]!, true);
  while (chosen.length < k) {
    let total = 0;
    for (let i = 0; i < n; i++) total += d2[i]!;
    if (!(total > 0)) break;
    const c = rng.categorical(d2);
    chosen.push(c);
    updateD2(c, false);
  }
  const count = chosen.length;
  let centers = new Float32Array(count * d);
  for (let t = 0; t < count; t++) centers.set(U.subarray(chosen[t]! * d, (chosen[t]! + 1) * d), t * d);

  // --- Lloyd iterations on the sphere ------------------------------------------------------
  const assign = new Int32Array(n).fill(-1);
  const best = new Float64Array(n);
  const arg = new Int32Array(n);
  const sizes = new Int32Array(count);
  const sums = new Float64Array(count * d);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const padded = padWithLastRow(centers, count, d);
    maxDotKernel(U, n, d, padded.data, padded.padded, best, arg);
    let changed = 0;
    for (let i = 0; i < n; i++) if (arg[i] !== assign[i]) { changed++; assign[i] = arg[i]!; }
    if (changed === 0) { converged = true; break; }
    sums.fill(0);
    sizes.fill(0);
    for (let i = 0; i < n; i++) {
      const c = assign[i]!;
      sizes[c]!++;
      const o = i * d, co = c * d;
      for (let j = 0; j < d; j++) sums[co + j]! += U[o + j]!;
    }
    const next = new Float32Array(count * d);
    for (let c = 0; c < count; c++) {
      const co = c * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += sums[co + j]! * sums[co + j]!;
      if (sizes[c] === 0 || s === 0) { next.set(centers.subarray(co, co + d), co); continue; } // empty cluster keeps its center
      const inv = 1 / Math.sqrt(s);
      for (let j = 0; j < d; j++) next[co + j] = sums[co + j]! * inv;
    }
    centers = next;
  }
  // Final sizes for the returned centers.
  const padded = padWithLastRow(centers, count, d);
  maxDotKernel(U, n, d, padded.data, padded.padded, best, arg);
  sizes.fill(0);
  for (let i = 0; i < n; i++) sizes[arg[i]!]!++;
  return { centers, count, sizes, iterations, converged };
}
