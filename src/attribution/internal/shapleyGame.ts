/**
 * Subset-sum (zeta) transform in place: after it, `f[S] = Σ_{T ⊆ S} f_before[T]` for every mask
 * S of n bits. O(n 2^n).
 */
export function zetaTransform(f: Float64Array, n: number): void {
  const size = 1 << n;
  for (let i = 0; i < n; i++) {
    const bit = 1 << i;
    for (let s = 0; s < size; s++) if (s & bit) f[s]! += f[s ^ bit]!;
  }
}

/**
 * Exact Shapley values of an n-player game given as its values on all 2^n coalitions (`v[mask]`):
 * φ_i = Σ_{S ∌ i} |S|! (n − |S| − 1)! / n! · (v(S ∪ {i}) − v(S)). O(n 2^n).
 */
export function shapleyFromGame(v: Float64Array, n: number): Float64Array {
  const phi = new Float64Array(n);
  if (n === 0) return phi;
  // w[s] = s!(n−s−1)!/n!, by the recurrence w[0] = 1/n, w[s+1] = w[s](s+1)/(n−s−1).
  const w = new Float64Array(n);
  w[0] = 1 / n;
  for (let s = 0; s + 1 < n; s++) w[s + 1] = (w[s]! * (s + 1)) / (n - s - 1);
  const size = 1 << n;
  const pop = new Uint8Array(size);
  for (let s = 1; s < size; s++) pop[s] = pop[s >> 1]! + (s & 1);
  for (let i = 0; i < n; i++) {
    const bit = 1 << i;
    let acc = 0;
    for (let s = 0; s < size; s++) {
      if (s & bit) continue;
      acc += w[pop[s]!]! * (v[s | bit]! - v[s]!);
    }
    phi[i] = acc;
  }
  return phi;
}
