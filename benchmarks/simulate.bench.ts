/**
 * simulateWorld throughput and peak memory. Issue 3 targets: 1,000,000 people in <= 30 s and
 * <= 4 GB peak RSS. Measured for both event layouts, each in its own child process (so each peak
 * RSS is its own): `eventLayout: 'columns'` (typed-array events, the layout for large worlds) and
 * the default object layout (12.3M event objects at 1M people). Baseline in the same run: the
 * default 20,000-person world (median of 3).
 * `npm run bench -- simulate` (runs with --expose-gc --max-old-space-size=8192).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { simulateWorld } from '../src/simulate/index.js';
import { report, timeMedian, withPeakMemory } from './harness.js';

const gc = (globalThis as { gc?: () => void }).gc;
const big = Number(process.env.SIMULATE_BENCH_PEOPLE ?? 1_000_000);

interface Run { layout: 'objects' | 'columns'; seconds: number; cpuSeconds: number; peakMB: number; baseMB: number; events: number; links: number }

/** One 1M-person world in this process; prints its figures as JSON (the child's job). */
async function measure(layout: 'objects' | 'columns'): Promise<Run> {
  gc?.();
  const baseMB = process.memoryUsage().rss / 2 ** 20;
  let events = 0, links = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { peakMB } = await withPeakMemory(() => {
    const w = simulateWorld({ people: big, eventLayout: layout });
    events = layout === 'columns' ? (w.events as { time: Float64Array }).time.length : (w.events as unknown[]).length;
    links = w.links.length;
    return w.people;
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { layout, seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakMB, baseMB, events, links };
}

const child = process.env.SIMULATE_BENCH_CHILD;
if (child === 'objects' || child === 'columns') {
  console.log(JSON.stringify(await measure(child)));
} else {
  const small = timeMedian(() => simulateWorld({ people: 20_000 }).events.length, { warmup: 1, repeat: 3 });
  const run = (layout: 'objects' | 'columns'): Run => {
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], { env: { ...process.env, SIMULATE_BENCH_CHILD: layout }, encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`simulate bench child (${layout}) failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as Run;
  };
  const columns = run('columns');
  const objects = run('objects');
  const ppl = big.toLocaleString('en-US');
  const base = `20k default: ${(small.ms / 1000).toFixed(2)} s (${Math.round(20_000 / (small.ms / 1000)).toLocaleString('en-US')} people/s)`;
  report('simulate', [
    { name: `simulateWorld ${ppl} people, eventLayout 'columns' (${(columns.events / big).toFixed(1)} events, ${(columns.links / big).toFixed(1)} links a person)`, value: columns.seconds, unit: 's', target: 30 * (big / 1_000_000), better: 'lower', baseline: base },
    { name: "  its peak RSS", value: columns.peakMB / 1024, unit: 'GB', target: 4, better: 'lower', baseline: `RSS before the run ${(columns.baseMB / 1024).toFixed(2)} GB` },
    { name: "  its CPU time (user + sys, all threads)", value: columns.cpuSeconds, unit: 's', baseline: `wall ${columns.seconds.toFixed(1)} s` },
    { name: `simulateWorld ${ppl} people, default eventLayout 'objects' (${(objects.events / 1e6).toFixed(1)}M event objects)`, value: objects.seconds, unit: 's', target: 30 * (big / 1_000_000), better: 'lower', baseline: `columns ${columns.seconds.toFixed(1)} s in this run` },
    { name: "  its peak RSS", value: objects.peakMB / 1024, unit: 'GB', target: 4, better: 'lower', baseline: `RSS before the run ${(objects.baseMB / 1024).toFixed(2)} GB` },
    { name: "  its CPU time (user + sys, all threads)", value: objects.cpuSeconds, unit: 's', baseline: `wall ${objects.seconds.toFixed(1)} s` },
    { name: 'throughput (columns)', value: big / columns.seconds, unit: 'people/s', target: 1_000_000 / 30, better: 'higher', baseline: base },
  ]);
}
