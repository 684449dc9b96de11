/**
 * Shared helpers of the benchmarks: repeatable timing (median of runs after warm-up), peak
 * memory, and one table format that prints each figure beside its target and a baseline measured
 * in the same run. Machine: see README "Figures" (2-core shared VM; figures are noisy, so each is
 * a median of repeats).
 */
import { performance } from 'node:perf_hooks';

export interface TimingOptions { warmup?: number; repeat?: number }

/** Median wall time (ms) of `fn` over `repeat` runs after `warmup` runs; returns the last result too. */
export function timeMedian<T>(fn: () => T, { warmup = 1, repeat = 5 }: TimingOptions = {}): { ms: number; all: number[]; result: T } {
  let result: T | undefined;
  for (let i = 0; i < warmup; i++) result = fn();
  const all: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const t0 = performance.now();
    result = fn();
    all.push(performance.now() - t0);
  }
  const sorted = all.slice().sort((a, b) => a - b);
  return { ms: sorted[Math.floor(sorted.length / 2)]!, all, result: result as T };
}

/** Tracks peak resident memory (RSS) while `fn` runs, sampling every 20 ms and at the end. */
export async function withPeakMemory<T>(fn: () => T | Promise<T>): Promise<{ result: T; peakMB: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, peakMB: peak / 2 ** 20 };
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
