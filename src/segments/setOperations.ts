import { AudienceKitError } from '../core/index.js';

/** An audience as ascending, distinct row indices into one population (what `selectSegment` returns in `indices`). */
export type AudienceMembers = ArrayLike<number>;

/** Largest row index (results are Int32Arrays). */
export const MAX_INDEX = 0x7fffffff;

/** Checks that `a` holds ascending, distinct integer indices in [0, {@link MAX_INDEX}]; errors name `name` and the position. */
export function checkSorted(a: AudienceMembers, name: string): void {
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (!Number.isInteger(v) || v < 0 || v > MAX_INDEX) throw new AudienceKitError('INVALID_INPUT', `${name}[${i}] must be an integer index in [0, 2^31 − 1]`);
    if (i > 0 && v <= a[i - 1]!) throw new AudienceKitError('INVALID_INPUT', `${name} must be ascending and distinct (at index ${i})`);
  }
}

/**
 * Union of audiences (ascending distinct indices), by a linear merge. O(total size).
 * @throws AudienceKitError `INVALID_INPUT` when an input is not ascending and distinct.
 * @example
 * unionAudiences([1, 3], [2, 3]); // => Int32Array [1, 2, 3]
 */
export function unionAudiences(...audiences: AudienceMembers[]): Int32Array {
  audiences.forEach((a, i) => { checkSorted(a, `audiences[${i}]`); });
  return audiences.reduce<Int32Array>((acc, b) => mergeTwo(acc, b, 'union'), new Int32Array(0));
}

/**
 * Intersection of audiences. O(total size).
 * @example
 * intersectAudiences([1, 2, 3], [2, 3, 4]); // => Int32Array [2, 3]
 */
export function intersectAudiences(first: AudienceMembers, ...rest: AudienceMembers[]): Int32Array {
  checkSorted(first, 'audiences[0]');
  rest.forEach((a, i) => { checkSorted(a, `audiences[${i + 1}]`); });
  return rest.reduce<Int32Array>((acc, b) => mergeTwo(acc, b, 'intersection'), Int32Array.from(first));
}

/**
 * Members of `a` not in `b`. O(|a| + |b|).
 * @example
 * differenceAudiences([1, 2, 3], [2]); // => Int32Array [1, 3]
 */
export function differenceAudiences(a: AudienceMembers, b: AudienceMembers): Int32Array {
  checkSorted(a, 'a');
  checkSorted(b, 'b');
  return mergeTwo(a, b, 'difference');
}

/**
 * Size of the intersection of two audiences (ascending distinct indices), without building it. O(|a| + |b|).
 * @throws AudienceKitError `INVALID_INPUT` when an input is not ascending and distinct.
 * @example
 * intersectionSize([1, 2, 3], [2, 3, 4]); // => 2
 */
export function intersectionSize(a: AudienceMembers, b: AudienceMembers): number {
  checkSorted(a, 'a');
  checkSorted(b, 'b');
  return countCommon(a, b);
}

/** Size of the intersection of two lists already checked ascending and distinct. */
export function countCommon(a: AudienceMembers, b: AudienceMembers): number {
  let i = 0, j = 0, c = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!, y = b[j]!;
    if (x === y) { c++; i++; j++; } else if (x < y) i++; else j++;
  }
  return c;
}

function mergeTwo(a: AudienceMembers, b: AudienceMembers, op: 'union' | 'intersection' | 'difference'): Int32Array {
  const out = new Int32Array(op === 'union' ? a.length + b.length : a.length);
  let i = 0, j = 0, w = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!, y = b[j]!;
    if (x === y) { if (op !== 'difference') out[w++] = x; i++; j++; }
    else if (x < y) { if (op !== 'intersection') out[w++] = x; i++; }
    else { if (op === 'union') out[w++] = y; j++; }
  }
  if (op !== 'intersection') while (i < a.length) out[w++] = a[i++]!;
  if (op === 'union') while (j < b.length) out[w++] = b[j++]!;
  return out.slice(0, w);
}
