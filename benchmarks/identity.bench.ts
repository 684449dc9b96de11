/**
 * identity: resolveIdentities on synthetic links (issue 4 targets: 1,000,000 links ≈ 3,000,000
 * identifier occurrences in <= 2 s, peak memory reported; 10,000,000 links without stack overflow),
 * beside the connected components of the same links with graphology + graphology-components.
 *
 *   npm run bench -- identity                 # 1M links (+ graphology baseline)
 *   IDENTITY_BENCH_LINKS=10000000 npm run bench -- identity   # the 10M-link run (no baseline)
 *
 * Links: people with an account (70 %), a phone (80 %, 30 % written as '+86 138-…'), 1–2 devices
 * and 1–3 cookies; each link shows 3 of one person's identifiers; 1 % of people share a family
 * device with the next person. Generated with createRng(7), outside the timed region.
 */
import Graph from 'graphology';
import { connectedComponents } from 'graphology-components';
import { createRng } from '../src/core/index.js';
import { resolveIdentities, type Identifier, type IdentityLink } from '../src/identity/resolve/index.js';
import { PerformanceObserver } from 'node:perf_hooks';
import { report, timeMedian, withPeakMemory, type BenchRow } from './harness.js';

const nLinks = Number(process.env.IDENTITY_BENCH_LINKS ?? 1_000_000);
const big = nLinks > 2_000_000;

function makeLinks(n: number): IdentityLink[] {
  const rng = createRng(7);
  const links: IdentityLink[] = new Array<IdentityLink>(n);
  const people = Math.ceil(n / 4);
  let w = 0;
  let family: Identifier | undefined;
  for (let i = 0; i < people && w < n; i++) {
    const pool: Identifier[] = [];
    if (rng.uniform() < 0.7) pool.push({ type: 'account', value: `u${i.toString(36)}` });
    if (rng.uniform() < 0.8) {
      const digits = String(13_000_000_000 + i * 7);
      const variant = rng.uniform() < 0.3 ? `+86 ${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}` : digits;
      pool.push({ type: 'phone', value: variant });
    }
    const devices = rng.int(1, 2);
    for (let d = 0; d < devices; d++) pool.push({ type: 'device', value: `${(i * 2 + d).toString(16).padStart(8, '0')}-0000-4000-8000-${rng.nextUint32().toString(16).padStart(12, '0')}` });
    const cookies = Math.max(rng.int(1, 3), 3 - pool.length);
    for (let c = 0; c < cookies; c++) pool.push({ type: 'cookie', value: `${rng.nextUint32().toString(16)}${(i * 3 + c).toString(16)}` });
    if (family) { pool.push(family); family = undefined; } else if (rng.uniform() < 0.01) { family = { type: 'device', value: `family-${i}` }; pool.push(family); }
    for (let k = 0; k < 4 && w < n; k++) {
      const a = rng.int(0, pool.length - 1);
      let b = rng.int(0, pool.length - 2); if (b >= a) b++;
      let c = rng.int(0, pool.length - 3); if (c >= Math.min(a, b)) c++; if (c >= Math.max(a, b)) c++;
      links[w++] = { identifiers: [pool[a]!, pool[b]!, pool[c]!], source: 'bench', time: i };
    }
  }
  return links.slice(0, w);
}

const links = makeLinks(nLinks);
let occurrences = 0;
for (const l of links) occurrences += l.identifiers.length;
console.log(`identity bench: ${links.length.toLocaleString('en-US')} links, ${occurrences.toLocaleString('en-US')} identifier occurrences${big ? ' (large run: one timed pass, no baseline)' : ''}`);

const rows: BenchRow[] = [];
if (big) {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const { result: g, peakMB } = await withPeakMemory(() => resolveIdentities(links));
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  rows.push({ name: `resolveIdentities, ${(links.length / 1e6).toFixed(0)}M links (completes, no stack overflow)`, value: ms / 1000, unit: 's', baseline: `CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, ${g.personIds.length.toLocaleString('en-US')} people, peak RSS ${peakMB.toFixed(0)} MB` });
} else {
  const { result: run, peakMB } = await withPeakMemory(() => timeMedian(() => resolveIdentities(links), { warmup: 1, repeat: 3 }));
  const g = run.result;
  // CPU time of one more run: on a shared, loaded machine wall time overstates the cost. The
  // garbage collector's pauses in that run are summed too (PerformanceObserver 'gc' entries).
  let gcMs = 0;
  const obs = new PerformanceObserver((list) => { for (const e of list.getEntries()) gcMs += e.duration; });
  obs.observe({ entryTypes: ['gc'] });
  const c0 = process.cpuUsage();
  const t1 = performance.now();
  resolveIdentities(links);
  const oneMs = performance.now() - t1;
  const cpu = process.cpuUsage(c0);
  await new Promise((r) => setTimeout(r, 50)); // gc entries arrive asynchronously
  obs.disconnect();
  // Floor: only interning the 3M raw identifier strings, one Map per type (no normalization,
  // no links, no graph) — what any string-keyed resolver pays before doing any work.
  const floor = timeMedian(() => {
    const types: string[] = [];
    const maps: Map<string, number>[] = [];
    let next = 0;
    for (const l of links) {
      for (const id of l.identifiers) {
        let k = types.indexOf(id.type);
        if (k < 0) { k = types.length; types.push(id.type); maps.push(new Map()); }
        const m = maps[k]!;
        if (m.get(id.value) === undefined) m.set(id.value, next++);
      }
    }
    return next;
  }, { warmup: 1, repeat: 3 });
  // Baseline: connected components of the same links with graphology (one edge per identifier to
  // the link's first identifier), no normalization, rules or guard.
  const base = timeMedian(() => {
    const graph = new Graph({ type: 'undirected', multi: false });
    for (const l of links) {
      const ids = l.identifiers;
      const a = `${ids[0]!.type}:${ids[0]!.value}`;
      graph.mergeNode(a);
      for (let j = 1; j < ids.length; j++) { const b = `${ids[j]!.type}:${ids[j]!.value}`; graph.mergeNode(b); if (a !== b) graph.mergeEdge(a, b); }
    }
    return connectedComponents(graph).length;
  }, { warmup: 0, repeat: 1 });
  rows.push({ name: '1M links resolved (normalize + guard + limits + ids)', value: run.ms / 1000, unit: 's', target: 2, baseline: `graphology + connectedComponents ${(base.ms / 1000).toFixed(2)} s (${base.result.toLocaleString('en-US')} components), ratio ${(base.ms / run.ms).toFixed(2)}× ` });
  rows.push({ name: '1M links resolved, CPU time of one run (user + system)', value: (cpu.user + cpu.system) / 1e6, unit: 's', target: 2, baseline: `that run: ${(oneMs / 1000).toFixed(2)} s wall, of which ${(gcMs / 1000).toFixed(2)} s garbage-collector pauses` });
  rows.push({ name: 'floor: the 3M raw identifier strings interned in one Map per type, nothing else', value: floor.ms / 1000, unit: 's', baseline: `${floor.result.toLocaleString('en-US')} distinct; the resolve takes ${(run.ms / floor.ms).toFixed(1)}× this floor` });
  rows.push({ name: 'peak RSS during the resolve runs', value: peakMB, unit: 'MB' });
  rows.push({ name: 'people / shared / refused', value: g.personIds.length, unit: 'people', baseline: `${g.shared.length} shared, ${g.refused.length} refused` });
}
report('identity', rows);
