/**
 * Ceilings for the lookalike accuracy target (docs/lookalike.md, "How high can it go?").
 *
 * The simulator has no continuous latent interest vector: a person's latent is the SEGMENT itself
 * (src/simulate/internal/segments.ts), and every observed field is drawn from that segment's
 * distributions. Scoring people by the latent would be exact (AUC 1). What bounds every method is
 * how well the OBSERVED data identify the segment, and the best possible ranking for that is the
 * posterior P(segment | observed data) under the generator's own parameters (Bayes-optimal:
 * ranking by it maximizes the AUC among all scores that are functions of the same observations).
 * {@link bayesPosterior} computes it from the true parameters:
 * - profile (exact up to the rounding of spend): P(age band | s) · P(gender | s) · P(tier | s) ·
 *   P(interest set | s) · LogNormal(spend; log median_s, 0.5). The interest set is drawn tag by tag
 *   (own tag with probability 0.4, else uniform over the vocabulary), duplicates redrawn: its
 *   probability is summed over the orders the tags could have come in (≤ 5! orders). The number
 *   of tags (2–5, uniform) does not depend on the segment. City within a tier is uniform: no signal.
 * - events (option `events`, an approximation): impressions are Poisson(reach · r_s,w) per week with
 *   reach ~ Gamma(2, 2) and each on channel c with weight rate_c · affinity_s,c · calendar_w,c; the
 *   reach integrates out to Σ_impressions log affinity_s,c − (n + 2) log(2 + R_s), R_s = Σ_w r_s,w,
 *   n = impressions seen (organic impressions, drawn the same way, are counted as paid). Purchase
 *   channels: weights 0.35/0.3/0.2/0.15 × affinity. Clicks copy a seen impression's channel and the
 *   other event types have segment-free channels, so they are left out; activity (how many events)
 *   depends on the segment only through the touches and is left out too.
 */
import { selectRows } from '../../src/core/index.js';
import type { Embeddings } from '../../src/core/index.js';
import { evaluateLookalike, fitLookalike, scoreLookalike } from '../../src/lookalike/index.js';
import { AGE_BANDS, INTERESTS, OWN_INTEREST_PROBABILITY, SEGMENTS } from '../../src/simulate/internal/segments.js';
import { intensityTable } from '../../src/simulate/internal/campaigns.js';
import { CHANNELS } from '../../src/simulate/types.js';
import type { World } from '../../src/simulate/types.js';

/** Permutations of [0..n). */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, k) => [...p.slice(0, k), n - 1, ...p.slice(k)]));
}

/** log P(this set of distinct tags | tag probabilities p), drawing with duplicates redrawn, summed over orders. */
function logSetProbability(tags: readonly number[], p: readonly number[], perms: readonly (readonly number[])[]): number {
  let total = 0;
  for (const order of perms) {
    let prob = 1, used = 0;
    for (const k of order) { const pk = p[tags[k]!]!; prob *= pk / (1 - used); used += pk; }
    total += prob;
  }
  return Math.log(total);
}

/**
 * Posterior P(segment = s | observations) under the simulator's true parameters, per segment and
 * person (`out[s][i]`). With `events: false` only the profile is used.
 */
export function bayesPosterior(world: World, { events }: { events: boolean }): Float64Array[] {
  const S = SEGMENTS.length, N = world.people, nc = CHANNELS.length, W = world.weeks;
  const logLik = Array.from({ length: S }, () => new Float64Array(N));
  const tagP = SEGMENTS.map((spec) => INTERESTS.map((_, t) =>
    OWN_INTEREST_PROBABILITY * (spec.interests.includes(t) ? 1 / spec.interests.length : 0) + (1 - OWN_INTEREST_PROBABILITY) / INTERESTS.length));
  const perms = [0, 1, 2, 3, 4, 5].map(permutations);
  const tagIndex = new Map<string, number>(INTERESTS.map((t, k) => [t, k]));
  world.profiles.forEach((p, i) => {
    const tags = p.interests.map((t) => tagIndex.get(t)!);
    for (let s = 0; s < S; s++) {
      const spec = SEGMENTS[s]!;
      const ageW = spec.age.reduce((a, b) => a + b, 0), tierW = spec.tier.reduce((a, b) => a + b, 0);
      const pg = p.gender === 'unknown' ? 0.05 : 0.95 * (p.gender === 'f' ? spec.female : 1 - spec.female);
      const z = (Math.log(p.spend) - Math.log(spec.spendMedian)) / 0.5;
      logLik[s]![i] = Math.log(spec.weight) + Math.log(spec.age[AGE_BANDS.indexOf(p.ageBand)]! / ageW) + Math.log(pg)
        + Math.log(spec.tier[p.cityTier - 1]! / tierW) + logSetProbability(tags, tagP[s]!, perms[tags.length]!) - 0.5 * z * z;
    }
  });
  if (events) {
    const rates = (world.options as { exposureRates: Record<string, number> }).exposureRates;
    const cal = intensityTable(W);
    const R = SEGMENTS.map((spec) => {
      let r = 0;
      for (let w = 0; w < W; w++) for (let c = 0; c < nc; c++) r += rates[CHANNELS[c]!]! * spec.affinity[CHANNELS[c]!] * cal[w * nc + c]!;
      return r;
    });
    const buyW: Record<string, number> = { jd_search: 0.35, jd_recommend: 0.3, mini_program: 0.2, offline_store: 0.15 };
    const buyNorm = SEGMENTS.map((spec) => Object.entries(buyW).reduce((a, [c, w]) => a + w * spec.affinity[c as keyof typeof spec.affinity], 0));
    const index = new Map(world.personIds.map((id, i) => [id, i]));
    const nImp = new Float64Array(N);
    for (const e of world.events) {
      const i = index.get(e.personId)!;
      if (e.type === 'impression') {
        nImp[i]! += 1;
        for (let s = 0; s < S; s++) logLik[s]![i]! += Math.log(SEGMENTS[s]!.affinity[e.channel]);
      } else if (e.type === 'purchase') {
        for (let s = 0; s < S; s++) logLik[s]![i]! += Math.log(buyW[e.channel]! * SEGMENTS[s]!.affinity[e.channel] / buyNorm[s]!);
      }
    }
    for (let i = 0; i < N; i++) for (let s = 0; s < S; s++) logLik[s]![i]! -= (nImp[i]! + 2) * Math.log(2 + R[s]!);
  }
  const out = Array.from({ length: S }, () => new Float64Array(N));
  for (let i = 0; i < N; i++) {
    let m = -Infinity;
    for (let s = 0; s < S; s++) m = Math.max(m, logLik[s]![i]!);
    let z = 0;
    for (let s = 0; s < S; s++) z += Math.exp(logLik[s]![i]! - m);
    for (let s = 0; s < S; s++) out[s]![i] = Math.exp(logLik[s]![i]! - m) / z;
  }
  return out;
}

/**
 * Held-out AUC of a fully supervised logistic regression (the library's classifier fitted on ALL
 * members of segment `s` in the even-indexed half of the people against ALL non-members of that
 * half, light penalty), scored on the odd-indexed half: what the features can do with every label.
 */
export function supervisedAuc(emb: Embeddings, segment: ArrayLike<number>, s: number): number {
  const pos: number[] = [], neg: number[] = [], test: number[] = [];
  for (let i = 0; i < emb.rows; i++) (i % 2 === 1 ? test : segment[i] === s ? pos : neg).push(i);
  const m = fitLookalike(selectRows(emb, pos), { method: 'classifier', population: selectRows(emb, neg), sampleSize: neg.length, seed: 1 });
  const scores = scoreLookalike(m, selectRows(emb, test));
  return evaluateLookalike(scores, test.map((i) => +(segment[i] === s))).auc;
}

/** AUC of `scores` at recognising segment `s` among `people` (indices). */
export function aucAmong(scores: ArrayLike<number>, people: readonly number[], segment: ArrayLike<number>, s: number): number {
  return evaluateLookalike(people.map((i) => scores[i]!), people.map((i) => +(segment[i] === s))).auc;
}
