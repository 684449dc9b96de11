/**
 * Prints the accuracy table of docs/lookalike.md: `npx tsx test/lookalike/accuracyTable.ts`
 * (the default 20k-person world; same seeds and featurization as world.test.ts). Not a test.
 */
import { createRng, selectRows } from '../../src/core/index.js';
import { evaluateLookalike, fitLookalike, scoreLookalike } from '../../src/lookalike/index.js';
import { simulateWorld } from '../../src/simulate/index.js';
import { featurizeWorld } from './worldFeatures.js';
const world = simulateWorld();
const { emb, buyer } = featurizeWorld(world);
function seedsOf(segments: readonly number[], seed: number): number[] {
  const rng = createRng(seed); const out: number[] = [];
  for (const s of segments) { const b: number[] = []; for (let i = 0; i < world.people; i++) if (world.truth.segment[i] === s && buyer[i] === 1) b.push(i); out.push(...rng.shuffle(b).slice(0, Math.max(2, Math.round(0.02 * b.length)))); }
  return out;
}
function run(label: string, segs: number[], seed: number) {
  const idx = seedsOf(segs, seed); const seeds = selectRows(emb, idx);
  const isSeed = new Set(idx); const keep = Array.from({ length: world.people }, (_, i) => i).filter((i) => !isSeed.has(i));
  const lab = keep.map((i) => (segs.includes(world.truth.segment[i]!) ? 1 : 0));
  const ms: Record<string, Parameters<typeof scoreLookalike>[0]> = {
    centroid: fitLookalike(seeds, { method: 'centroid' }), prototypes: fitLookalike(seeds, { method: 'prototypes', seed: 1 }),
    knn: fitLookalike(seeds, { method: 'knn', k: Math.min(5, seeds.rows) }), classifier: fitLookalike(seeds, { method: 'classifier', population: emb, seed: 1 }),
    'classifier l2=1': fitLookalike(seeds, { method: 'classifier', population: emb, seed: 1, l2: 1 }),
  };
  const cells = Object.entries(ms).map(([k, m]) => { const s = scoreLookalike(m, emb); const e = evaluateLookalike(keep.map((i) => s[i]!), lab, { reaches: [0.05] }); return `${e.auc.toFixed(3)} (lift@5% ${e.atReach[0]!.lift.toFixed(1)})`; });
  console.log(`| ${label} | ${idx.length} | ${cells.join(' | ')} |`);
}
console.log('| seed audience | seeds | centroid | prototypes | knn (k=5) | classifier | classifier l2=1 |');
for (const seed of [7, 8]) {
  world.truth.segmentNames.forEach((n, s) => { run(`${n} (draw ${seed})`, [s], seed); });
  run(`young_moms + tech_enthusiasts (draw ${seed})`, [1, 2], seed);
  run(`beauty_lovers + sports_fans (draw ${seed})`, [0, 5], seed);
}
