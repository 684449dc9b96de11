import { embeddingsFromRows } from '../../src/core/index.js';
import type { Embeddings } from '../../src/core/index.js';
import { denoise, fitDenoiser } from '../../src/features/index.js';
import { CHANNELS } from '../../src/simulate/types.js';
import type { World } from '../../src/simulate/types.js';

/**
 * A small local featurizer for the world-based lookalike tests (src/features was not ready when
 * these were written): one-hot age band, gender, city tier; interest multi-hot; log annual spend;
 * per channel either log(1 + events) (`channels: 'log'`, the raw spec, default) or the share of
 * the person's events on that channel (`channels: 'share'`, the mix spec: invariant to how active
 * the person is — seeds are picked because they bought, and buying goes with activity, not with
 * the segment; people without events get 0); every column z-scored over the population
 * (constant columns → 0).
 */
export function featurizeWorld(w: World, { channels = 'log' }: { channels?: 'log' | 'share' } = {}): { emb: Embeddings; names: string[]; buyer: Uint8Array } {
  const ages = ['18-24', '25-34', '35-44', '45-54', '55+'] as const;
  const genders = ['f', 'm', 'unknown'] as const;
  const interests = [...new Set(w.profiles.flatMap((p) => p.interests))].sort();
  const index = new Map(w.personIds.map((p, i) => [p, i]));
  const nc = CHANNELS.length;
  const counts = new Float64Array(w.people * nc);
  const buyer = new Uint8Array(w.people);
  for (const e of w.events) {
    const i = index.get(e.personId)!;
    counts[i * nc + CHANNELS.indexOf(e.channel)]! += 1;
    if (e.type === 'purchase') buyer[i] = 1;
  }
  const names = [...ages.map((a) => `age ${a}`), ...genders.map((g) => `gender ${g}`), ...[1, 2, 3, 4, 5].map((t) => `city tier ${t}`),
    ...interests.map((t) => `interest ${t}`), 'log spend', ...CHANNELS.map((c) => (channels === 'log' ? `events on ${c}` : `share of events on ${c}`))];
  const total = (i: number): number => { let t = 0; for (let c = 0; c < nc; c++) t += counts[i * nc + c]!; return t; };
  const rows = w.profiles.map((p, i) => [
    ...ages.map((a) => (p.ageBand === a ? 1 : 0)),
    ...genders.map((g) => (p.gender === g ? 1 : 0)),
    ...[1, 2, 3, 4, 5].map((t) => (p.cityTier === t ? 1 : 0)),
    ...interests.map((t) => (p.interests.includes(t) ? 1 : 0)),
    Math.log1p(p.spend),
    ...(channels === 'log' ? CHANNELS.map((_, c) => Math.log1p(counts[i * nc + c]!)) : ((t) => CHANNELS.map((_, c) => (t > 0 ? counts[i * nc + c]! / t : 0)))(total(i))),
  ]);
  const d = names.length, n = rows.length;
  const mean = new Array<number>(d).fill(0), sd = new Array<number>(d).fill(0);
  for (const r of rows) r.forEach((v, j) => { mean[j]! += v / n; });
  for (const r of rows) r.forEach((v, j) => { sd[j]! += (v - mean[j]!) ** 2 / n; });
  const z = rows.map((r) => r.map((v, j) => (sd[j]! > 0 ? (v - mean[j]!) / Math.sqrt(sd[j]!) : 0)));
  return { emb: embeddingsFromRows(z), names, buyer };
}

/**
 * Population denoising of embeddings (the "denoised" feature spec of docs/lookalike.md), now the
 * library's `fitDenoiser` + `denoise` (audience-kit/features, docs/features.md "Denoising") with its
 * defaults: x ↦ V·diag(g)·Vᵀ(x − mean), V the principal axes of the population,
 * g_c = √((λ_c − σ²) / λ_c), σ² the median non-zero eigenvalue (axes with λ ≤ σ² dropped). Fitted on
 * the population (no labels, no seeds), the same rule for every segment; the columns keep their names.
 */
export function denoiseEmbeddings(emb: Embeddings): { emb: Embeddings; noiseFloor: number; kept: number } {
  const model = fitDenoiser(emb);
  return { emb: denoise(model, emb), noiseFloor: model.noiseVariance, kept: model.axes.length };
}
