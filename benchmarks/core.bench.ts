import { createRng, topK, cosine } from '../src/core/index.js';
import { report, timeMedian } from './harness.js';

const n = 1_000_000;
const rng = createRng(1);
const scores = new Float32Array(n);
for (let i = 0; i < n; i++) scores[i] = rng.uniform();

const heap = timeMedian(() => topK(scores, 1000));
const sort = timeMedian(() => Array.from(scores.keys()).sort((a, b) => scores[b]! - scores[a]! || a - b).slice(0, 1000), { repeat: 3 });
const draws = timeMedian(() => { const r = createRng(2); let s = 0; for (let i = 0; i < n; i++) s += r.uniform(); return s; });
const a = new Float32Array(64).map(() => rng.uniform()), b = new Float32Array(64).map(() => rng.uniform());
const cos = timeMedian(() => { let s = 0; for (let i = 0; i < 100_000; i++) s += cosine(a, b); return s; });

report('core', [
  { name: 'topK k=1000 of 1M scores', value: heap.ms, unit: 'ms', baseline: `full sort ${sort.ms.toFixed(0)} ms` },
  { name: '1M uniform draws (xoshiro128**)', value: draws.ms, unit: 'ms', baseline: `Math.random (unseeded) ${timeMedian(() => { let s = 0; for (let i = 0; i < n; i++) s += Math.random(); return s; }).ms.toFixed(1)} ms` },
  { name: '100k cosine, 64 dims', value: cos.ms, unit: 'ms' },
]);
