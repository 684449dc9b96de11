import { cosine, createRng, embeddingsFromRows } from '../../src/core/index.js';
import type { Embeddings } from '../../src/core/index.js';

/** Rows drawn around `centers` (Gaussian noise sd), `perCluster[c]` rows for cluster c; returns rows + cluster labels. */
export function gaussianClusters(seed: number, d: number, perCluster: readonly number[], sd = 0.5): { rows: number[][]; cluster: number[]; centers: number[][]; emb: Embeddings } {
  const rng = createRng(seed);
  const centers = perCluster.map(() => Array.from({ length: d }, () => rng.normal()));
  const rows: number[][] = [];
  const cluster: number[] = [];
  perCluster.forEach((n, c) => {
    for (let i = 0; i < n; i++) { rows.push(centers[c]!.map((v) => v + rng.normal(0, sd))); cluster.push(c); }
  });
  return { rows, cluster, centers, emb: embeddingsFromRows(rows) };
}

export const rowsOf = (e: Embeddings): number[][] =>
  Array.from({ length: e.rows }, (_, i) => Array.from(e.data.subarray(i * e.cols, (i + 1) * e.cols)));

/** Naive oracle: mean of the k largest cosines of x to the seeds (core `cosine`, Float64). */
export function naiveKnn(x: number[], seeds: number[][], k: number): number {
  const c = seeds.map((s) => cosine(x, s)).sort((a, b) => b - a);
  return c.slice(0, k).reduce((a, b) => a + b, 0) / k;
}
