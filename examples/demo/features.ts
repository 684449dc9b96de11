/**
 * Demo section: people as vectors. Aggregates the world's events per person (windowed counts by
 * channel and type, decayed engagement, RFM), joins them with the profiles, fits a vectorizer
 * (scalers, one-hot, TF-IDF interests, hashed cities, quantile bins), vectorizes everyone and leaves
 * `{ model, embeddings, personIds }` in `ctx.shared.get('features')` for the lookalike section.
 */
import { aggregateEvents, featureNames, fitPca, fitVectorizer, vectorize, type FeatureSpecInput } from '../../src/features/index.js';
import { CHANNELS, DAY_MS, EVENT_TYPES, WEEK_MS, simulateWorld, type World } from '../../src/simulate/index.js';
import { fmtInt, fmtPct, heading, printTable, type DemoContext } from './context.js';

/** Event-aggregate options that go with {@link worldFeatureSpec} (asOf = the end of the world). */
export function worldAggregateOptions(world: World) {
  return { asOf: world.start + world.weeks * WEEK_MS - 1, unit: 'day' as const, windows: [7, 30, 90], halfLife: 30, people: [...world.personIds] };
}

/**
 * A ready-made feature spec for the simulated world's profiles joined with their event aggregates
 * (`aggregateEvents(world.events, worldAggregateOptions(world))`). Interests count twice.
 */
export const worldFeatureSpec: FeatureSpecInput = {
  features: [
    { kind: 'categorical', name: 'ageBand' },
    { kind: 'categorical', name: 'gender' },
    { kind: 'categorical', name: 'cityTier' },
    { kind: 'hashed', name: 'city', bits: 5 },
    { kind: 'tags', name: 'interests', mode: 'tfidf', topN: 50, weight: 2 },
    // Heavy-tailed amounts and counts: clipped at a high quantile, then scaled to [0, 1] (or
    // standardized), so no single column dominates cosine similarity.
    { kind: 'numeric', name: 'spend', transform: 'standard', clip: { lower: 0.01, upper: 0.99 } },
    { kind: 'bucketized', name: 'spend_bin', field: 'spend', bins: 5 },
    { kind: 'numeric', name: 'recency', transform: 'minmax', missing: { strategy: 'constant', value: 400, indicator: true } },
    ...['frequency', 'monetary', 'decayed', 'distinctChannels', 'events_7d', 'events_30d', 'events_90d', ...CHANNELS.map((c) => `channel:${c}_90d`)]
      .map((name) => ({ kind: 'numeric' as const, name, transform: 'minmax' as const, clip: { lower: 0, upper: 0.999 } })),
    ...EVENT_TYPES.map((t) => ({ kind: 'numeric' as const, name: `decayed:${t}`, transform: 'minmax' as const, clip: { lower: 0, upper: 0.999 }, weight: 0.5 })),
  ],
};

export function featuresSection(ctx: DemoContext): void {
  heading('features: profiles + event aggregates → vectors');
  const world = (ctx.shared.get('world') as World | undefined) ?? simulateWorld({ people: ctx.quick ? 5000 : 20_000 });
  const t0 = performance.now();
  const aggregates = aggregateEvents(world.events, { ...worldAggregateOptions(world), types: [...EVENT_TYPES], channels: [...CHANNELS] });
  const t1 = performance.now();
  // Same order as world.personIds (the `people` option), so the join is by position; check it anyway.
  const rows = world.profiles.map((p, i) => {
    const a = aggregates[i]!;
    if (a.personId !== p.personId) throw new Error('join mismatch');
    return Object.assign({}, p, a); // (Object.assign: much faster than `{ ...p, ...a }` for ~80-key rows in V8)
  });
  const model = fitVectorizer(worldFeatureSpec, rows);
  const t2 = performance.now();
  const embeddings = vectorize(model, rows, { normalize: 'l2' });
  const t3 = performance.now();
  const names = featureNames(model);
  ctx.shared.set('features', { model, embeddings, personIds: rows.map((r) => r.personId) });

  console.log(`  ${fmtInt(world.events.length)} events → ${fmtInt(aggregates.length)} per-person aggregate rows (${Object.keys(aggregates[0] ?? {}).length - 1} columns) in ${fmtInt(t1 - t0)} ms`);
  console.log(`  fit ${model.features.length} features on ${fmtInt(rows.length)} rows in ${fmtInt(t2 - t1)} ms; vectorize → ${fmtInt(embeddings.rows)} × ${embeddings.cols} (l2 rows) in ${fmtInt(t3 - t2)} ms`);
  const pick = (prefix: string, k: number) => names.filter((n) => n.startsWith(prefix)).slice(0, k).join(', ');
  console.log(`  columns, e.g.: ${pick('ageBand', 2)}, ${pick('interests', 3)}, ${pick('spend', 3)}, ${pick('recency', 2)}, ${pick('channel:jd_search', 1)}, ${pick('city#', 1)}`);
  console.log(`  …of ${names.length} columns; interests (TF-IDF) weigh 2, decayed counts by event type 0.5`);
  // The same matrix in compressed sparse rows (as scikit-learn's DictVectorizer returns by default): only the non-zeros.
  const sparse = vectorize(model, rows, { normalize: 'l2', output: 'csr' });
  console.log(`  sparse (output: 'csr'): ${fmtInt(sparse.indices.length)} stored values, ${(sparse.indices.length / Math.max(1, sparse.rows)).toFixed(1)} per row of ${sparse.cols} ` +
    `(${fmtPct(sparse.indices.length / Math.max(1, sparse.rows * sparse.cols))} of the dense matrix)`);

  const spendBin = model.features.find((f) => f.name === 'spend_bin');
  const recency = model.features.find((f) => f.name === 'recency');
  if (spendBin?.kind === 'bucketized' && recency?.kind === 'numeric') {
    console.log(`  learned: spend quintile edges ${spendBin.edges.map((e) => fmtInt(e)).join(' / ')} CNY (DDSketch, ±0.5%); ` +
      `${fmtPct(recency.stats.missing / rows.length)} of people never bought (recency missing → indicator)`);
  }
  const person = rows.findIndex((r) => Number(r.frequency) > 1);
  if (person >= 0) {
    const v = embeddings.data.subarray(person * embeddings.cols, (person + 1) * embeddings.cols);
    const top = Array.from(v, (x, j) => [j, x] as const).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]) || a[0] - b[0]).slice(0, 6);
    console.log(`\n  ${rows[person]!.personId} (a repeat buyer): largest coordinates of the unit vector`);
    printTable(top.map(([j, x]) => ({ column: names[j]!, value: Number(x.toFixed(3)) })));
  }
  const pca = fitPca(embeddings, 10, { maxRows: ctx.quick ? 5000 : 20_000 });
  console.log(`  PCA: 10 components keep ${fmtPct(pca.explainedVarianceRatio.reduce((s, x) => s + x, 0))} of the variance of ${embeddings.cols} columns (for short dense vectors before kNN)`);
  const days = (world.weeks * WEEK_MS) / DAY_MS;
  console.log(`  (events after asOf are excluded; asOf = the world's last moment, ${fmtInt(days)} days after its start)`);
}
