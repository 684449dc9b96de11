/**
 * Demo section: identity resolution on the simulated world — resolve the world's links, compare
 * with the simulator's truth, and show one audit trail (values masked).
 */
import { maskValue } from '../../src/core/index.js';
import { evaluateResolution, explainIdentity, identifiersOf, normalizeIdentifier, resolveIdentities } from '../../src/identity/resolve/index.js';
import type { World } from '../../src/simulate/types.js';
import { fmtInt, fmtPct, heading, printTable, type DemoContext } from './context.js';

export function identitySection(ctx: DemoContext): void {
  const world = ctx.shared.get('world') as World | undefined;
  heading('identity: stitch phones, accounts, devices, openids and cookies into people');
  if (!world) { console.log('  (no simulated world: run the simulate section first)'); return; }
  const t0 = performance.now();
  const graph = resolveIdentities(world.links);
  const ms = performance.now() - t0;
  ctx.shared.set('identityGraph', graph);
  // Truth keys are raw (as emitted); evaluateResolution normalizes them with the graph's options.
  const e = evaluateResolution(graph, world.truth.personOfIdentifier);
  const sharedTrue = new Set<string>();
  for (const k of world.truth.sharedIdentifiers.keys()) {
    const c = k.indexOf(':');
    const n = normalizeIdentifier({ type: k.slice(0, c), value: k.slice(c + 1) });
    sharedTrue.add(`${n.type}:${n.value}`);
  }
  const found = graph.shared.filter((x) => sharedTrue.has(`${x.identifier.type}:${x.identifier.value}`)).length;
  const junk = graph.rejected.filter((r) => r.reason === 'junk').length;
  console.log(`  ${fmtInt(world.links.length)} links, ${fmtInt(graph.state.idValue.length)} distinct identifiers after normalization, resolved in ${fmtInt(ms)} ms`);
  printTable([
    { measure: 'people found', value: fmtInt(graph.personIds.length), 'vs truth': `${fmtInt(world.people)} true people` },
    { measure: 'pairwise precision', value: fmtPct(e.precision, 2), 'vs truth': `${fmtInt(e.correctPairs)} of ${fmtInt(e.predictedPairs)} joined pairs are right` },
    { measure: 'pairwise recall', value: fmtPct(e.recall, 2), 'vs truth': `${fmtInt(e.correctPairs)} of ${fmtInt(e.truePairs)} true pairs joined` },
    { measure: 'shared identifiers found', value: fmtInt(graph.shared.length), 'vs truth': `${fmtInt(sharedTrue.size)} family devices (${fmtInt(found)} of them found)` },
    { measure: 'rejected (junk / invalid / empty)', value: fmtInt(graph.rejected.length), 'vs truth': `${fmtInt(junk)} junk values` },
    { measure: 'merges refused by a limit', value: fmtInt(graph.refused.length), 'vs truth': '' },
  ]);
  // One audit trail: among the first people, the longest chain from the strongest identifier.
  let bestText = '', bestLen = 0, q = '';
  for (const p of graph.personIds.slice(0, 300)) {
    const ids = identifiersOf(graph, p);
    for (const other of ids.slice(1)) {
      const x = explainIdentity(graph, ids[0]!, other);
      if (x.steps.length > bestLen) { bestLen = x.steps.length; bestText = x.text; q = `${ids[0]!.type} ${maskValue(ids[0]!.value)} the same person as ${other.type} ${maskValue(other.value)}`; }
    }
  }
  if (bestLen > 0) {
    console.log(`\n  Why is ${q}?`);
    console.log(bestText.split('\n').map((l) => `  ${l}`).join('\n'));
  }
  const sh = graph.shared[0];
  if (sh && sh.people.length >= 2) {
    const [a, b] = sh.people;
    const ia = identifiersOf(graph, a!)[0]!, ib = identifiersOf(graph, b!)[0]!;
    console.log('\n  And why are these two kept apart?');
    console.log(explainIdentity(graph, ia, ib).text.split('\n').map((l) => `  ${l}`).join('\n'));
  }
}
