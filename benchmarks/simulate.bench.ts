/**
 * simulateWorld throughput and peak memory. Issue 3 targets: 1,000,000 people in <= 30 s and
 * <= 4 GB peak RSS. Baseline in the same run: the default 20,000-person world (median of 3).
 * `npm run bench -- simulate` (runs with --expose-gc --max-old-space-size=8192).
 */
import { simulateWorld } from '../src/simulate/index.js';
import { report, timeMedian, withPeakMemory } from './harness.js';

const gc = (globalThis as { gc?: () => void }).gc;
const big = Number(process.env.SIMULATE_BENCH_PEOPLE ?? 1_000_000);

const small = timeMedian(() => simulateWorld({ people: 20_000 }).events.length, { warmup: 1, repeat: 3 });
gc?.();
const baseRss = process.memoryUsage().rss / 2 ** 20;
let events = 0, links = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const { peakMB } = await withPeakMemory(() => {
  const w = simulateWorld({ people: big });
  events = w.events.length;
  links = w.links.length;
  return w.people;
});
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;

report('simulate', [
  { name: `simulateWorld ${big.toLocaleString('en-US')} people (${(events / big).toFixed(1)} events, ${(links / big).toFixed(1)} links a person)`, value: seconds, unit: 's', target: 30 * (big / 1_000_000), better: 'lower', baseline: `20k default: ${(small.ms / 1000).toFixed(2)} s (${Math.round(20_000 / (small.ms / 1000)).toLocaleString('en-US')} people/s)` },
  { name: 'throughput', value: big / seconds, unit: 'people/s', target: 1_000_000 / 30, better: 'higher', baseline: `20k default: ${Math.round(20_000 / (small.ms / 1000)).toLocaleString('en-US')} people/s` },
  { name: 'CPU time (user + sys, all threads; meaningful on a loaded machine)', value: cpuSeconds, unit: 's', baseline: `wall ${seconds.toFixed(1)} s` },
  { name: 'peak RSS', value: peakMB / 1024, unit: 'GB', target: 4, better: 'lower', baseline: `RSS before the run ${(baseRss / 1024).toFixed(2)} GB` },
]);
