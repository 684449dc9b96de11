import { AudienceKitError } from './errors.js';

type Vec = ArrayLike<number>;

function sameLength(a: Vec, b: Vec): void {
  if (a.length !== b.length) throw new AudienceKitError('DIMENSION_MISMATCH', `vectors have lengths ${a.length} and ${b.length}`);
}

/** Dot product, accumulated in Float64. O(d). @throws AudienceKitError `DIMENSION_MISMATCH` */
export function dot(a: Vec, b: Vec): number {
  sameLength(a, b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Euclidean (L2) norm. O(d). */
export function l2Norm(a: Vec): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * a[i]!;
  return Math.sqrt(s);
}

/**
 * Cosine similarity a·b / (|a| |b|), clamped to [-1, 1] against rounding. Defined as 0 when either
 * vector is all-zero (no direction, so no similarity), never NaN. A kernel: it assumes finite input,
 * validated once at the public boundary (a NaN or ±Infinity component gives 0). O(d).
 *
 * @throws AudienceKitError `DIMENSION_MISMATCH`
 * @example
 * cosine([1, 0], [1, 1]); // => 0.7071067811865475
 */
export function cosine(a: Vec, b: Vec): number {
  sameLength(a, b);
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!, y = b[i]!;
    ab += x * y; aa += x * x; bb += y * y;
  }
  if (aa >= 1e-300 && bb >= 1e-300 && aa <= 1e300 && bb <= 1e300) {
    const c = ab / (Math.sqrt(aa) * Math.sqrt(bb));
    if (Number.isFinite(c)) return c > 1 ? 1 : c < -1 ? -1 : c;
  }
  return cosineRescaled(a, b);
}

/**
 * Slow path when squared norms underflow (|x| ~ 1e-162) or overflow (|x| ~ 1e155): divide each
 * vector by its largest magnitude first (found by fast-check: a NaN from 0/0).
 */
function cosineRescaled(a: Vec, b: Vec): number {
  let ma = 0, mb = 0;
  for (let i = 0; i < a.length; i++) { ma = Math.max(ma, Math.abs(a[i]!)); mb = Math.max(mb, Math.abs(b[i]!)); }
  if (ma === 0 || mb === 0 || !Number.isFinite(ma) || !Number.isFinite(mb)) return 0;
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]! / ma, y = b[i]! / mb;
    ab += x * y; aa += x * x; bb += y * y;
  }
  const c = ab / (Math.sqrt(aa) * Math.sqrt(bb));
  return c > 1 ? 1 : c < -1 ? -1 : c;
}

/**
 * Neumaier-compensated sum (Neumaier 1974): exact to within one rounding for sums of mixed
 * magnitudes, where a plain loop drifts.
 */
export function neumaierSum(values: Vec): number {
  let sum = 0, c = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + c;
}
