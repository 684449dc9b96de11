/**
 * Lookalike benchmarks (issue 6): scoring throughput of each method and the classifier fit, each
 * beside the issue's target and a plain-loop baseline measured in the same run (the baseline's
 * GFLOP/s on a subset, since a full-size plain triple loop would take minutes).
 *
 * Data: synthetic Gaussian clusters (createRng), 64 dims, Float32. FLOP counts: a multiply-add = 2.
 *
 * prototypes and knn score with the WebAssembly SIMD kernel (src/lookalike/internal/dotKernel.wat)
 * when available; each is also run on the JS blocked 4×4 kernel (the fallback, forced with the
 * internal switch setDotBackend('js')) on a subset, interleaved with the WASM run of the same
 * subset, so the speed-up is a same-run ratio.
 */
import { createRng, sliceRows } from '../src/core/index.js';
import type { Embeddings } from '../src/core/index.js';
import { fitLookalike, scoreLookalike } from '../src/lookalike/index.js';
import { setDotBackend, wasmDotAvailable } from '../src/lookalike/internal/dotKernel.js';
import { report, timeMedian } from './harness.js';
import type { BenchRow } from './harness.js';

const D = 64;
const N = 1_000_000;

function clusters(n: number, seed: number): Embeddings {
  const rng = createRng(seed);
  const centers = Array.from({ length: 50 }, () => Float64Array.from({ length: D }, () => rng.normal()));
  const data = new Float32Array(n * D);
  for (let i = 0; i < n; i++) {
    const c = centers[rng.int(0, 49)]!;
    for (let j = 0; j < D; j++) data[i * D + j] = c[j]! + rng.normal(0, 0.8);
  }
  return { rows: n, cols: D, data };
}

const gflops = (flop: number, ms: number): number => flop / (ms * 1e6);

/**
 * `timeMedian` plus the process CPU time per run (user + system, averaged over warm-up and
 * repeats): on a loaded shared machine wall time is inflated by waiting for a core, CPU time much less.
 */
function timed<T>(fn: () => T, opts: { warmup: number; repeat: number }): { ms: number; cpuMs: number; result: T } {
  const c0 = process.cpuUsage();
  const t = timeMedian(fn, opts);
  const c = process.cpuUsage(c0);
  return { ms: t.ms, cpuMs: (c.user + c.system) / 1000 / (opts.warmup + opts.repeat), result: t.result };
}
/**
 * WASM vs JS kernel on the same subset, interleaved (3 rounds), median of each: GFLOP/s of both
 * and their ratio. The JS fallback is forced with the internal switch.
 */
function wasmVsJs(score: () => unknown, flop: number): { wasm: number; js: number } {
  const w: number[] = [], j: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (const b of ['wasm', 'js'] as const) {
      setDotBackend(b);
      const t0 = performance.now();
      score();
      (b === 'wasm' ? w : j).push(performance.now() - t0);
    }
  }
  setDotBackend('auto');
  const med = (a: number[]): number => a.sort((x, y) => x - y)[1]!;
  return { wasm: gflops(flop, med(w)), js: gflops(flop, med(j)) };
}
const kernel = wasmDotAvailable() ? 'WASM SIMD 4×8' : 'JS blocked 4×4 (no WebAssembly SIMD here)';
const cpu = (t: { cpuMs: number }): string => `CPU ${t.cpuMs >= 1000 ? `${(t.cpuMs / 1000).toFixed(2)} s` : `${t.cpuMs.toFixed(0)} ms`}`;
const cand = clusters(N, 1);
const A = cand.data; // baselines read locals, as the kernels do
const seeds = clusters(20_000, 2);
const rows: BenchRow[] = [];

// --- centroid: 1M × 64 ---------------------------------------------------------------------
{
  const model = fitLookalike(seeds, { method: 'centroid' });
  const t = timed(() => scoreLookalike(model, cand), { warmup: 1, repeat: 5 });
  const c = Float64Array.from(model.method === 'centroid' ? model.centroid : []);
  // Baseline: one row at a time, dot and norm in one plain loop.
  const base = timed(() => {
    const out = new Float32Array(N);
    for (let i = 0; i < N; i++) {
      let s = 0, q = 0;
      for (let j = 0; j < D; j++) { const x = A[i * D + j]!; s += x * c[j]!; q += x * x; }
      out[i] = q > 0 ? s / Math.sqrt(q) : 0;
    }
    return out;
  }, { warmup: 1, repeat: 3 });
  const flop = 4 * N * D;
  rows.push({ name: 'centroid score 1M × 64', value: t.ms, unit: 'ms', target: 100,
    baseline: `${cpu(t)}; ${(N / t.ms / 1e3).toFixed(1)} M rows/s, ${gflops(flop, t.ms).toFixed(2)} GFLOP/s (${gflops(flop, t.cpuMs).toFixed(2)} per CPU s); plain loop ${base.ms.toFixed(0)} ms, ${cpu(base)} (${gflops(flop, base.cpuMs).toFixed(2)} GFLOP/CPU s)` });
}

// --- prototypes P = 256: 1M × 64 -------------------------------------------------------------
{
  const fit = timed(() => fitLookalike(seeds, { method: 'prototypes', prototypes: 256, seed: 1, maxIterations: 25 }), { warmup: 0, repeat: 1 });
  const model = fit.result;
  const P = model.method === 'prototypes' ? model.prototypes.length : 0;
  const t = timed(() => scoreLookalike(model, cand), { warmup: 1, repeat: 3 });
  const protos = model.method === 'prototypes' ? model.prototypes.map((p) => Float64Array.from(p)) : [];
  const sub = 50_000;
  const base = timed(() => {
    const out = new Float64Array(sub);
    for (let i = 0; i < sub; i++) {
      let best = -Infinity;
      for (let p = 0; p < P; p++) { const v = protos[p]!; let s = 0; for (let j = 0; j < D; j++) s += A[i * D + j]! * v[j]!; if (s > best) best = s; }
      out[i] = best;
    }
    return out;
  }, { warmup: 0, repeat: 1 });
  const flop = 2 * N * P * D;
  const c100k = sliceRows(cand, 0, 100_000);
  const vs = wasmVsJs(() => scoreLookalike(model, c100k), 2 * 100_000 * P * D);
  rows.push({ name: `prototypes (P = ${P}) score 1M × 64, ${kernel}`, value: t.ms / 1000, unit: 's', target: 2,
    baseline: `${cpu(t)}; ${gflops(flop, t.ms).toFixed(2)} GFLOP/s (${gflops(flop, t.cpuMs).toFixed(2)} per CPU s); 100k rows interleaved: WASM ${vs.wasm.toFixed(2)} vs JS blocked 4×4 ${vs.js.toFixed(2)} GFLOP/s (×${(vs.wasm / vs.js).toFixed(1)}); plain triple loop ${gflops(2 * sub * P * D, base.ms).toFixed(2)} GFLOP/s (${gflops(2 * sub * P * D, base.cpuMs).toFixed(2)} per CPU s, 50k rows); fit 20k seeds ${(fit.ms / 1000).toFixed(1)} s, ${cpu(fit)}` });
}

// --- exact knn k = 10: 100k × 2,000 × 64 ------------------------------------------------------
{
  const knnSeeds = sliceRows(seeds, 0, 2000);
  const model = fitLookalike(knnSeeds, { method: 'knn', k: 10 });
  const c100 = sliceRows(cand, 0, 100_000);
  const t = timed(() => scoreLookalike(model, c100), { warmup: 1, repeat: 3 });
  const S = 2000, sub = 10_000, k = 10;
  const B = knnSeeds.data;
  const base = timed(() => {
    const out = new Float64Array(sub);
    const top = new Float64Array(k);
    for (let i = 0; i < sub; i++) {
      top.fill(-Infinity);
      for (let s = 0; s < S; s++) {
        let v = 0;
        for (let j = 0; j < D; j++) v += A[i * D + j]! * B[s * D + j]!;
        if (v > top[k - 1]!) { let p = k - 1; while (p > 0 && top[p - 1]! < v) { top[p] = top[p - 1]!; p--; } top[p] = v; }
      }
      let sum = 0; for (let q = 0; q < k; q++) sum += top[q]!;
      out[i] = sum / k;
    }
    return out;
  }, { warmup: 0, repeat: 1 });
  const flop = 2 * 100_000 * S * D;
  const c20k = sliceRows(cand, 0, 20_000);
  const vs = wasmVsJs(() => scoreLookalike(model, c20k), 2 * 20_000 * S * D);
  rows.push({ name: `exact knn k=10, 100k × 2,000 × 64, ${kernel}`, value: t.ms / 1000, unit: 's', target: 6,
    baseline: `${cpu(t)}; 20k rows interleaved: WASM ${vs.wasm.toFixed(2)} vs JS blocked 4×4 ${vs.js.toFixed(2)} GFLOP/s (×${(vs.wasm / vs.js).toFixed(1)}); plain triple loop ${gflops(2 * sub * S * D, base.ms).toFixed(2)} GFLOP/s (${gflops(2 * sub * S * D, base.cpuMs).toFixed(2)} per CPU s, 10k rows)` });
  rows.push({ name: `  … effective GFLOP/s (${kernel})`, value: gflops(flop, t.ms), unit: 'GFLOP/s', target: 4, better: 'higher', baseline: `${gflops(flop, t.cpuMs).toFixed(2)} GFLOP per CPU second` });
  // No target on this row: the issue's >= 4 GFLOP/s applies to the kernel in use (above); this is the fallback without WebAssembly SIMD.
  rows.push({ name: '  … JS blocked 4×4 kernel (fallback), 20k rows', value: vs.js, unit: 'GFLOP/s', better: 'higher', baseline: `WASM / JS = ×${(vs.wasm / vs.js).toFixed(1)} in the same run (aim for the WASM kernel: ≥ ×3)` });
}

// --- classifier fit: 20k seeds + 200k sampled × 64 --------------------------------------------
{
  const t = timed(() => fitLookalike(seeds, { method: 'classifier', population: cand, sampleSize: 200_000, seed: 1 }), { warmup: 0, repeat: 1 });
  const m = t.result;
  const iters = m.method === 'classifier' ? m.iterations : 0;
  // Baseline: one Hessian pass with the plain one-row loop (upper triangle, 220k × 65).
  const n = 220_000, Dp = D + 1;
  const H = new Float64Array(Dp * Dp), x = new Float64Array(Dp);
  const base = timed(() => {
    H.fill(0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < D; j++) x[j] = A[i * D + j]!;
      x[D] = 1;
      const w = 0.2;
      for (let a = 0; a < Dp; a++) { const u = w * x[a]!; for (let b = a; b < Dp; b++) H[a * Dp + b]! += u * x[b]!; }
    }
    return H[0];
  }, { warmup: 0, repeat: 1 });
  rows.push({ name: 'classifier fit 20k seeds + 200k sampled × 64', value: t.ms / 1000, unit: 's', target: 5,
    baseline: `${cpu(t)}; ${iters} Newton iterations, ${(t.ms / Math.max(iters, 1)).toFixed(0)} ms each; one plain-loop Hessian pass ${base.ms.toFixed(0)} ms, ${cpu(base)}` });
}

report('lookalike', rows);
