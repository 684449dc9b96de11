/**
 * Demo section: lookalike expansion. Seeds = 2% of one segment's buyers (a "crowd" a brand knows);
 * every method scores the whole population, expands to 5% reach (seeds excluded), and is judged
 * against the simulator's true segment; then the top expanded person's score is explained.
 * The embeddings are prepared for lookalike first (docs/lookalike.md, "Feature spec"): the seeds
 * were picked because they bought, and buying goes with how active a person is, not with the
 * segment — so columns that measure buying / engagement volume are dropped and per-channel counts
 * become the person's channel mix (shares); columns are standardized over the population and rows
 * are denoised against the population's principal axes.
 */
import { embeddingsFromRows, createRng, selectRows, rowView } from '../../src/core/index.js';
import type { Embeddings } from '../../src/core/index.js';
import { denoise, featureNames, fitDenoiser } from '../../src/features/index.js';
import type { VectorizerModel } from '../../src/features/index.js';
import {
  evaluateLookalike, expandAudience, explainLookalike, fitLookalike, lookalikeKernel, scoreLookalike,
} from '../../src/lookalike/index.js';
import type { LookalikeModel } from '../../src/lookalike/index.js';
import { personIndex, simulateWorld } from '../../src/simulate/index.js';
import { CHANNELS } from '../../src/simulate/types.js';
import type { World } from '../../src/simulate/types.js';
import { fmtPct, heading, printTable, type DemoContext } from './context.js';

interface SharedFeatures { model: VectorizerModel; embeddings: Embeddings; personIds: readonly string[] }

/** Small stand-in featurization when the features section has not run: z-scored one-hot profile fields, interests, log spend, each channel's share of the person's events. */
function localFeatures(w: World): { emb: Embeddings; names: string[] } {
  const ages = ['18-24', '25-34', '35-44', '45-54', '55+'];
  const interests = [...new Set(w.profiles.flatMap((p) => p.interests))].sort();
  const counts = new Float64Array(w.people * CHANNELS.length);
  for (const e of w.events) counts[personIndex(e.personId) * CHANNELS.length + CHANNELS.indexOf(e.channel)]! += 1;
  const names = [...ages.map((a) => `age=${a}`), 'gender=f', 'gender=m', ...[1, 2, 3, 4, 5].map((t) => `cityTier=${t}`),
    ...interests.map((t) => `interest=${t}`), 'spend:log', ...CHANNELS.map((c) => `events:${c}:share`)];
  const total = (i: number): number => counts.subarray(i * CHANNELS.length, (i + 1) * CHANNELS.length).reduce((a, b) => a + b, 0);
  const rows = w.profiles.map((p, i) => [...ages.map((a) => +(p.ageBand === a)), +(p.gender === 'f'), +(p.gender === 'm'),
    ...[1, 2, 3, 4, 5].map((t) => +(p.cityTier === t)), ...interests.map((t) => +p.interests.includes(t)), Math.log1p(p.spend),
    ...CHANNELS.map((_, c) => { const t = total(i); return t > 0 ? counts[i * CHANNELS.length + c]! / t : 0; })]);
  const d = names.length, n = rows.length;
  const mean = new Array<number>(d).fill(0), sd = new Array<number>(d).fill(0);
  for (const r of rows) r.forEach((v, j) => { mean[j]! += v / n; });
  for (const r of rows) r.forEach((v, j) => { sd[j]! += (v - mean[j]!) ** 2 / n; });
  return { emb: embeddingsFromRows(rows.map((r) => r.map((v, j) => (sd[j]! > 0 ? (v - mean[j]!) / Math.sqrt(sd[j]!) : 0)))), names };
}

/** Columns of the features section that measure engagement with / buying from the brand (selection, not a trait). */
const BUYING_COLUMNS = /^(recency|frequency|monetary|decayed|events_|distinctChannels)/;
/** The features section's per-channel event counts (made into shares: the channel mix). */
const CHANNEL_COLUMNS = /^channel:/;

/** Replaces the `cols` columns of every row by their shares of the row's sum over them (0 when the sum is 0). */
function toShares(e: Embeddings, cols: readonly number[]): Embeddings {
  const data = Float32Array.from(e.data);
  for (let i = 0; i < e.rows; i++) {
    let t = 0;
    for (const j of cols) t += Math.max(0, data[i * e.cols + j]!);
    for (const j of cols) data[i * e.cols + j] = t > 0 ? Math.max(0, data[i * e.cols + j]!) / t : 0;
  }
  return { rows: e.rows, cols: e.cols, data };
}

/** Columns standardized over the population (mean 0, variance 1; constant columns → 0), only `keep` columns. */
function standardize(e: Embeddings, keep: readonly number[]): Embeddings {
  const d = keep.length, mean = new Float64Array(d), sd = new Float64Array(d);
  for (let i = 0; i < e.rows; i++) keep.forEach((j, k) => { mean[k]! += e.data[i * e.cols + j]! / e.rows; });
  for (let i = 0; i < e.rows; i++) keep.forEach((j, k) => { sd[k]! += (e.data[i * e.cols + j]! - mean[k]!) ** 2 / e.rows; });
  const out = new Float32Array(e.rows * d);
  for (let i = 0; i < e.rows; i++) keep.forEach((j, k) => { out[i * d + k] = sd[k]! > 0 ? (e.data[i * e.cols + j]! - mean[k]!) / Math.sqrt(sd[k]!) : 0; });
  return { rows: e.rows, cols: d, data: out };
}

export function lookalikeSection(ctx: DemoContext): void {
  heading('lookalike: expand a seed audience to the people most like it');
  const world = (ctx.shared.get('world') as World | undefined) ?? simulateWorld({ people: ctx.quick ? 5000 : 20_000 });
  const shared = ctx.shared.get('features') as SharedFeatures | undefined;
  let rawEmb: Embeddings, names: string[], person: Int32Array;
  if (shared) {
    const fromModel = featureNames(shared.model);
    const all = fromModel.length === shared.embeddings.cols ? fromModel : Array.from({ length: shared.embeddings.cols }, (_, j) => `dim ${j}`);
    const keepCols = all.flatMap((n, j) => (BUYING_COLUMNS.test(n) ? [] : [j]));
    const channelCols = all.flatMap((n, j) => (CHANNEL_COLUMNS.test(n) ? [j] : []));
    rawEmb = standardize(toShares(shared.embeddings, channelCols), keepCols);
    names = keepCols.map((j) => (CHANNEL_COLUMNS.test(all[j]!) ? `${all[j]!}:share` : all[j]!));
    person = Int32Array.from(shared.personIds, (id) => personIndex(id));
    console.log(`  features: the features section's ${shared.embeddings.rows.toLocaleString('en-US')} × ${shared.embeddings.cols} embeddings, less ${all.length - keepCols.length} buying/engagement columns (recency, frequency, monetary, decayed, …), channel counts as shares, standardized`);
  } else {
    ({ emb: rawEmb, names } = localFeatures(world));
    person = Int32Array.from({ length: world.people }, (_, i) => i);
    console.log(`  features: a small local featurization (${rawEmb.cols} z-scored columns: profile one-hots, interests, spend, channel mix)`);
  }
  // Population denoising (fitDenoiser): x ↦ V·diag(g)·Vᵀ(x − mean) over the principal axes V,
  // g = √((λ − σ²) / λ), σ² = the median non-zero eigenvalue; same columns.
  const denoiser = fitDenoiser(rawEmb, { maxRows: 20_000 });
  const emb = denoise(denoiser, rawEmb);
  console.log(`  denoised against the population: ${denoiser.axes.length} of ${emb.cols} principal axes above the noise floor (median eigenvalue), same columns`);
  const segment = (row: number): number => world.truth.segment[person[row]!]!;
  const target = world.truth.segmentNames.indexOf('beauty_lovers');
  const buyers = new Set<number>();
  for (const e of world.events) if (e.type === 'purchase') buyers.add(personIndex(e.personId));
  const candidates: number[] = [];
  for (let r = 0; r < emb.rows; r++) if (segment(r) === target && buyers.has(person[r]!)) candidates.push(r);
  const seedRows = createRng(7).shuffle(candidates).slice(0, Math.max(2, Math.round(0.02 * candidates.length)));
  const seeds = selectRows(emb, seedRows);
  const isSeed = new Uint8Array(emb.rows);
  for (const r of seedRows) isSeed[r] = 1;
  const keep: number[] = [];
  for (let r = 0; r < emb.rows; r++) if (!isSeed[r]) keep.push(r);
  const labels = keep.map((r) => +(segment(r) === target));
  console.log(`  seeds: ${seedRows.length} of ${candidates.length} ${world.truth.segmentNames[target]!} buyers (2%); judged on the other ${keep.length.toLocaleString('en-US')} people`);

  const models: [string, () => LookalikeModel][] = [
    ['centroid', () => fitLookalike(seeds, { method: 'centroid' })],
    ['prototypes', () => fitLookalike(seeds, { method: 'prototypes', seed: 1 })],
    [`knn (k=${Math.min(5, seeds.rows)})`, () => fitLookalike(seeds, { method: 'knn', k: Math.min(5, seeds.rows) })],
    ['classifier', () => fitLookalike(seeds, { method: 'classifier', population: emb, seed: 1 })],
  ];
  const rawSeeds = selectRows(rawEmb, seedRows);
  const fitRaw = (name: string): LookalikeModel => name === 'centroid' ? fitLookalike(rawSeeds, { method: 'centroid' })
    : name === 'prototypes' ? fitLookalike(rawSeeds, { method: 'prototypes', seed: 1 })
      : name === 'classifier' ? fitLookalike(rawSeeds, { method: 'classifier', population: rawEmb, seed: 1 })
        : fitLookalike(rawSeeds, { method: 'knn', k: Math.min(5, rawSeeds.rows) });
  const table: Record<string, string | number>[] = [];
  const fitted: [string, LookalikeModel, Float32Array][] = [];
  for (const [name, fit] of models) {
    const t0 = performance.now();
    const model = fit();
    const scores = scoreLookalike(model, emb);
    const ms = performance.now() - t0;
    const ev = evaluateLookalike(keep.map((r) => scores[r]!), labels, { reaches: [0.01, 0.05] });
    const rawModel = fitRaw(name);
    const rawScores = scoreLookalike(rawModel, rawEmb);
    const rawAuc = evaluateLookalike(keep.map((r) => rawScores[r]!), labels).auc;
    const audience = expandAudience(scores, { reach: 0.05 }, { exclude: seedRows });
    const hits = Array.from(audience.indices).filter((r) => segment(r) === target).length;
    table.push({ method: name, AUC: ev.auc, 'AUC not denoised': rawAuc, 'lift@1%': ev.atReach[0]!.lift, 'lift@5%': ev.atReach[1]!.lift,
      'audience 5%': audience.indices.length, 'in segment': fmtPct(hits / audience.indices.length), 'fit+score ms': Math.round(ms) });
    fitted.push([name, model, scores]);
  }
  printTable(table);
  console.log(`  scoring kernel for prototypes / knn: ${lookalikeKernel() === 'wasm-simd' ? 'WebAssembly SIMD' : 'JavaScript (no WebAssembly SIMD here)'}`);
  console.log(`  base rate of the segment: ${fmtPct(labels.reduce((a, b) => a + b, 0) / labels.length)}; lift = precision / base rate`);

  for (const [name, model, scores] of [fitted[0]!, fitted[3]!]) {
    const top = expandAudience(scores, { size: 1 }, { exclude: seedRows }).indices[0]!;
    const ex = explainLookalike(model, rowView(emb, top), names, { top: 5 });
    console.log(`  why is row ${top} the top ${name} lookalike (score ${ex.score.toFixed(3)}${ex.scale === 'logit' ? `, a ranking probability; baseline logit ${ex.baseline.toFixed(2)}` : ''})?`);
    console.log('    ' + ex.contributions.map((c) => `${c.feature} ${c.contribution >= 0 ? '+' : ''}${c.contribution.toFixed(3)}`).join(', '));
  }
  ctx.shared.set('lookalike', { seeds: seedRows, models: fitted.map(([name, model]) => ({ name, model })) });
}
