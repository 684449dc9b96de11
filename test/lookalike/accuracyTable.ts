/**
 * Prints the accuracy tables of docs/lookalike.md: `npx tsx test/lookalike/accuracyTable.ts`
 * (the default 20k-person world; the seeds and featurizations of world.test.ts / ceiling.test.ts).
 * Not a test: the ceilings (Bayes posterior under the true parameters, supervised logistic on
 * held-out halves) and every method × segment AUC, mean / min over seed draws 7–11, for the raw
 * and the population-denoised feature spec.
 */
import { createRng, embeddingsFromRows, selectRows } from '../../src/core/index.js';
import type { Embeddings } from '../../src/core/index.js';
import { fitLookalike, scoreLookalike } from '../../src/lookalike/index.js';
import { simulateWorld } from '../../src/simulate/index.js';
import { CHANNELS } from '../../src/simulate/types.js';
import { aucAmong, bayesPosterior, supervisedAuc } from './oracle.js';
import { denoiseEmbeddings, featurizeWorld } from './worldFeatures.js';

const world = simulateWorld();
const N = world.people, seg = world.truth.segment, names = world.truth.segmentNames;
const { emb, buyer } = featurizeWorld(world);
const mix = featurizeWorld(world, { channels: 'share' }).emb;
const den0 = denoiseEmbeddings(emb);
const den = denoiseEmbeddings(mix);
console.log(`denoised raw spec: noise floor σ² = ${den0.noiseFloor.toFixed(3)}, ${den0.kept} of ${emb.cols} axes kept`);
console.log(`lookalike spec (mix, denoised): noise floor σ² = ${den.noiseFloor.toFixed(3)}, ${den.kept} of ${mix.cols} axes kept`);
const everyone = Array.from({ length: N }, (_, i) => i);

// A richer event spec for the ceiling: raw counts of impressions and of purchases per channel (the
// multinomial log-likelihood of the channel mix is linear in these counts) instead of log(1 + all events).
const rich: Embeddings = (() => {
  const nc = CHANNELS.length, imp = new Float64Array(N * nc), pur = new Float64Array(N * nc);
  const index = new Map(world.personIds.map((p, i) => [p, i]));
  for (const e of world.events) {
    const i = index.get(e.personId)!, c = CHANNELS.indexOf(e.channel);
    if (e.type === 'impression') imp[i * nc + c]! += 1;
    if (e.type === 'purchase') pur[i * nc + c]! += 1;
  }
  const d0 = emb.cols - nc; // the profile part of the raw spec (already z-scored)
  const rows = everyone.map((i) => [...emb.data.subarray(i * emb.cols, i * emb.cols + d0), ...imp.subarray(i * nc, (i + 1) * nc), ...pur.subarray(i * nc, (i + 1) * nc)]);
  const d = rows[0]!.length, mean = new Array<number>(d).fill(0), sd = new Array<number>(d).fill(0);
  for (const r of rows) r.forEach((v, j) => { mean[j]! += v / N; });
  for (const r of rows) r.forEach((v, j) => { sd[j]! += (v - mean[j]!) ** 2 / N; });
  return embeddingsFromRows(rows.map((r) => r.map((v, j) => (sd[j]! > 0 ? (v - mean[j]!) / Math.sqrt(sd[j]!) : 0))));
})();

const bp = bayesPosterior(world, { events: false }), be = bayesPosterior(world, { events: true });
console.log('\n| segment | Bayes, profile | Bayes, profile + events | supervised, raw spec | supervised, impressions + purchases by channel | supervised, channel-mix spec | supervised, lookalike spec (mix, denoised) |');
console.log('|---|---|---|---|---|---|---|');
names.forEach((n, s) => {
  console.log(`| ${n} | ${aucAmong(bp[s]!, everyone, seg, s).toFixed(3)} | ${aucAmong(be[s]!, everyone, seg, s).toFixed(3)} | ${supervisedAuc(emb, seg, s).toFixed(3)} | ${supervisedAuc(rich, seg, s).toFixed(3)} | ${supervisedAuc(mix, seg, s).toFixed(3)} | ${supervisedAuc(den.emb, seg, s).toFixed(3)} |`);
});

function seedsOf(s: number, draw: number): number[] {
  const b: number[] = [];
  for (let i = 0; i < N; i++) if (seg[i] === s && buyer[i] === 1) b.push(i);
  return createRng(draw).shuffle(b).slice(0, Math.max(2, Math.round(0.02 * b.length)));
}
const draws = [7, 8, 9, 10, 11];
for (const [label, e] of [['raw spec', emb], ['raw spec, denoised', den0.emb], ['channel-mix spec (not denoised)', mix], ['lookalike spec (channel mix, denoised)', den.emb]] as const) {
  const res: Record<string, number[][]> = { centroid: [], prototypes: [], 'knn (k=5)': [], classifier: [], 'best of the four': [] };
  names.forEach((_, s) => {
    for (const k of Object.keys(res)) res[k]![s] = [];
    for (const d of draws) {
      const idx = seedsOf(s, d), isSeed = new Set(idx), keep = everyone.filter((i) => !isSeed.has(i)), seeds = selectRows(e, idx);
      const ms = {
        centroid: fitLookalike(seeds, { method: 'centroid' }), prototypes: fitLookalike(seeds, { method: 'prototypes', seed: 1 }),
        'knn (k=5)': fitLookalike(seeds, { method: 'knn', k: Math.min(5, seeds.rows) }), classifier: fitLookalike(seeds, { method: 'classifier', population: e, seed: 1 }),
      };
      let best = 0;
      for (const [m, model] of Object.entries(ms)) { const a = aucAmong(scoreLookalike(model, e), keep, seg, s); res[m]![s]!.push(a); best = Math.max(best, a); }
      res['best of the four']![s]!.push(best);
    }
  });
  console.log(`\n${label}, seeds = 2% of the segment's buyers, AUC mean / min over draws ${draws.join(', ')}`);
  console.log(`| method | ${names.join(' | ')} |`);
  console.log(`|---|${names.map(() => '---').join('|')}|`);
  for (const [m, r] of Object.entries(res)) console.log(`| ${m} | ${r.map((v) => `${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(3)} / ${Math.min(...v).toFixed(3)}`).join(' | ')} |`);
  console.log(`seeds per segment: ${names.map((_, s) => seedsOf(s, 7).length).join(', ')}`);
}

// The demo's path: the features section's spec (examples/demo/features.ts, worldFeatureSpec, l2 rows),
// as it is and as the lookalike demo prepares it (buying/engagement columns dropped, channel
// counts as shares, columns standardized, rows denoised). Best of centroid / knn / classifier, mean over draws 7–9.
{
  const { aggregateEvents, featureNames, fitVectorizer, vectorize } = await import('../../src/features/index.js');
  const { worldAggregateOptions, worldFeatureSpec } = await import('../../examples/demo/features.js');
  const { EVENT_TYPES } = await import('../../src/simulate/types.js');
  const agg = aggregateEvents(world.events, { ...worldAggregateOptions(world), types: [...EVENT_TYPES], channels: [...CHANNELS] });
  const rows = world.profiles.map((p, i) => Object.assign({}, p, agg[i]));
  const model = fitVectorizer(worldFeatureSpec, rows);
  const shared = vectorize(model, rows, { normalize: 'l2' });
  const cols = featureNames(model).flatMap((n, j) => (/^(recency|frequency|monetary|decayed|events_|distinctChannels)/.test(n) ? [] : [j]));
  const sub = embeddingsFromRows(everyone.map((i) => cols.map((j) => shared.data[i * shared.cols + j]!)));
  const d = sub.cols, mu = new Float64Array(d), sd = new Float64Array(d);
  for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) mu[j]! += sub.data[i * d + j]! / N;
  for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) sd[j]! += (sub.data[i * d + j]! - mu[j]!) ** 2 / N;
  for (let i = 0; i < N; i++) for (let j = 0; j < d; j++) sub.data[i * d + j] = sd[j]! > 0 ? (sub.data[i * d + j]! - mu[j]!) / Math.sqrt(sd[j]!) : 0;
  const line = (label: string, e: Embeddings): void => {
    const cells = names.map((_, s) => {
      const v = [7, 8, 9].map((draw) => {
        const idx = seedsOf(s, draw), isSeed = new Set(idx), keep = everyone.filter((i) => !isSeed.has(i)), seeds = selectRows(e, idx);
        return Math.max(...[fitLookalike(seeds, { method: 'centroid' }), fitLookalike(seeds, { method: 'knn', k: Math.min(5, seeds.rows) }),
          fitLookalike(seeds, { method: 'classifier', population: e, seed: 1 })].map((m) => aucAmong(scoreLookalike(m, e), keep, seg, s)));
      });
      return (v.reduce((a, b) => a + b, 0) / v.length).toFixed(3);
    });
    console.log(`| ${label} (${e.cols} cols) | ${cells.join(' | ')} |`);
  };
  console.log(`\nfeatures-section spec (the demo), best of centroid / knn / classifier, mean over draws 7–9`);
  console.log(`| embeddings | ${names.join(' | ')} |`);
  console.log(`|---|${names.map(() => '---').join('|')}|`);
  line('as vectorized (l2 rows)', shared);
  line('less buying columns, standardized', sub);
  line('… and denoised', denoiseEmbeddings(sub).emb);
  // As the demo does it: the channel count columns (channel:*_90d) replaced by their shares first.
  const all = featureNames(model), ch = all.flatMap((n, j) => (/^channel:/.test(n) ? [j] : []));
  const shares = embeddingsFromRows(everyone.map((i) => {
    const t = ch.reduce((a, j) => a + Math.max(0, shared.data[i * shared.cols + j]!), 0);
    return cols.map((j) => (ch.includes(j) ? (t > 0 ? Math.max(0, shared.data[i * shared.cols + j]!) / t : 0) : shared.data[i * shared.cols + j]!));
  }));
  const d2 = shares.cols, mu2 = new Float64Array(d2), sd2 = new Float64Array(d2);
  for (let i = 0; i < N; i++) for (let j = 0; j < d2; j++) mu2[j]! += shares.data[i * d2 + j]! / N;
  for (let i = 0; i < N; i++) for (let j = 0; j < d2; j++) sd2[j]! += (shares.data[i * d2 + j]! - mu2[j]!) ** 2 / N;
  for (let i = 0; i < N; i++) for (let j = 0; j < d2; j++) shares.data[i * d2 + j] = sd2[j]! > 0 ? (shares.data[i * d2 + j]! - mu2[j]!) / Math.sqrt(sd2[j]!) : 0;
  line('… channel counts as shares, standardized, denoised (the demo)', denoiseEmbeddings(shares).emb);
}
