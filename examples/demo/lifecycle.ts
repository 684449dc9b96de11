/**
 * Demo section: lifecycle stages (issue 7) — where the audience stands on the 4A ladder, how it
 * moved between two quarters, and what moving one person from appeal to act is worth.
 */
import type { World } from '../../src/simulate/types.js';
import { WEEK_MS } from '../../src/simulate/types.js';
import { simulateWorld } from '../../src/simulate/index.js';
import {
  FOUR_A, assignStages, explainStage, expectedTimeToStage, forecastStages, stageTransitions, stageValue, steadyState, type PersonValues,
} from '../../src/lifecycle/stages/index.js';
import { fmtInt, fmtPct, heading, printTable, type DemoContext } from './context.js';

/** Values per person for stageValue: the LTV section's 'clv' if it left one we can read, else purchase revenue. */
function personValues(ctx: DemoContext, world: World, asOf: number): { values: PersonValues; label: string } {
  const clv = ctx.shared.get('clv');
  if (clv instanceof Map && [...(clv as Map<unknown, unknown>).entries()].every(([k, v]) => typeof k === 'string' && typeof v === 'number' && Number.isFinite(v))) {
    return { values: clv as Map<string, number>, label: 'CLV (from the LTV section)' };
  }
  const revenue = new Map<string, number>();
  for (const e of world.events) {
    if (e.type === 'purchase' && e.time <= asOf) revenue.set(e.personId, (revenue.get(e.personId) ?? 0) + (e.value ?? 0));
  }
  return { values: revenue, label: 'purchase revenue to date (CNY)' };
}

export function stagesSection(ctx: DemoContext): void {
  const world = (ctx.shared.get('world') as World | undefined) ?? simulateWorld({ people: ctx.quick ? 5000 : 20000 });
  const asOf = world.start + world.weeks * WEEK_MS - 1;

  heading('lifecycle: the 4A ladder (Aware → Appeal → Act → Advocate) at the end of the year');
  const assignment = assignStages(world.events, FOUR_A, { asOf, people: world.personIds, evidenceLimit: 3 });
  printTable(assignment.stages.map((stage, code) => ({
    stage, people: assignment.distribution[code]!, share: fmtPct(assignment.distribution[code]! / world.people),
  })));
  const advocate = assignment.people.find((p) => p.stage === 'advocate' && p.evidence.length > 0);
  if (advocate) {
    console.log(`  why is ${advocate.personId} an advocate? ${explainStage(advocate, FOUR_A, { asOf })}`);
  }
  ctx.shared.set('stages', assignment);

  heading('lifecycle: stage transitions between the last two quarters (13-week periods)');
  const quarters = stageTransitions(world.events, FOUR_A, {
    periods: { start: world.start + (world.weeks - 26) * WEEK_MS, lengthDays: 91, count: 2 }, people: world.personIds,
  });
  printTable(quarters.stages.map((from, i) => ({
    'from \\ to': from,
    ...Object.fromEntries(quarters.stages.map((to, j) => [to, fmtPct(quarters.probabilities[i]![j]!)])),
    people: quarters.counts[i]!.reduce((a, b) => a + b, 0),
  })));
  ctx.shared.set('stageTransitions', quarters);
  const nextYear = forecastStages(quarters, assignment.distribution, 4);
  console.log(`  next year (4 quarters on this matrix): ${quarters.stages.map((s, i) => `${s} ${fmtInt(nextYear[i]!)}`).join(', ')}`);
  try {
    const pi = steadyState(quarters);
    console.log(`  long run: ${quarters.stages.map((s, i) => `${s} ${fmtPct(pi[i]!)}`).join(', ')}`);
  } catch (e) {
    console.log(`  long run: ${(e as Error).message}`);
  }
  const toAct = expectedTimeToStage(quarters, 'act');
  console.log(`  expected quarters until first seen at act at a quarter end: ${quarters.stages.map((s, i) => `from ${s} ${Number.isFinite(toAct.steps[i]!) ? toAct.steps[i]!.toFixed(1) : 'never surely'}`).join(', ')}`);

  heading('lifecycle: what moving one person up a stage is worth');
  const { values, label } = personValues(ctx, world, asOf);
  const v = stageValue(assignment, values);
  console.log(`  value per person = ${label}`);
  printTable(v.stages.map((s) => ({ stage: s.stage, people: s.people, 'mean value': s.mean === null ? '—' : s.mean.toFixed(2) })));
  const up = v.upgrades.find((u) => u.from === 'appeal' && u.to === 'act');
  console.log(`  moving one person from appeal to act: ${up?.value === null || up === undefined ? 'n/a' : `${up.value.toFixed(2)} (difference of stage means, not a causal estimate)`}`);
}
