import { embeddingsFromRows } from '../../src/core/index.js';
import type { Embeddings } from '../../src/core/index.js';
import { CHANNELS } from '../../src/simulate/types.js';
import type { World } from '../../src/simulate/types.js';

/**
 * A small local featurizer for the world-based lookalike tests (src/features was not ready when
 * these were written): one-hot age band, gender, city tier; interest multi-hot; log annual spend;
 * log(1 + events) per channel; every column z-scored over the population (constant columns → 0).
 */
export function featurizeWorld(w: World): { emb: Embeddings; names: string[]; buyer: Uint8Array } {
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
    ...interests.map((t) => `interest ${t}`), 'log spend', ...CHANNELS.map((c) => `events on ${c}`)];
  const rows = w.profiles.map((p, i) => [
    ...ages.map((a) => (p.ageBand === a ? 1 : 0)),
    ...genders.map((g) => (p.gender === g ? 1 : 0)),
    ...[1, 2, 3, 4, 5].map((t) => (p.cityTier === t ? 1 : 0)),
    ...interests.map((t) => (p.interests.includes(t) ? 1 : 0)),
    Math.log1p(p.spend),
    ...CHANNELS.map((_, c) => Math.log1p(counts[i * nc + c]!)),
  ]);
  const d = names.length, n = rows.length;
  const mean = new Array<number>(d).fill(0), sd = new Array<number>(d).fill(0);
  for (const r of rows) r.forEach((v, j) => { mean[j]! += v / n; });
  for (const r of rows) r.forEach((v, j) => { sd[j]! += (v - mean[j]!) ** 2 / n; });
  const z = rows.map((r) => r.map((v, j) => (sd[j]! > 0 ? (v - mean[j]!) / Math.sqrt(sd[j]!) : 0)));
  return { emb: embeddingsFromRows(z), names, buyer };
}
