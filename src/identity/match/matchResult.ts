import type { MatchModel } from './matchModel.js';

/**
 * Scored candidate pairs, column-wise (typed arrays: millions of pairs without an object each).
 * Pair k joins `left[k]` and `right[k]`: row indices into the one list (dedupe, left < right) or
 * into the left and the right list (link).
 */
export interface ScoredPairs {
  readonly length: number;
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** log2 of the posterior match odds: prior weight + Σ field weights (+ term-frequency adjustments). */
  readonly matchWeight: Float64Array;
  /** Match probability 1 / (1 + 2^−weight), in [0, 1]. */
  readonly probability: Float64Array;
  /** The comparison pattern (each field's level), decoded by `explainPair`. */
  readonly pattern: Int32Array;
  /** Term-frequency adjustment (bits) per pair and term-frequency field: `tfAdjustment[k * tfFields.length + t]`. */
  readonly tfAdjustment: Float64Array;
  /** The fields with a term-frequency adjustment, in config order. */
  readonly tfFields: readonly string[];
}

/** The output of `matchRecords` / `linkRecords`. */
export interface MatchResult {
  readonly mode: 'dedupe' | 'link';
  /** The fitted (or given) model: plain JSON, re-appliable. */
  readonly model: MatchModel;
  readonly leftCount: number;
  /** 0 for dedupe. */
  readonly rightCount: number;
  /** Record ids (from `idField`, else the row index as text): left rows, then right rows. */
  readonly ids: readonly string[];
  /** Candidate pairs with probability >= `minPairProbability`. */
  readonly pairs: ScoredPairs;
  /**
   * Cluster label per record (left rows, then right rows): the smallest combined row index in its
   * cluster, joined by the pairs with probability >= `threshold` (connected components).
   */
  readonly cluster: Int32Array;
  /** Number of clusters (singletons included). */
  readonly clusterCount: number;
  /** How many candidate pairs blocking produced (before `minPairProbability`). */
  readonly candidatePairs: number;
}
