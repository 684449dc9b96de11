import { Matrix, solve } from 'ml-matrix';
import { AudienceKitError } from '../../core/index.js';

/**
 * An absorbing Markov chain over transient states 0..n-1 (state 0 = `(start)`), with sparse
 * transient-to-transient rows (CSR) and, per state, the probability of absorbing into
 * `(conversion)` (`pConv`) and the expected value absorbed with it (`pValue`); the rest of each
 * row goes to `(null)`.
 */
export interface AbsorbingChain {
  readonly n: number;
  readonly rowPtr: Int32Array;
  readonly col: Int32Array;
  readonly prob: Float64Array;
  readonly pConv: Float64Array;
  readonly pValue: Float64Array;
}

/** The chain's transpose (incoming lists), for Gauss–Seidel on v = e0 + Pᵀ v. */
interface Incoming { readonly ptr: Int32Array; readonly from: Int32Array; readonly prob: Float64Array }

function transpose(c: AbsorbingChain): Incoming {
  const { n, rowPtr, col, prob } = c;
  const ptr = new Int32Array(n + 1);
  for (let k = 0; k < col.length; k++) ptr[col[k]! + 1]!++;
  for (let i = 0; i < n; i++) ptr[i + 1]! += ptr[i]!;
  const fill = ptr.slice(0, n);
  const from = new Int32Array(col.length), p = new Float64Array(col.length);
  for (let s = 0; s < n; s++) {
    for (let k = rowPtr[s]!; k < rowPtr[s + 1]!; k++) {
      const t = col[k]!;
      const at = fill[t]!++;
      from[at] = s; p[at] = prob[k]!;
    }
  }
  return { ptr, from, prob: p };
}

/** Solver settings: dense LU up to `denseMax` states, Gauss–Seidel above. */
export interface SolveOptions { readonly denseMax: number; readonly tolerance: number; readonly maxSweeps: number }

/** What one solve returns: P(conversion), E[value], and the work done. */
export interface AbsorptionResult { readonly conversion: number; readonly value: number; readonly sweeps: number }

/**
 * Solves the chain for the expected visits v = e0 + P'ᵀ v, where P' is P with the rows of the
 * `removed` states zeroed (they are redirected to `(null)`), and returns
 * P(conversion) = Σ v_s pConv_s and E[value] = Σ v_s pValue_s over the states kept.
 */
export function createSolver(chain: AbsorbingChain, opts: SolveOptions): { solve(removed: Uint8Array): AbsorptionResult; readonly method: 'lu' | 'gauss-seidel'; sweepsTotal(): number } {
  const { n } = chain;
  let sweepsTotal = 0;
  if (n <= opts.denseMax) {
    return {
      method: 'lu',
      sweepsTotal: () => 0,
      solve(removed) {
        const a = Matrix.eye(n, n);
        for (let s = 0; s < n; s++) {
          if (removed[s]) continue;
          for (let k = chain.rowPtr[s]!; k < chain.rowPtr[s + 1]!; k++) {
            const t = chain.col[k]!;
            a.set(t, s, a.get(t, s) - chain.prob[k]!);
          }
        }
        const b = new Matrix(n, 1);
        b.set(0, 0, 1);
        const v = solve(a, b);
        let conv = 0, val = 0;
        for (let s = 0; s < n; s++) {
          if (removed[s]) continue;
          const x = v.get(s, 0);
          conv += x * chain.pConv[s]!; val += x * chain.pValue[s]!;
        }
        return { conversion: conv, value: val, sweeps: 0 };
      },
    };
  }
  const inc = transpose(chain);
  const base = new Float64Array(n);
  let haveBase = false;
  return {
    method: 'gauss-seidel',
    sweepsTotal: () => sweepsTotal,
    solve(removed) {
      // Warm start from the full chain's visits (removal only lowers them: a good start).
      const v = haveBase ? base.slice() : new Float64Array(n);
      const keep = new Float64Array(n);
      for (let s = 0; s < n; s++) keep[s] = removed[s] ? 0 : 1;
      const { ptr, from, prob } = inc;
      let sweeps = 0;
      for (;;) {
        let maxDelta = 0, maxV = 0;
        for (let t = 0; t < n; t++) {
          let acc = t === 0 ? 1 : 0;
          for (let k = ptr[t]!; k < ptr[t + 1]!; k++) { const f = from[k]!; acc += prob[k]! * v[f]! * keep[f]!; }
          const d = Math.abs(acc - v[t]!);
          if (d > maxDelta) maxDelta = d;
          if (acc > maxV) maxV = acc;
          v[t] = acc;
        }
        sweeps++;
        if (maxDelta <= opts.tolerance * maxV) break;
        if (sweeps >= opts.maxSweeps) {
          throw new AudienceKitError('NOT_CONVERGED', `Markov chain solve (Gauss–Seidel, ${n} states) did not converge in ${opts.maxSweeps} sweeps (last relative change ${(maxDelta / maxV).toExponential(2)})`);
        }
      }
      sweepsTotal += sweeps;
      if (!haveBase) { base.set(v); haveBase = true; }
      let conv = 0, val = 0;
      for (let s = 0; s < n; s++) { conv += v[s]! * keep[s]! * chain.pConv[s]!; val += v[s]! * keep[s]! * chain.pValue[s]!; }
      return { conversion: conv, value: val, sweeps };
    },
  };
}
