/**
 * Demo section: a campaign on a simulated world, measured before (power), during (cumulative lift
 * by week) and after (holdout lift, incremental conversions, iROAS, stage lift, a geo view), each
 * estimate beside the simulator's true incremental conversions.
 */
import { diffInDiff, holdoutLift, powerTwoProportions, stageLift, summarizeMeasurement, syntheticControl } from '../../src/measurement/index.js';
import { STAGES, WEEK_MS, personIndex, simulateWorld } from '../../src/simulate/index.js';
import { journeysFromTouchpoints, markovAttribution, shapleyAttribution } from '../../src/attribution/index.js';
import { fmtInt, fmtPct, heading, printTable, type DemoContext } from './context.js';

/** Assumed media price: CPM ¥100, i.e. ¥0.10 per campaign impression (the simulator has no costs). */
const PRICE_PER_IMPRESSION = 0.1;

const span = (x: { estimate: number; lower: number; upper: number } | undefined, f: (v: number) => string): string =>
  x === undefined ? 'n/a (no holdout conversions)' : `${f(x.estimate)} [${f(x.lower)}, ${f(x.upper)}]`;

export function measurementSection(ctx: DemoContext): void {
  heading('measurement: what did the campaign cause? (before, during, after)');
  const world = simulateWorld({ people: ctx.quick ? 5000 : 20_000, campaign: {} });
  const c = world.truth.campaign!;
  const s0 = c.startWeek, s1 = c.startWeek + c.weeks; // campaign weeks [s0, s1)

  // Each person's first purchase: week and value (the conversion the campaign works on).
  const firstWeek = new Int32Array(world.people).fill(-1);
  const firstValue = new Float64Array(world.people);
  for (const e of world.events) {
    if (e.type !== 'purchase') continue;
    const i = personIndex(e.personId);
    if (firstWeek[i] !== -1) continue;
    firstWeek[i] = Math.floor((e.time - world.start) / WEEK_MS);
    firstValue[i] = e.value ?? 0;
  }
  const exposed: number[] = [], held: number[] = [];
  for (const i of c.audience) (c.holdout[i] ? held : exposed).push(i);
  const arm = (people: ArrayLike<number>, from: number, to: number) => {
    let conversions = 0, value = 0;
    for (let k = 0; k < people.length; k++) {
      const i = people[k]!;
      if (firstWeek[i]! >= from && firstWeek[i]! < to) { conversions++; value += firstValue[i]!; }
    }
    return { users: people.length, conversions, value };
  };
  console.log(`  ${fmtInt(world.people)} people; campaign weeks ${s0}–${s1 - 1} in ${c.treatedCities.length} treated cities (${c.treatedCities.join(', ')});` +
    ` audience ${fmtInt(c.audience.length)}, exposed ${fmtInt(exposed.length)}, holdout ${fmtInt(held.length)} (${fmtPct(held.length / c.audience.length)});` +
    ` true effect: odds of moving up × ${1 + c.effect} per campaign week.`);
  console.log(`  Truth (simulator counterfactual, common random numbers): ${fmtInt(c.exposedConversions)} first purchases by exposed people vs ${fmtInt(c.counterfactualConversions)} without the campaign → ${fmtInt(c.trueIncrementalConversions)} incremental, a ${fmtPct(c.trueRelativeLift)} lift.`);

  // ── BEFORE: could a 10% holdout detect the true lift? ──
  const pre = arm(c.audience, s0 - c.weeks, s0);
  const p1 = Math.max(pre.conversions, 1) / pre.users;
  const p2 = Math.min(0.999, p1 * (1 + c.trueRelativeLift));
  const power = powerTwoProportions({ p1, p2, n: held.length, ratio: exposed.length / held.length });
  const needed = powerTwoProportions({ p1, p2, power: 0.8, ratio: 9 });
  console.log(`\n  BEFORE: pre-campaign ${c.weeks}-week first-purchase rate in the audience ${fmtPct(p1, 2)} (weeks ${s0 - c.weeks}–${s0 - 1}); true lift ${fmtPct(c.trueRelativeLift)} → ${fmtPct(p2, 2)}.`);
  console.log(`  ${summarizeMeasurement(power)}`);
  console.log(`  For 80% power with a 90/10 split the holdout needs ${fmtInt(needed.n)} people (${fmtInt(needed.n * 10)} in all).`);

  // ── DURING: cumulative lift by campaign week ──
  console.log('\n  DURING: cumulative holdout lift by campaign week (first purchases since the start)');
  const rows: Record<string, string | number>[] = [];
  let trueCum = 0;
  for (let k = 0; k < c.weeks; k++) {
    trueCum += c.incrementalByWeek[k]!;
    const t = arm(exposed, s0, s0 + k + 1), h = arm(held, s0, s0 + k + 1);
    const r = holdoutLift({ treatment: { users: t.users, conversions: t.conversions }, control: { users: h.users, conversions: h.conversions } });
    rows.push({
      week: s0 + k, exposedConv: t.conversions, holdoutConv: h.conversions,
      'lift [90%]': span(r.relativeLift, (x) => fmtPct(x, 0)),
      'incremental [90%]': span(r.incrementalConversions, fmtInt), trueIncremental: trueCum, pValue: r.pValue.toFixed(3),
    });
  }
  printTable(rows);

  // ── AFTER: lift, incremental conversions, iROAS ──
  const t = arm(exposed, s0, s1), h = arm(held, s0, s1);
  const spend = exposed.length * c.weeks * PRICE_PER_IMPRESSION;
  const lift = holdoutLift({ treatment: t, control: h }, { spend });
  console.log(`\n  AFTER (weeks ${s0}–${s1 - 1}; spend ASSUMED ¥${fmtInt(spend)} = ${fmtInt(exposed.length * c.weeks)} impressions at CPM ¥${PRICE_PER_IMPRESSION * 1000}; value = first-purchase value):`);
  printTable([{
    incrementalConversions: span(lift.incrementalConversions, fmtInt), trueIncremental: c.trueIncrementalConversions,
    relativeLift: span(lift.relativeLift, (x) => fmtPct(x, 0)), trueLift: fmtPct(c.trueRelativeLift, 0),
    iROAS: span(lift.iROAS, (x) => x.toFixed(2)),
  }]);
  console.log(`  ${summarizeMeasurement(lift)}`);

  // Stage lift: true 4A stage at the end of the week before the campaign vs the campaign's last week.
  const stageOf = (people: readonly number[], week: number) => Uint8Array.from(people, (i) => world.truth.stage[week * world.people + i]!);
  const sl = stageLift({
    treatment: { before: stageOf(exposed, s0 - 1), after: stageOf(exposed, s1 - 1) },
    control: { before: stageOf(held, s0 - 1), after: stageOf(held, s1 - 1) },
  }, { stages: [...STAGES] });
  console.log('\n  Stage lift (true 4A stage at the end of week ' + String(s0 - 1) + ' vs week ' + String(s1 - 1) + '; the campaign impression itself is awareness evidence):');
  printTable(sl.reach.map((r) => ({ reach: r.stage, exposed: fmtPct(r.treatment), holdout: fmtPct(r.control), 'lift [90%]': span(r.lift, (x) => `${(100 * x).toFixed(1)} pp`), pValue: r.pValue.toFixed(3) })));
  console.log(`  ${summarizeMeasurement(sl)}`);

  // ── Geo view: weekly first purchases per city, treated cities vs the others ──
  const counts = new Map<string, number>();
  for (let i = 0; i < world.people; i++) {
    if (firstWeek[i]! < 0 || firstWeek[i]! >= s1) continue;
    const key = `${world.profiles[i]!.city}|${String(firstWeek[i])}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const cities = [...new Set(world.profiles.map((p) => p.city))].sort();
  const panel: { unit: string; time: number; outcome: number }[] = [];
  for (const city of cities) for (let w = 0; w < s1; w++) panel.push({ unit: city, time: w, outcome: counts.get(`${city}|${String(w)}`) ?? 0 });
  const treatedUnits = c.treatedCities.filter((x) => cities.includes(x));
  const sc = syntheticControl(panel, { treatedUnits, treatmentStart: s0, permutations: ctx.quick ? 200 : 1000, seed: 1 });
  const did = diffInDiff(panel, { treatedUnits, treatmentStart: s0 });
  console.log(`\n  Geo view: ${cities.length} cities × ${s1} weeks of first purchases (all residents, holdout included, so the geo effect is diluted by the holdout):`);
  printTable([
    { method: 'synthetic control', incremental: span(sc.incremental, fmtInt), lift: span(sc.relativeLift, (x) => fmtPct(x, 0)), pValue: sc.pValue.toFixed(3), trueIncremental: c.trueIncrementalConversions },
    { method: 'diff-in-diff', incremental: span({ estimate: did.estimate * treatedUnits.length * c.weeks, lower: did.lower * treatedUnits.length * c.weeks, upper: did.upper * treatedUnits.length * c.weeks }, fmtInt), lift: '', pValue: did.pValue.toFixed(3), trueIncremental: c.trueIncrementalConversions },
  ]);
  console.log(`  ${summarizeMeasurement(sc)}`);
  console.log(`  ${summarizeMeasurement(did)}`);

  // ── Attribution beside it: credit is not causation ──
  // First purchases in the campaign weeks, attributed from the touchpoints of the 28 days before each.
  const from = world.start + s0 * WEEK_MS, to = world.start + s1 * WEEK_MS;
  const firstSeen = new Set<string>();
  const conversions: { personId: string; time: number }[] = [];
  for (const e of world.events) {
    if (e.type !== 'purchase' || firstSeen.has(e.personId)) continue;
    firstSeen.add(e.personId);
    if (e.time >= from && e.time < to) conversions.push({ personId: e.personId, time: e.time });
  }
  const touchpoints = world.events.filter((e) => e.type !== 'purchase' && e.time < to && e.time >= from - 28 * 86_400_000);
  const built = journeysFromTouchpoints(touchpoints, conversions, { lookbackMs: 28 * 86_400_000 });
  const markov = markovAttribution(built.journeys, { order: 1 });
  const shapley = shapleyAttribution(built.journeys, { coalitionValue: 'conversionRate' });
  const credit = (r: { channels: readonly { channel: string; conversions: number }[] }) => r.channels.find((x) => x.channel === c.channel)?.conversions ?? 0;
  console.log(`\n  Attribution beside it: of the ${fmtInt(conversions.length)} first purchases in the campaign weeks, the campaign's channel (${c.channel}) gets` +
    ` ${credit(markov).toFixed(0)} under Markov removal effects and ${credit(shapley).toFixed(0)} under Shapley (conversion rate) — credit for all its touches,` +
    ` campaign or not; the holdout test, the geo test and the truth (${fmtInt(c.trueIncrementalConversions)}) answer what the campaign caused.`);
  ctx.shared.set('measurement', { campaign: c, lift, stageLift: sl, syntheticControl: sc, diffInDiff: did, attribution: { markov, shapley } });
}
