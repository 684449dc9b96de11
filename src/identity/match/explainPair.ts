import { AudienceKitError } from '../../core/index.js';
import type { MatchResult } from './matchResult.js';

/** One field's part of a pair's match weight (one bar of the waterfall). */
export interface FieldContribution {
  readonly field: string;
  /** The comparison level the pair fell in ("exact", "jaroWinkler >= 0.92", …, "else"), or "missing". */
  readonly level: string;
  /** m probability of the level (NaN-free: 1 for "missing"). */
  readonly m: number;
  /** u probability of the level (1 for "missing"). */
  readonly u: number;
  /** log2(m / u) + the term-frequency adjustment, in bits (0 for "missing": no evidence). */
  readonly weight: number;
  /** The term-frequency part of `weight` (0 when the field has none or did not agree exactly). */
  readonly tfAdjustment: number;
  /** 2^weight: how many times more (>1) or less (<1) likely a match this field makes the pair. */
  readonly bayesFactor: number;
  /** The same in words, as Splink puts it. */
  readonly text: string;
}

/** A pair's score explained: the prior, every field's contribution, and the total. */
export interface PairExplanation {
  readonly left: number;
  readonly right: number;
  readonly leftId: string;
  readonly rightId: string;
  /** log2 prior odds λ / (1 − λ). */
  readonly priorWeight: number;
  readonly contributions: readonly FieldContribution[];
  /** priorWeight + Σ contribution weights. */
  readonly matchWeight: number;
  readonly probability: number;
  /** Plain-words lines: the prior, each field, the total. */
  readonly text: readonly string[];
}

function fmtFactor(x: number): string {
  if (x >= 1e6) return x.toExponential(2);
  if (x >= 100) return Math.round(x).toLocaleString('en-US');
  return x.toPrecision(3);
}

/** A probability as a percentage that does not round 0.99996 up to 100%. */
function fmtProbability(p: number): string {
  if (p === 0 || p === 1) return `${String(100 * p)}%`;
  if (p >= 0.999) return `${(100 * p).toFixed(4)}%`;
  if (p <= 0.001) return `${(100 * p).toExponential(2)}%`;
  return `${(100 * p).toFixed(1)}%`;
}

/**
 * Words for a Bayes factor, after Splink's `comparison_level` explanations: "12.3 times more likely
 * to be a match" / "4.56 times less likely to be a match" / "no evidence either way". O(1).
 *
 * @param bayesFactor - m/u of a level (or 2^weight of a whole pair), > 0
 * @returns the phrase; factors are shown to 3 significant digits, thousands separated, >= 1e6 in exponent form
 * @example
 * describeBayesFactor(12.3); // => '12.3 times more likely to be a match'
 */
export function describeBayesFactor(bayesFactor: number): string {
  if (bayesFactor === 1) return 'no evidence either way';
  return bayesFactor > 1
    ? `${fmtFactor(bayesFactor)} times more likely to be a match`
    : `${fmtFactor(1 / bayesFactor)} times less likely to be a match`;
}

/**
 * Explains scored pair `k` of a result: the waterfall of Splink's `waterfall_chart` — the prior
 * weight, then per field the level, m, u, the weight log2(m/u) (+ term-frequency adjustment) and
 * its Bayes factor in words — summing to the pair's match weight.
 *
 * Complexity O(fields).
 *
 * @param result - from `matchRecords` / `linkRecords`
 * @param k - index into `result.pairs`
 * @returns the explanation; `matchWeight` equals `result.pairs.matchWeight[k]` (up to rounding)
 * @throws AudienceKitError `INVALID_INPUT` when k is not a pair index
 * @example
 * explainPair(result, k).text; // a Febrl4 pair
 * // => ['prior: 1 in 4,998 record pairs match (weight -12.29)',
 * //     'given_name: exact — 106 times more likely to be a match (incl. term frequency ×0.508)',
 * //     'surname: else — 7.83 times less likely to be a match', …,
 * //     'total: weight 14.48, 22,807 times more likely to be a match than not; match probability 99.9956%']
 */
export function explainPair(result: MatchResult, k: number): PairExplanation {
  const pairs = result.pairs;
  if (!Number.isInteger(k) || k < 0 || k >= pairs.length) {
    throw new AudienceKitError('INVALID_INPUT', `pair index ${String(k)} out of range [0, ${pairs.length})`, { issues: [{ path: ['k'], message: 'out of range' }] });
  }
  const model = result.model;
  const code = pairs.pattern[k]!;
  const T = pairs.tfFields.length;
  let stride = 1;
  let total = Math.log2(model.prior / (1 - model.prior));
  const priorWeight = total;
  const contributions: FieldContribution[] = [];
  model.fields.forEach((p) => {
    const radix = p.levels.length + 1;
    const d = Math.floor(code / stride) % radix;
    stride *= radix;
    const t = pairs.tfFields.indexOf(p.field);
    const tf = d === 1 && t >= 0 ? pairs.tfAdjustment[k * T + t]! : 0;
    const m = d === 0 ? 1 : p.m[d - 1]!;
    const u = d === 0 ? 1 : p.u[d - 1]!;
    const weight = d === 0 ? 0 : Math.log2(m / u) + tf;
    const bayesFactor = Math.pow(2, weight);
    const level = d === 0 ? 'missing' : p.levels[d - 1]!;
    total += weight;
    contributions.push({ field: p.field, level, m, u, weight, tfAdjustment: tf, bayesFactor, text: `${p.field}: ${level} — ${describeBayesFactor(bayesFactor)}${tf !== 0 ? ` (incl. term frequency ×${fmtFactor(Math.pow(2, tf))})` : ''}` });
  });
  const probability = 1 / (1 + Math.pow(2, -total));
  const left = pairs.left[k]!, right = pairs.right[k]!;
  const oneIn = 1 / model.prior;
  const text = [
    `prior: 1 in ${fmtFactor(oneIn)} record pairs match (weight ${priorWeight.toFixed(2)})`,
    ...contributions.map((c) => c.text),
    `total: weight ${total.toFixed(2)}, ${describeBayesFactor(Math.pow(2, total)).replace('to be a match', 'to be a match than not')}; match probability ${fmtProbability(probability)}`,
  ];
  return {
    left, right,
    leftId: result.ids[left]!,
    rightId: result.ids[result.mode === 'link' ? result.leftCount + right : right]!,
    priorWeight, contributions, matchWeight: total, probability, text,
  };
}
