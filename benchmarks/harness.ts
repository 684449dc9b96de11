/**
 * Shared helpers of the benchmarks: repeatable timing (median of runs after warm-up), peak
 * memory, and one table format that prints each figure beside its target and a baseline measured
 * in the same run. Machine: see README "Figures" (2-core shared VM; figures are noisy, so each is
 * a median of repeats).
 */
import { performance } from 'node:perf_hooks';

export interface TimingOptions {
  warmup?: number;
  repeat?: number;
  /** Run before each timed run, outside its timing (e.g. a {@link createMemoryProbe} reading). */
  before?: (run: number) => void;
}

/** Median wall time (ms) of `fn` over `repeat` runs after `warmup` runs; returns the last result too. */
export function timeMedian<T>(fn: () => T, { warmup = 1, repeat = 5, before }: TimingOptions = {}): { ms: number; all: number[]; result: T } {
  let result: T | undefined;
  for (let i = 0; i < warmup; i++) result = fn();
  const all: number[] = [];
  for (let i = 0; i < repeat; i++) {
    before?.(i);
    const t0 = performance.now();
    result = fn();
    all.push(performance.now() - t0);
  }
  return { ms: median(all), all, result: result as T };
}

/** Median of a non-empty list (the upper middle one for an even count). */
export function median(xs: readonly number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Peak resident memory (RSS) while `fn` runs. A synchronous `fn` blocks the 20 ms sampling timer
 * (it fires only during awaits), so the figure comes from the kernel's high-water mark
 * (`process.resourceUsage().maxRSS`) whenever `fn` raised it: then it is the exact peak (`exact`).
 * When the process had been higher before `fn` ran, the high-water mark says nothing about `fn`, and
 * the figure is the highest RSS seen (before, at samples, after): a lower bound, and a line on
 * stderr says so. (Before 25 Nov the figure was always that sampled maximum: for synchronous work,
 * the larger of RSS before and after.)
 */
export async function withPeakMemory<T>(fn: () => T | Promise<T>): Promise<{ result: T; peakMB: number; exact: boolean }> {
  const highBefore = process.resourceUsage().maxRSS; // KiB
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    const highAfter = process.resourceUsage().maxRSS;
    const exact = highAfter > highBefore;
    if (exact) peak = Math.max(peak, highAfter * 1024);
    else console.error(`(peak RSS ${(peak / 2 ** 20).toFixed(0)} MB is a lower bound: the process had been higher before this part)`);
    return { result, peakMB: peak / 2 ** 20, exact };
  } finally {
    clearInterval(timer);
  }
}

export interface BenchRow {
  name: string;
  /** The measured figure. */
  value: number;
  unit: string;
  /** The target (a bound on `value`), printed beside it. */
  target?: number;
  /** 'max' when lower is better (times, memory), 'min' when higher is better (throughput, GFLOP/s). */
  better?: 'lower' | 'higher';
  /** What the baseline is and its figure, measured in the same run. */
  baseline?: string;
}

/** Prints a benchmark table: figure, target, met/MISSED, baseline. */
export function report(title: string, rows: BenchRow[]): void {
  const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));
  console.log(`\n## ${title}  (node ${process.version}, ${process.platform}/${process.arch})`);
  console.log('| benchmark | figure | target | status | baseline (same run) |');
  console.log('|---|---|---|---|---|');
  for (const r of rows) {
    const better = r.better ?? 'lower';
    const target = r.target === undefined ? '—' : `${better === 'lower' ? '<=' : '>='} ${fmt(r.target)} ${r.unit}`;
    const ok = r.target === undefined ? '' : (better === 'lower' ? r.value <= r.target : r.value >= r.target) ? 'met' : 'MISSED';
    console.log(`| ${r.name} | ${fmt(r.value)} ${r.unit} | ${target} | ${ok} | ${r.baseline ?? '—'} |`);
  }
}

/**
 * A probe of this machine's memory system, for reading a run's figures: the memory-bound passes
 * (interning ids, per-person counters) wait on scattered loads, and on the shared VM their speed
 * comes and goes with other tenants while a compute-only loop does not change. Two figures over
 * one 64 MB table (beyond this VM's caches, by the 170–280 ns it reads; with 4 KB pages most loads
 * are TLB misses too):
 * - `dependentNs`: one load after another, each address read from the previous load (a random
 *   cycle made by Sattolo's algorithm; every reading walks the same first 2^20 steps): the latency
 *   of a miss.
 * - `independentNs`: loads whose addresses are known ahead (a precomputed random order), as in
 *   the touch-ahead loops: many misses in flight at once, so the cost per load is far lower.
 * Build once (about 2 s: the table, then warm-up readings), then `measure()` before each timed call.
 */
export function createMemoryProbe(seed = 1): { measure(): { dependentNs: number; independentNs: number } } {
  const n = 1 << 24; // 16M Int32 = 64 MB
  const next = new Int32Array(n);
  for (let i = 0; i < n; i++) next[i] = i;
  // Sattolo: one cycle through every index. An xorshift32 stream is enough for a probe.
  let s = seed >>> 0 || 1;
  const rand = (k: number): number => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s % k; };
  for (let i = n - 1; i > 0; i--) { const j = rand(i); const t = next[i]!; next[i] = next[j]!; next[j] = t; }
  const order = new Int32Array(1 << 21);
  for (let i = 0; i < order.length; i++) order[i] = rand(n);
  let sink = 0;
  const probe = {
    measure() {
      const steps = 1 << 20;
      let p = 0;
      const t0 = performance.now();
      for (let i = 0; i < steps; i++) p = next[p]!;
      const t1 = performance.now();
      let sum = 0;
      for (let i = 0; i < order.length; i++) sum = (sum + next[order[i]!]!) | 0;
      const t2 = performance.now();
      sink ^= p ^ sum;
      if (sink === 0.5) console.log(''); // never true: keeps the loads' results used
      return { dependentNs: ((t1 - t0) * 1e6) / steps, independentNs: ((t2 - t1) * 1e6) / order.length };
    },
  };
  // Warm-up: the first readings ran in less optimized code (the independent loop, which is bound
  // by how fast loads issue, read 50–60 ns there against 13–14 ns once optimized).
  for (let i = 0; i < 3; i++) probe.measure();
  return probe;
}
