/**
 * Whether a series whose squared deviations from its mean sum to `spread`, and whose squares sum to
 * `size`, is constant. Its mean is rarely exact in floating point (0.1 summed six times and divided
 * is not 0.1), so a constant series has a spread near n·(ε·x)², about 1e-31 of `size`, not 0; real
 * variation of one part in 1e10 of the level is still 1e-20 of it (±1 on a level of 1e6 is 1e-12),
 * so 1e-20 is the line.
 */
export function isConstantSpread(spread: number, size: number): boolean {
  return spread <= 1e-20 * size;
}
