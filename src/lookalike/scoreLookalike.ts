import { AudienceKitError } from '../core/index.js';
import type { Embeddings } from '../core/index.js';
import { parseEmbeddings, rowNorms, throwNonFinite } from './internal/embeddings.js';
import { activeDotKernel, maxCosineWasm, topKMeanCosineWasm } from './internal/dotKernel.js';
import { centroidKernel, cosOfDot, maxDotKernel, padWithLastRow, topKDotSumKernel } from './internal/kernels.js';
import { sigmoid } from './internal/logistic.js';
import { parseLookalikeModel } from './model.js';
import type { LookalikeModel } from './model.js';

/** Rows of a model's vectors flattened into a Float32Array of `padded` rows (extra rows zero). */
function flatten(rows: readonly (readonly number[])[], d: number, padded: number): Float32Array {
  const out = new Float32Array(padded * d);
  for (let r = 0; r < rows.length; r++) out.set(rows[r]!, r * d);
  return out;
}

/**
 * Scores every candidate row against a fitted lookalike model (higher = more like the seeds):
 *
 * - `centroid`, `prototypes`, `knn`: cosine similarity in [-1, 1] (best prototype; mean of the k
 *   nearest seeds). An all-zero candidate row scores 0 (no direction, no similarity).
 * - `classifier`: probability in (0, 1); an all-zero row scores `sigmoid(intercept)`.
 *
 * A row's score depends only on that row and the model (blocked kernels with a fixed summation
 * order, see internal/kernels.ts), so scoring in chunks (`sliceRows`) equals scoring all at once,
 * bit for bit.
 *
 * Complexity: O(n·d) for centroid and classifier, O(n·P·d) for prototypes, O(n·S·d) for knn
 * over S stored seeds (exact; blocked 4 × 4 kernel).
 *
 * @param model - a model from {@link fitLookalike} or a stored one (validated here).
 * @param candidates - the people to score, with the model's `dims` columns.
 * @returns one Float32 score per candidate row.
 * @throws AudienceKitError `INVALID_MODEL` (malformed model), `INVALID_INPUT` (bad shape, a
 *   non-finite value: row and column named), `DIMENSION_MISMATCH` (columns ≠ model dims).
 * @example
 * const model = fitLookalike(embeddingsFromRows([[1, 0]]), { method: 'centroid' });
 * scoreLookalike(model, embeddingsFromRows([[2, 0], [1, 1], [0, 0]])); // => Float32Array [1, 0.7071..., 0]
 */
export function scoreLookalike(model: LookalikeModel, candidates: Embeddings): Float32Array {
  const m = parseLookalikeModel(model);
  const c = parseEmbeddings(candidates, 'candidates');
  if (c.cols !== m.dims) {
    throw new AudienceKitError('DIMENSION_MISMATCH', `candidates have ${c.cols} columns but the model was fit on ${m.dims}: featurize candidates with the seeds' vectorizer`);
  }
  const n = c.rows, d = c.cols;
  const out = new Float32Array(n);
  if (n === 0) return out;
  const bad = (row: number): never => throwNonFinite(c, 'candidates', row);
  switch (m.method) {
    case 'centroid': {
      const bad = centroidKernel(c.data, n, d, Float64Array.from(m.centroid), out);
      if (bad >= 0) throwNonFinite(c, 'candidates', bad);
      return out;
    }
    case 'prototypes': {
      const P = m.prototypes.length;
      if (maxCosineWasm(c.data, n, d, flatten(m.prototypes, d, P), P, out, bad)) return out;
      const norms = rowNorms(c, 'candidates');
      const protos = padWithLastRow(flatten(m.prototypes, d, P), P, d);
      const best = new Float64Array(n);
      maxDotKernel(c.data, n, d, protos.data, protos.padded, best, new Int32Array(n));
      for (let i = 0; i < n; i++) out[i] = cosOfDot(best[i]!, norms[i]!);
      return out;
    }
    case 'knn': {
      const S = m.seeds.length;
      if (topKMeanCosineWasm(c.data, n, d, flatten(m.seeds, d, S), S, m.k, out, bad)) return out;
      const norms = rowNorms(c, 'candidates');
      const padded = Math.ceil(S / 4) * 4;
      const sums = new Float64Array(n);
      topKDotSumKernel(c.data, n, d, flatten(m.seeds, d, padded), S, padded, m.k, sums);
      for (let i = 0; i < n; i++) out[i] = cosOfDot(sums[i]! / m.k, norms[i]!);
      return out;
    }
    case 'classifier': {
      const w = Float64Array.from(m.weights);
      const b = m.intercept;
      const X = c.data;
      for (let i = 0; i < n; i++) {
        const o = i * d;
        let z = b;
        for (let j = 0; j < d; j++) z += w[j]! * X[o + j]!;
        if (Number.isNaN(z)) {
          throwNonFinite(c, 'candidates', i);
        }
        out[i] = sigmoid(z); // ±Infinity from an infinite value: caught below; from overflow of finite values: 0 or 1
        if (!Number.isFinite(z)) {
          for (let j = 0; j < d; j++) if (!Number.isFinite(X[o + j]!)) throwNonFinite(c, 'candidates', i);
        }
      }
      return out;
    }
  }
}

/**
 * Which kernel {@link scoreLookalike} uses for `prototypes` and `knn` in this runtime:
 * `'wasm-simd'` (WebAssembly with 128-bit SIMD, f32 sums; Node ≥ 16.4 and current browsers) or
 * `'js'` (the blocked JavaScript kernel, Float64 sums). The two agree within f32 rounding
 * (|Δ| ≤ (d + 4)·2⁻²⁴ per score), so the last bits of a score, and the order of candidates whose
 * scores are that close, can differ between runtimes. Instantiates the WebAssembly module on the
 * first call (synchronously, ~2 KB). Complexity: O(1) after the first call.
 *
 * @returns `'wasm-simd'` or `'js'`.
 * @example
 * lookalikeKernel(); // => 'wasm-simd' (Node 20)
 */
export function lookalikeKernel(): 'wasm-simd' | 'js' {
  return activeDotKernel();
}
