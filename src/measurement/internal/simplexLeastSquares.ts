import { Matrix, solve } from 'ml-matrix';

/**
 * min_w ||A w − b||² + ridge · ||w||²  subject to w ≥ 0, Σ w = 1, solved exactly by a primal
 * active-set method (Nocedal & Wright 2006, §16.5): on the current support F solve the
 * equality-constrained KKT system; step back to the boundary when a weight would turn negative;
 * add the coordinate with the most negative reduced gradient until the KKT conditions hold.
 * A is rows × cols, row-major Float64Array. For the small dense problems of synthetic control
 * (tens of donors) this converges in a few dozen iterations to machine precision, where
 * first-order methods stop early.
 */
export function simplexLeastSquares(A: Float64Array, rows: number, cols: number, b: Float64Array, ridge = 0, tol = 1e-12): Float64Array {
  // Q = AᵀA + ridge·I, c = Aᵀb
  const Q = new Float64Array(cols * cols), c = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols, br = b[r]!;
    for (let i = 0; i < cols; i++) {
      const ai = A[o + i]!;
      if (ai === 0) continue;
      c[i]! += ai * br;
      for (let j = i; j < cols; j++) Q[i * cols + j]! += ai * A[o + j]!;
    }
  }
  let scale = 0;
  for (let i = 0; i < cols; i++) { Q[i * cols + i]! += ridge; scale = Math.max(scale, Q[i * cols + i]!); for (let j = 0; j < i; j++) Q[i * cols + j] = Q[j * cols + i]!; }
  const jitter = 1e-13 * (scale || 1);
  const grad = (w: Float64Array, out: Float64Array) => {
    for (let i = 0; i < cols; i++) { let s = -c[i]!; for (let j = 0; j < cols; j++) s += Q[i * cols + j]! * w[j]!; out[i] = s; }
  };
  // Start at the best vertex.
  let best = 0;
  for (let i = 1; i < cols; i++) if (Q[i * cols + i]! - 2 * c[i]! < Q[best * cols + best]! - 2 * c[best]!) best = i;
  const w = new Float64Array(cols);
  w[best] = 1;
  const free = new Set<number>([best]);
  const g = new Float64Array(cols);
  for (let iter = 0; iter < 50 * cols + 100; iter++) {
    // Solve the KKT system on F: [Q_FF 1; 1ᵀ 0] [z; μ] = [c_F; 1].
    const F = [...free].sort((x, y) => x - y);
    const k = F.length;
    const K = Matrix.zeros(k + 1, k + 1), rhs = Matrix.zeros(k + 1, 1);
    for (let a = 0; a < k; a++) {
      for (let bb = 0; bb < k; bb++) K.set(a, bb, Q[F[a]! * cols + F[bb]!]! + (a === bb ? jitter : 0));
      K.set(a, k, 1); K.set(k, a, 1);
      rhs.set(a, 0, c[F[a]!]!);
    }
    rhs.set(k, 0, 1);
    const sol = solve(K, rhs);
    const z = F.map((_, a) => sol.get(a, 0));
    if (z.every((v) => v > tol)) {
      w.fill(0);
      F.forEach((i, a) => { w[i] = z[a]!; });
      grad(w, g);
      // Reduced gradient: at the optimum g_i = −μ on F and g_j ≥ −μ off F.
      let lam = 0;
      for (const i of F) lam += g[i]!;
      lam /= k;
      let enter = -1, most = -tol * Math.max(1, Math.abs(lam), scale);
      for (let j = 0; j < cols; j++) if (!free.has(j) && g[j]! - lam < most) { most = g[j]! - lam; enter = j; }
      if (enter === -1) break;
      free.add(enter);
    } else {
      // Move from w toward z until the first weight hits zero; drop it.
      let alpha = 1, leave = -1;
      F.forEach((i, a) => {
        const zi = z[a]!, wi = w[i]!;
        if (zi <= tol && wi - zi > 0) { const s = wi / (wi - zi); if (s < alpha) { alpha = s; leave = i; } }
      });
      F.forEach((i, a) => { w[i] = w[i]! + alpha * (z[a]! - w[i]!); });
      for (const i of F) if (w[i]! <= tol || i === leave) { w[i] = 0; free.delete(i); }
      if (free.size === 0) { free.add(best); w.fill(0); w[best] = 1; }
    }
  }
  let s = 0;
  for (let i = 0; i < cols; i++) { if (w[i]! < 0) w[i] = 0; s += w[i]!; }
  for (let i = 0; i < cols; i++) w[i] = w[i]! / s;
  return w;
}
