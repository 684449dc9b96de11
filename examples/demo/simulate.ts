/**
 * Demo section: the simulated market, the embedded default data of every other section.
 * Generates the default world (20,000 people; 5,000 with --quick), leaves it in
 * `ctx.shared.get('world')`, and prints a readable summary.
 */
import { CHANNELS, STAGES, simulateWorld, summarizeWorld } from '../../src/simulate/index.js';
import { fmtInt, fmtPct, heading, printTable, type DemoContext } from './context.js';

export function simulateSection(ctx: DemoContext): void {
  const people = ctx.quick ? 5_000 : 20_000;
  heading(`simulate: a deterministic market with ground truth (${fmtInt(people)} people, seed 42)`);
  const t0 = performance.now();
  const world = simulateWorld({ people });
  const ms = performance.now() - t0;
  ctx.shared.set('world', world);
  const s = summarizeWorld(world);
  const days = (world.weeks * 7) | 0;
  console.log(`  ${fmtInt(s.people)} people over ${world.weeks} weeks (${days} days from ${new Date(world.start).toISOString().slice(0, 10)}), generated in ${fmtInt(ms)} ms.`);
  console.log(`  Latent segments: ${world.truth.segmentNames.join(', ')}.`);

  console.log('\n  Identifiers (distinct raw values) and identity links:');
  printTable([
    { ...Object.fromEntries(Object.entries(s.identifiers).map(([k, v]) => [k, v])), shared: s.sharedIdentifiers, junk: s.junkIdentifiers },
  ]);
  printTable([{ ...s.links, total: world.links.length }]);

  console.log('\n  Touchpoints by channel (non-purchase events) beside each channel\'s true effect per touch:');
  printTable(CHANNELS.map((c) => ({
    channel: c,
    touchpoints: s.touchpointsByChannel[c],
    'true effect (odds ×)': `× ${(1 + world.truth.channelEffects.find((x) => x.channel === c)!.effect).toFixed(2)}`,
  })));

  console.log('\n  Events by type:');
  printTable([{ ...s.eventsByType, total: s.events }]);

  const pp = world.truth.purchaseProcess;
  console.log(`\n  Purchases: ${fmtInt(s.purchases)} by ${fmtInt(s.customers)} customers (${fmtPct(s.customers / s.people)} of people), ` +
    `${fmtInt(s.repeatCustomers)} bought again; revenue ¥${fmtInt(s.revenue)} (mean order ¥${(s.revenue / Math.max(1, s.purchases)).toFixed(0)}).`);
  console.log(`  Repeat buying: BG/NBD r=${pp.r}, α=${pp.alpha}, a=${pp.a}, b=${pp.b} (weeks); Gamma-Gamma p=${pp.p}, q=${pp.q}, γ=${pp.gamma}.`);

  console.log(`\n  True stage at the end of week ${world.weeks - 1}:`);
  printTable([Object.fromEntries(STAGES.map((st) => [st, `${fmtInt(s.stageDistribution[st])} (${fmtPct(s.stageDistribution[st] / s.people)})`]))]);
  console.log('  Realised weekly stage transitions (truth.transition, rows = from):');
  printTable(world.truth.transition.map((row, k) => ({ from: STAGES[k]!, ...Object.fromEntries(row.map((p, j) => [STAGES[j]!, p.toFixed(3)])) })));
}
