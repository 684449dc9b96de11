/**
 * Demo section: the skincare brand's three seed crowds on the simulated world — high-potential
 * buyers (ordered in the last 12 months), brand-interaction users (followed or reviewed on the
 * official account), fans of the spokesperson (interest signals) — their sizes, overlaps and top
 * TGI attributes.
 */
import { audienceInsight, audienceOverlap, selectSegment, unionAudiences, type SegmentRuleInput } from '../../src/segments/index.js';
import { WEEK_MS, type World } from '../../src/simulate/index.js';
import { fmtInt, fmtPct, heading, printTable, type DemoContext } from './context.js';

export function segmentsSection(ctx: DemoContext): void {
  const world = ctx.shared.get('world') as World;
  heading('segments: rule-based crowds, their overlap and TGI insight');
  const asOf = world.start + world.weeks * WEEK_MS - 1;
  const crowds: { name: string; rule: SegmentRuleInput }[] = [
    { name: 'high-potential buyers', rule: { event: { types: ['purchase'], withinDays: 365 } } },
    { name: 'brand interaction', rule: { event: { types: ['follow', 'review', 'share'], channels: ['official_account', 'mini_program'], withinDays: 365 } } },
    { name: 'spokesperson fans', rule: { and: [{ field: 'interests', op: 'containsAny', values: ['beauty', 'cosmetics'] }, { field: 'gender', op: 'eq', value: 'f' }] } },
  ];
  const t0 = performance.now();
  const selected = crowds.map((c) => ({ name: c.name, rule: c.rule, sel: selectSegment(c.rule, world.profiles, { asOf, events: world.events }) }));
  const ms = performance.now() - t0;
  for (const c of selected) console.log(`  ${c.name.padEnd(22)} ${fmtInt(c.sel.count).padStart(6)} people   rule: ${JSON.stringify(c.rule)}`);
  console.log(`  (three rules over ${fmtInt(world.profiles.length)} profiles and ${fmtInt(world.events.length)} events in ${ms.toFixed(0)} ms)`);
  const all = unionAudiences(...selected.map((c) => c.sel.indices));
  console.log(`  Any of the three crowds: ${fmtInt(all.length)} people (${fmtPct(all.length / world.profiles.length)} of the population).`);

  console.log('\n  Overlap (privacy floor: audiences under 100 people are withheld):');
  const overlap = audienceOverlap(selected.map((c) => ({ name: c.name, members: c.sel.indices })));
  printTable(overlap.pairs.map((p) => (p.withheld === undefined
    ? { a: p.a, b: p.b, overlap: p.overlap, jaccard: p.jaccard.toFixed(3), 'share of a': fmtPct(p.shareOfA) }
    : { a: p.a, b: p.b, overlap: '—', jaccard: '—', 'share of a': p.withheld })));

  const buyers = selected[0]!;
  console.log(`\n  Who are the ${buyers.name}? Top TGI cells (100 = like the population; cells under 30 people not reported):`);
  const insight = audienceInsight(buyers.sel.indices, world.profiles, ['ageBand', 'gender', 'cityTier', 'interests']);
  if (insight.withheld !== undefined) console.log(`  withheld: ${insight.withheld}`);
  else {
    printTable(insight.cells.slice().sort((a, b) => b.tgi - a.tgi).slice(0, 8).map((c) => ({
      field: c.field, value: c.value, 'audience share': fmtPct(c.audienceShare), 'population share': fmtPct(c.populationShare), TGI: Math.round(c.tgi),
    })));
  }
  ctx.shared.set('crowds', selected.map((c) => ({ name: c.name, members: c.sel.indices })));
}
