/**
 * features benchmark (issue 5): fit + vectorize 1,000,000 profile rows × 20 fields (~500 columns)
 * <= 5 s (sparse CSR output; the dense line beside it has a floor of its own: allocating and
 * first-touching its 1.87 GB output); aggregateEvents over 10,000,000 events <= 5 s. Baselines in the same run: a naive
 * dict-per-row vectorizer, and a naive object-map event aggregation (each on a slice, scaled
 * linearly to the full size — stated in the table). The same 10M events as `EventColumns` (columnar input):
 * aggregateEvents on them, <= 5 s as well. `FEATURES_BENCH_SCALE=0.1` shrinks everything.
 */
import { createRng, toEventColumns } from '../src/core/index.js';
import { aggregateEvents, createAggregateWorkspace, featureNames, fitVectorizer, vectorize, type FeatureSpecInput } from '../src/features/index.js';
import { report, timeMedian, withPeakMemory, type BenchRow } from './harness.js';

const SCALE = Number(process.env.FEATURES_BENCH_SCALE ?? 1);
const ROWS = Math.round(1_000_000 * SCALE);
const EVENTS = Math.round(10_000_000 * SCALE);
const PEOPLE = Math.round(500_000 * SCALE);

const AGE = ['18-24', '25-34', '35-44', '45-54', '55+'];
const GENDER = ['f', 'm', 'unknown'];
const CITIES = Array.from({ length: 300 }, (_, i) => `city${i}`);
const DEVICES = Array.from({ length: 10 }, (_, i) => `device${i}`);
const CHANNELS = ['wechat_moments', 'qq_feed', 'tencent_news', 'jd_search', 'jd_recommend', 'official_account', 'mini_program', 'offline_store'];
const INTERESTS = Array.from({ length: 40 }, (_, i) => `interest${i}`);
const BRANDS = Array.from({ length: 150 }, (_, i) => `brand${i}`);
const TYPES = ['impression', 'click', 'follow', 'search', 'browse', 'cart', 'purchase', 'share', 'review', 'referral'];

function profiles(n: number): Record<string, unknown>[] {
  const rng = createRng(5);
  const zipf = (k: number) => Math.min(k - 1, Math.floor(Math.pow(rng.uniform(), 2) * k));
  const out = new Array<Record<string, unknown>>(n);
  for (let i = 0; i < n; i++) {
    const spend = Math.round(Math.exp(rng.normal(8, 1)));
    out[i] = {
      age: 18 + rng.int(0, 50), spend, income: rng.bernoulli(0.1) ? null : Math.round(Math.exp(rng.normal(10, 0.5))),
      visits: rng.poisson(3), tenure: rng.uniform() * 2000, score: rng.normal(), recency: rng.bernoulli(0.3) ? null : rng.int(0, 365),
      ageBand: AGE[rng.int(0, 4)], gender: GENDER[rng.int(0, 2)], cityTier: rng.int(1, 5), city: CITIES[zipf(300)],
      device: DEVICES[rng.int(0, 9)], channel: CHANNELS[rng.int(0, 7)],
      interests: [INTERESTS[zipf(40)], INTERESTS[zipf(40)], INTERESTS[rng.int(0, 39)]],
      brands: [BRANDS[zipf(150)], BRANDS[zipf(150)]],
      sku: [`sku-${zipf(100_000)}`, `sku-${rng.int(0, 99_999)}`], store: `store-${rng.int(0, 2_000)}`,
      visits2: rng.poisson(1), orders: rng.poisson(0.5),
    };
  }
  return out;
}

const SPEC: FeatureSpecInput = { features: [
  { kind: 'numeric', name: 'age', transform: 'standard' },
  { kind: 'numeric', name: 'spend', transform: 'log1p', clip: { lower: 0.001, upper: 0.999 } },
  { kind: 'numeric', name: 'income', transform: 'robust', missing: { strategy: 'median', indicator: true } },
  { kind: 'numeric', name: 'visits', transform: 'log1p' },
  { kind: 'numeric', name: 'tenure', transform: 'minmax' },
  { kind: 'numeric', name: 'score', transform: 'standard', clip: { lower: 0.01, upper: 0.99 } },
  { kind: 'numeric', name: 'recency', transform: 'minmax', missing: { strategy: 'constant', value: 400, indicator: true } },
  { kind: 'numeric', name: 'orders', transform: 'log1p' },
  { kind: 'categorical', name: 'ageBand' },
  { kind: 'categorical', name: 'gender' },
  { kind: 'categorical', name: 'cityTier' },
  { kind: 'categorical', name: 'city', maxCategories: 100 },
  { kind: 'categorical', name: 'device' },
  { kind: 'categorical', name: 'channel' },
  { kind: 'tags', name: 'interests', mode: 'tfidf', topN: 40, weight: 2 },
  { kind: 'tags', name: 'brands', topN: 100 },
  { kind: 'hashed', name: 'sku', bits: 7 },
  { kind: 'hashed', name: 'store', bits: 6 },
  { kind: 'bucketized', name: 'spend_bin', field: 'spend', bins: 10 },
  { kind: 'bucketized', name: 'visits_bin', field: 'visits2', bins: 10 },
] };

/** Baseline: the obvious hand-written vectorizer — a { name: value } dict per row, then a name → column Map. */
function naiveVectorize(rows: readonly Record<string, unknown>[], names: readonly string[]): Float32Array {
  const col = new Map(names.map((n, j) => [n, j]));
  const out = new Float32Array(rows.length * names.length);
  rows.forEach((r, i) => {
    const dict: Record<string, number> = {};
    for (const k of ['age', 'spend', 'income', 'visits', 'tenure', 'score', 'recency', 'orders']) dict[k] = typeof r[k] === 'number' ? (r[k] as number) : 0;
    for (const k of ['ageBand', 'gender', 'cityTier', 'city', 'device', 'channel']) dict[`${k}=${String(r[k])}`] = 1;
    for (const k of ['interests', 'brands']) for (const t of r[k] as string[]) dict[`${k}=${t}`] = 1;
    for (const [k, v] of Object.entries(dict)) { const j = col.get(k); if (j !== undefined) out[i * names.length + j] = v; }
  });
  return out;
}

function events(n: number, people: number): { personId: string; time: number; type: string; channel: string; value?: number }[] {
  const rng = createRng(11);
  const ids = Array.from({ length: people }, (_, i) => `p${String(i).padStart(7, '0')}`);
  const t0 = Date.UTC(2025, 0, 6);
  const out = new Array<{ personId: string; time: number; type: string; channel: string; value?: number }>(n);
  for (let i = 0; i < n; i++) {
    const type = TYPES[Math.min(9, Math.floor(rng.uniform() * rng.uniform() * 10))]!;
    const e: { personId: string; time: number; type: string; channel: string; value?: number } = { personId: ids[rng.int(0, people - 1)]!, time: t0 + Math.floor((i / n) * 364 * 86_400_000), type, channel: CHANNELS[rng.int(0, 7)]! };
    if (type === 'purchase') e.value = 50 + rng.int(0, 500);
    out[i] = e;
  }
  return out;
}

/** Baseline: per-event Map<personId, Record<key, number>> with string keys built per event. */
function naiveAggregate(evs: ReturnType<typeof events>, asOf: number): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  const windows = [7, 30, 90];
  for (const e of evs) {
    if (e.time > asOf) continue;
    let r = out.get(e.personId);
    if (!r) { r = {}; out.set(e.personId, r); }
    const age = asOf - e.time;
    for (const w of windows) {
      if (age < w * 86_400_000) {
        r[`events_${w}d`] = (r[`events_${w}d`] ?? 0) + 1;
        r[`type:${e.type}_${w}d`] = (r[`type:${e.type}_${w}d`] ?? 0) + 1;
        r[`channel:${e.channel}_${w}d`] = (r[`channel:${e.channel}_${w}d`] ?? 0) + 1;
      }
    }
    r.decayed = (r.decayed ?? 0) + Math.exp((-Math.LN2 * age) / (30 * 86_400_000));
    if (e.type === 'purchase') { r.frequency = (r.frequency ?? 0) + 1; r.monetary = (r.monetary ?? 0) + (e.value ?? 0); }
  }
  return out;
}

/** Floor of the dense output: allocate a Float32Array of `n` values and write one value per 4 KB page (first touch). */
function firstTouch(n: number): number {
  const t0 = performance.now();
  const a = new Float32Array(n);
  for (let i = 0; i < n; i += 1024) a[i] = 1;
  return performance.now() - t0;
}

/** Floor of the rows form: `people` objects of `keys` number-valued keys, cloned from a template and filled by key. */
function materializeRows(people: number, keys: readonly string[]): number {
  const t0 = performance.now();
  const template = Object.fromEntries(keys.map((k) => [k, 0]));
  const out = new Array<Record<string, number>>(people);
  for (let p = 0; p < people; p++) {
    const r: Record<string, number> = { ...template };
    for (let k = 0; k < keys.length; k++) r[keys[k]!] = (p + k) & 7;
    out[p] = r;
  }
  return out.length > 0 ? performance.now() - t0 : 0;
}

const CHUNK = 16_384;
/** A full GC when the benchmark runs with --expose-gc (npm run bench does). */
const gc = (): void => { (globalThis as { gc?: () => void }).gc?.(); };
const rows: BenchRow[] = [];
// Each part runs in its own function so that its data (1M profiles, 10M events) is garbage when
// it returns: a block at module top level left the profiles reachable from the suspended module
// (top-level await), and every full GC of the event part then marked them too.
async function vectorizeBench(): Promise<void> {
  const d = profiles(ROWS);
  gc();
  // The target, sparse output (CSR, as scikit-learn's DictVectorizer / OneHotEncoder return
  // by default): the same values as the dense line below, only the non-zeros stored.
  const csr = await withPeakMemory(() => timeMedian(() => {
    const tFit = performance.now();
    const model = fitVectorizer(SPEC, d);
    const fitMs = performance.now() - tFit;
    const c = vectorize(model, d, { normalize: 'l2', output: 'csr' });
    return { fitMs, nnz: c.indices.length, cols: c.cols };
  }, { warmup: 0, repeat: 1 }));
  const nnz = csr.result.result.nnz;
  rows.push({ name: `fit + vectorize ${ROWS.toLocaleString('en-US')} rows × 20 fields → ${csr.result.result.cols} cols (l2), output: 'csr' (sparse)`, value: csr.result.ms / 1000, unit: 's', target: 5 * SCALE,
    baseline: `fit alone ${(csr.result.result.fitMs / 1000).toFixed(2)} s; ${(nnz / 1e6).toFixed(1)}M stored values (${(nnz / Math.max(1, d.length)).toFixed(1)} per row, ${((nnz * 8 + (d.length + 1) * 8) / 2 ** 20).toFixed(0)} MB); peak RSS ${csr.peakMB.toFixed(0)} MB` });
  gc();
  const { result, peakMB } = await withPeakMemory(() => timeMedian(() => {
    const tFit = performance.now();
    const model = fitVectorizer(SPEC, d);
    const fitMs = performance.now() - tFit;
    // One output allocation (rows × cols Float32): each big typed-array allocation can trigger a
    // full GC over the 1M input rows, so chunking the output costs more than it saves here.
    const checksum = vectorize(model, d, { normalize: 'l2' }).data[0]!;
    return { model, fitMs, checksum };
  }, { warmup: 0, repeat: 1 }));
  const width = featureNames(result.result.model).length;
  gc(); // the vectorized matrix above is garbage: free it before allocating the same size again
  const touchMs = firstTouch(d.length * width);
  const sliceN = Math.min(d.length, 100_000);
  const naive = timeMedian(() => naiveVectorize(d.slice(0, sliceN), featureNames(result.result.model)), { warmup: 0, repeat: 1 });
  rows.push({ name: `fit + vectorize the same into one dense Float32 matrix (output: 'dense', the default)`, value: result.ms / 1000, unit: 's', target: 5 * SCALE,
    baseline: `fit alone ${(result.result.fitMs / 1000).toFixed(2)} s; allocating + first-touching the ${((d.length * width * 4) / 2 ** 30).toFixed(2)} GB Float32 output alone ${(touchMs / 1000).toFixed(2)} s; naive dict-per-row vectorize (no fit, one-hot/tags/numeric only) ${((naive.ms * d.length) / sliceN / 1000).toFixed(2)} s (${sliceN / 1000}k rows × ${(d.length / sliceN).toFixed(0)}); peak RSS ${peakMB.toFixed(0)} MB` });
  // Streaming form: the same rows vectorized in chunks into one reused buffer (options.out), as a
  // consumer that scores or writes each chunk would; chunked == whole bit for bit.
  gc();
  const streamed = await withPeakMemory(() => timeMedian(() => {
    const model = fitVectorizer(SPEC, d);
    const buf = new Float32Array(CHUNK * width);
    let checksum = 0;
    for (let i = 0; i < d.length; i += CHUNK) checksum += vectorize(model, d.slice(i, i + CHUNK), { normalize: 'l2', out: buf }).data[0]!;
    return checksum;
  }, { warmup: 0, repeat: 1 }));
  rows.push({ name: `fit + vectorize the same rows in ${CHUNK.toLocaleString('en-US')}-row chunks into one reused buffer (options.out)`, value: streamed.result.ms / 1000, unit: 's',
    baseline: `streaming form, no target of its own (the issue's target is the CSR line); peak RSS ${streamed.peakMB.toFixed(0)} MB` });
}
async function aggregateBench(): Promise<void> {
  const evs = events(EVENTS, PEOPLE);
  const asOf = Date.UTC(2025, 0, 6) + 364 * 86_400_000;
  const opts = { asOf, unit: 'day' as const, windows: [7, 30, 90], halfLife: 30 };
  // Each timed run starts after a full GC (the generator's garbage is not charged to it) and keeps
  // only a summary of its result, so the next run does not carry the previous output in its heap.
  gc();
  const { result, peakMB } = await withPeakMemory(() => timeMedian(() => {
    const out = aggregateEvents(evs, opts);
    return { people: out.length, keys: Object.keys(out[0] ?? {}) };
  }, { warmup: 0, repeat: 1 }));
  const { keys, people } = result.result;
  gc();
  const columnar = await withPeakMemory(() => timeMedian(() => aggregateEvents(evs, { ...opts, output: 'columns' }).ids.length, { warmup: 0, repeat: 1 }));
  // Repeat calls with a caller-owned workspace (options.workspace): the warm-up call allocates its
  // person index and records, the timed calls reuse them (no fresh external memory, so no full GC
  // of the 10M live events started by it). Results are the same as without (tested).
  gc();
  const workspace = createAggregateWorkspace();
  const withWorkspace = timeMedian(() => aggregateEvents(evs, { ...opts, workspace }).length, { warmup: 1, repeat: 3 });
  if (withWorkspace.result !== people) throw new Error('workspace rows differ');
  workspace.clear();
  gc();
  const rowsMs = materializeRows(people, keys);
  const sliceN = Math.min(evs.length, 2_000_000);
  const naive = timeMedian(() => naiveAggregate(evs.slice(0, sliceN), asOf), { warmup: 0, repeat: 1 });
  rows.push({ name: `aggregateEvents ${EVENTS.toLocaleString('en-US')} events, ${PEOPLE.toLocaleString('en-US')} people, 3 windows + decay (${keys.length - 1} cols)`, value: result.ms / 1000, unit: 's', target: 5 * SCALE,
    baseline: `materializing ${people.toLocaleString('en-US')} rows of ${keys.length} keys alone (template clone + keyed stores, no aggregation) ${(rowsMs / 1000).toFixed(2)} s; naive object-map aggregation ${((naive.ms * evs.length) / sliceN / 1000).toFixed(2)} s (${(sliceN / 1e6).toFixed(0)}M events × ${(evs.length / sliceN).toFixed(0)}); peak RSS ${peakMB.toFixed(0)} MB` });
  rows.push({ name: `aggregateEvents, the same (rows), repeat calls reusing one workspace (options.workspace)`, value: withWorkspace.ms / 1000, unit: 's',
    baseline: `not the target's line (the first call of a process pays the allocation); runs after the first: ${withWorkspace.all.map((ms) => (ms / 1000).toFixed(2)).join(', ')} s; without a workspace ${(result.ms / 1000).toFixed(2)} s` });
  rows.push({ name: `aggregateEvents, the same, output: 'columns' (a Float64Array per column)`, value: columnar.result.ms / 1000, unit: 's',
    baseline: `columnar form, no target of its own (the issue's target is the rows form above); peak RSS ${columnar.peakMB.toFixed(0)} MB` });

  // The same events as EventColumns (the library's columnar event input): built once from the
  // objects (a one-off, reported, not timed in the figure), then the objects are dropped — a
  // caller whose events come as columns (Arrow, Parquet, simulateWorld's columns) never has them,
  // and every full GC during the run would otherwise mark 10M objects.
  const tBuild = performance.now();
  const cols = toEventColumns(evs);
  const buildMs = performance.now() - tBuild;
  evs.length = 0;
  gc();
  const colIn = await withPeakMemory(() => timeMedian(() => {
    const out = aggregateEvents(cols, { ...opts, output: 'columns' });
    return { people: out.ids.length, cols: out.names.length };
  }, { warmup: 0, repeat: 1 }));
  gc();
  const touchMs = firstTouch(colIn.result.result.people * (colIn.result.result.cols * 2 + 1));
  gc();
  const colInRows = await withPeakMemory(() => timeMedian(() => aggregateEvents(cols, opts).length, { warmup: 0, repeat: 1 }));
  const same = `${EVENTS.toLocaleString('en-US')} events, ${people.toLocaleString('en-US')} people, ${colIn.result.result.cols} cols`;
  rows.push({ name: `aggregateEvents on EventColumns, ${same}, output: 'columns'`, value: colIn.result.ms / 1000, unit: 's', target: 5 * SCALE,
    baseline: `object events, same options and output, this run: ${(columnar.result.ms / 1000).toFixed(2)} s; allocating + first-touching the ${((colIn.result.result.people * (colIn.result.result.cols * 8 + 4)) / 2 ** 20).toFixed(0)} MB output alone ${(touchMs / 1000).toFixed(2)} s; building the columns from the objects (toEventColumns, one-off, not in the figure) ${(buildMs / 1000).toFixed(2)} s; peak RSS ${colIn.peakMB.toFixed(0)} MB` });
  rows.push({ name: `aggregateEvents on EventColumns, the same, output: 'rows'`, value: colInRows.result.ms / 1000, unit: 's', target: 5 * SCALE,
    baseline: `object events, rows, this run: ${(result.ms / 1000).toFixed(2)} s; materializing the rows alone ${(rowsMs / 1000).toFixed(2)} s; peak RSS ${colInRows.peakMB.toFixed(0)} MB` });
}
await vectorizeBench();
gc();
await aggregateBench();
report('features', rows);
