/**
 * How high can the lookalike AUC go on simulateWorld()? (docs/lookalike.md, "Ceilings"). Asserts the
 * relationships that must hold between the Bayes-optimal ranking under the simulator's true
 * parameters, a fully supervised classifier on the observed features (held-out half), and the
 * seed-based methods (2% of a segment's buyers as seeds, draws 7 and 8), for the raw spec and the
 * lookalike spec (channel mix instead of channel counts, population-denoised). Default 20k-person
 * world, built once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, selectRows } from '../../src/core/index.js';
import type { Embeddings } from '../../src/core/index.js';
import { fitLookalike, scoreLookalike } from '../../src/lookalike/index.js';
import { simulateWorld } from '../../src/simulate/index.js';
import type { World } from '../../src/simulate/types.js';
import { aucAmong, bayesPosterior, supervisedAuc } from './oracle.js';
import { denoiseEmbeddings, featurizeWorld } from './worldFeatures.js';

const DRAWS = [7, 8] as const; // five draws (7–11) in the table of accuracyTable.ts; two keep this file fast
let world: World;
let raw: Embeddings, den: Embeddings;
let everyone: number[];
/** best[spec][segment][draw] = the best of the four methods' AUC; 'lookalike' = mix + denoised spec. */
const best: Record<'raw' | 'lookalike', number[][]> = { raw: [], lookalike: [] };
let bayes: number[], supervised: number[];

beforeAll(() => {
  world = simulateWorld();
  const f = featurizeWorld(world);
  raw = f.emb;
  den = denoiseEmbeddings(featurizeWorld(world, { channels: 'share' }).emb).emb;
  everyone = Array.from({ length: world.people }, (_, i) => i);
  const seg = world.truth.segment;
  const post = bayesPosterior(world, { events: true });
  bayes = world.truth.segmentNames.map((_, s) => aucAmong(post[s]!, everyone, seg, s));
  supervised = world.truth.segmentNames.map((_, s) => supervisedAuc(raw, seg, s));
  for (const [spec, e] of [['raw', raw], ['lookalike', den]] as const) {
    best[spec] = world.truth.segmentNames.map((_, s) => DRAWS.map((draw) => {
      const buyers = everyone.filter((i) => seg[i] === s && f.buyer[i] === 1);
      const idx = createRng(draw).shuffle(buyers).slice(0, Math.max(2, Math.round(0.02 * buyers.length)));
      const isSeed = new Set(idx);
      const keep = everyone.filter((i) => !isSeed.has(i));
      const seeds = selectRows(e, idx);
      return Math.max(...[
        fitLookalike(seeds, { method: 'centroid' }), fitLookalike(seeds, { method: 'prototypes', seed: 1 }),
        fitLookalike(seeds, { method: 'knn', k: Math.min(5, seeds.rows) }), fitLookalike(seeds, { method: 'classifier', population: e, seed: 1 }),
      ].map((m) => aucAmong(scoreLookalike(m, e), keep, seg, s)));
    }));
  }
}, 120_000);

const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

describe('lookalike ceilings on simulateWorld() (20k people)', () => {
  it('the observed data identify every segment far better than the 0.90 target: Bayes-optimal >= 0.95, supervised logistic >= 0.92', () => {
    // Bayes 0.965–0.997, supervised (held-out half, raw spec) 0.927–0.994 at the time of writing.
    for (const v of bayes) expect(v).toBeGreaterThanOrEqual(0.95);
    for (const v of supervised) expect(v).toBeGreaterThanOrEqual(0.92);
  });

  it('the Bayes posterior under the true parameters ranks at least as well as the supervised classifier on the features', () => {
    bayes.forEach((b, s) => { expect(b).toBeGreaterThanOrEqual(supervised[s]! - 0.005); });
  });

  it('no seed-based method beats the all-labels classifier (+ 0.01 sampling slack), on either spec and any draw', () => {
    for (const spec of ['raw', 'lookalike'] as const) {
      best[spec].forEach((draws, s) => { for (const a of draws) expect(a).toBeLessThanOrEqual(supervised[s]! + 0.01); });
    }
  });

  it('the lookalike spec (channel mix, denoised) lifts the best method on every segment (mean over draws 7 and 8)', () => {
    best.lookalike.forEach((draws, s) => { expect(mean(draws)).toBeGreaterThan(mean(best.raw[s]!) + 0.02); });
  });

  it('lookalike spec: the best method reaches AUC >= 0.90 on every segment but sports_fans, for every draw; sports_fans >= 0.82', () => {
    world.truth.segmentNames.forEach((name, s) => {
      for (const a of best.lookalike[s]!) expect(a).toBeGreaterThanOrEqual(name === 'sports_fans' ? 0.82 : 0.9);
    });
  });
});
