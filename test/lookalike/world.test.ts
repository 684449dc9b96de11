/**
 * Accuracy on the simulated market (acceptance figure of issue 6): seeds = 2% of one segment's
 * buyers (people of the segment with a purchase event); each method's ROC AUC at recognising the
 * rest of that segment among all other people (truth.segment). Default 20k-person world, built once.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, selectRows } from '../../src/core/index.js';
import type { Embeddings } from '../../src/core/index.js';
import { evaluateLookalike, expandAudience, fitLookalike, scoreLookalike } from '../../src/lookalike/index.js';
import type { LookalikeModel } from '../../src/lookalike/index.js';
import { simulateWorld } from '../../src/simulate/index.js';
import type { World } from '../../src/simulate/types.js';
import { denoiseEmbeddings, featurizeWorld } from './worldFeatures.js';

let world: World;
let emb: Embeddings;
/** The lookalike spec (docs/lookalike.md): channel mix instead of channel counts, population-denoised. */
let den: Embeddings;
let buyer: Uint8Array;

beforeAll(() => {
  world = simulateWorld();
  ({ emb, buyer } = featurizeWorld(world));
  den = denoiseEmbeddings(featurizeWorld(world, { channels: 'share' }).emb).emb;
});

/** `fraction` (default 2%, at least 2) of the buyers of each of `segments`, drawn with a seeded generator. */
function seedsOf(segments: readonly number[], seed: number, fraction = 0.02): number[] {
  const rng = createRng(seed);
  const out: number[] = [];
  for (const s of segments) {
    const buyers: number[] = [];
    for (let i = 0; i < world.people; i++) if (world.truth.segment[i] === s && buyer[i] === 1) buyers.push(i);
    out.push(...rng.shuffle(buyers).slice(0, Math.max(2, Math.round(fraction * buyers.length))));
  }
  return out;
}

function fitAll(seeds: Embeddings, population: Embeddings): Record<string, LookalikeModel> {
  return {
    centroid: fitLookalike(seeds, { method: 'centroid' }),
    prototypes: fitLookalike(seeds, { method: 'prototypes', seed: 1 }),
    knn: fitLookalike(seeds, { method: 'knn', k: Math.min(5, seeds.rows) }),
    classifier: fitLookalike(seeds, { method: 'classifier', population, seed: 1 }),
  };
}

/** AUC per method at recognising `positive` people among everyone except the seeds, on embeddings `e`. */
function aucs(seedIdx: number[], positive: (i: number) => boolean, e: Embeddings = emb): Record<string, number> {
  const models = fitAll(selectRows(e, seedIdx), e);
  const isSeed = new Set(seedIdx);
  const keep = Array.from({ length: world.people }, (_, i) => i).filter((i) => !isSeed.has(i));
  const labels = keep.map((i) => (positive(i) ? 1 : 0));
  const out: Record<string, number> = {};
  for (const [name, m] of Object.entries(models)) {
    const s = scoreLookalike(m, e);
    out[name] = evaluateLookalike(keep.map((i) => s[i]!), labels).auc;
  }
  return out;
}

describe('lookalike on simulateWorld() (20k people)', () => {
  // Figures per segment and draw: docs/lookalike.md. 2% of buyers is 4–9 seeds; ceilings (Bayes,
  // supervised) are 0.92–0.997 on every segment (ceiling.test.ts). On the lookalike spec (channel
  // mix, denoised) the best method reaches 0.90 on five segments on every one of five draws.
  it('seeds = 2% of premium_shoppers buyers: the best method recognises the rest of the segment with AUC >= 0.90', () => {
    const seg = world.truth.segmentNames.indexOf('premium_shoppers');
    const seeds = seedsOf([seg], 7);
    for (const e of [emb, den]) {
      const a = aucs(seeds, (i) => world.truth.segment[i] === seg, e);
      expect(Math.max(...Object.values(a))).toBeGreaterThanOrEqual(0.9);
      for (const v of Object.values(a)) expect(v).toBeGreaterThan(0.8);
    }
  });

  it('lookalike spec, seeds = 2% of young_moms / value_seekers buyers (draw 7): best method AUC >= 0.90', () => {
    for (const name of ['young_moms', 'value_seekers']) {
      const seg = world.truth.segmentNames.indexOf(name);
      const a = aucs(seedsOf([seg], 7), (i) => world.truth.segment[i] === seg, den);
      expect(Math.max(...Object.values(a))).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('every segment: 2% of its buyers as seeds, the best cosine method reaches AUC >= 0.75', () => {
    world.truth.segmentNames.forEach((_, seg) => {
      const seeds = selectRows(emb, seedsOf([seg], 7));
      const isSeed = new Set(seedsOf([seg], 7));
      const keep = Array.from({ length: world.people }, (_, i) => i).filter((i) => !isSeed.has(i));
      const labels = keep.map((i) => (world.truth.segment[i] === seg ? 1 : 0));
      const best = Math.max(...(['centroid', 'prototypes', 'knn'] as const).map((method) => {
        const s = scoreLookalike(fitLookalike(seeds, method === 'knn' ? { method, k: Math.min(5, seeds.rows) } : { method }), emb);
        return evaluateLookalike(keep.map((i) => s[i]!), labels).auc;
      }));
      expect(best).toBeGreaterThanOrEqual(0.75);
    });
  });

  it('a seed audience from two segments (10% of the buyers of each): prototypes (P = 2) beats centroid', () => {
    const a = world.truth.segmentNames.indexOf('young_moms');
    const b = world.truth.segmentNames.indexOf('tech_enthusiasts');
    const idx = seedsOf([a, b], 7, 0.1);
    const seeds = selectRows(emb, idx);
    const isSeed = new Set(idx);
    const keep = Array.from({ length: world.people }, (_, i) => i).filter((i) => !isSeed.has(i));
    const labels = keep.map((i) => (world.truth.segment[i] === a || world.truth.segment[i] === b ? 1 : 0));
    const auc = (m: LookalikeModel): number => { const s = scoreLookalike(m, emb); return evaluateLookalike(keep.map((i) => s[i]!), labels).auc; };
    const centroid = auc(fitLookalike(seeds, { method: 'centroid' }));
    const prototypes = auc(fitLookalike(seeds, { method: 'prototypes', prototypes: 2, seed: 1 }));
    expect(prototypes).toBeGreaterThan(centroid + 0.02); // 0.837 vs 0.771 at simulate f4083ed
  });

  it('expanding to 5% reach excluding the seeds gives a lift well above 1', () => {
    const seg = world.truth.segmentNames.indexOf('premium_shoppers');
    const seeds = seedsOf([seg], 7);
    const m = fitLookalike(selectRows(emb, seeds), { method: 'centroid' });
    const s = scoreLookalike(m, emb);
    const out = expandAudience(s, { reach: 0.05 }, { exclude: seeds });
    expect(out.indices).toHaveLength(Math.round(0.05 * (world.people - seeds.length)));
    const hits = Array.from(out.indices).filter((i) => world.truth.segment[i] === seg).length;
    const base = world.truth.segment.filter((x) => x === seg).length / world.people;
    expect(hits / out.indices.length / base).toBeGreaterThan(3);
  });
});
