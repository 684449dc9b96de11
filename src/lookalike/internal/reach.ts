/**
 * People in a reach of `n`: max(1, round(reach × n)), the product first taken to 12 significant
 * digits so that a decimal reach gives what it reads (0.145 × 100 is 14.499999999999998 in binary:
 * 15 people, not 14). Halves round up. Internal to lookalike.
 */
export function reachSize(reach: number, n: number): number {
  return Math.max(1, Math.round(Number((reach * n).toPrecision(12))));
}
