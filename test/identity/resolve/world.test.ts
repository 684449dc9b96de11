import { beforeAll, describe, expect, it } from 'vitest';
import { simulateWorld } from '../../../src/simulate/index.js';
import type { World } from '../../../src/simulate/types.js';
import { evaluateResolution, explainIdentity, normalizeIdentifier, personOf, resolveIdentities, type IdentityGraph, type ResolutionEvaluation } from '../../../src/identity/resolve/index.js';

// The acceptance figures are on simulateWorld() defaults (20,000 people, seed 42).
// Truth: world.truth.personOfIdentifier is keyed by RAW `type:value`; evaluateResolution
// normalizes each key with the graph's options, so raw variants collapse onto one identifier.
let world: World;
let graph: IdentityGraph;
let evalDefault: ResolutionEvaluation;
let evalNoGuard: ResolutionEvaluation;
let graphNoGuard: IdentityGraph;

beforeAll(() => {
  world = simulateWorld();
  graph = resolveIdentities(world.links);
  evalDefault = evaluateResolution(graph, world.truth.personOfIdentifier);
  graphNoGuard = resolveIdentities(world.links, { maxPeoplePerIdentifier: Infinity });
  evalNoGuard = evaluateResolution(graphNoGuard, world.truth.personOfIdentifier);
});

describe('resolveIdentities on the default simulated world', () => {
  it('reaches pairwise precision >= 0.99 and recall >= 0.97 with default rules', () => {
    expect(evalDefault.conflictingKeys).toBe(0); // raw variants of one identifier never name two people
    expect(evalDefault.invalidKeys).toBe(0);
    expect(evalDefault.precision).toBeGreaterThanOrEqual(0.99);
    expect(evalDefault.recall).toBeGreaterThanOrEqual(0.97);
    expect(evalDefault.truePeople).toBe(world.people);
  });

  it('keeps precision up because of the shared-identifier guard', () => {
    // A family device is not any one member's identifier: score it as its own "household" label.
    // (truth.personOfIdentifier leaves shared devices out; here they are in, each its own label.)
    const withHouseholds = new Map<string, string | number>(world.truth.personOfIdentifier);
    for (const k of world.truth.sharedIdentifiers.keys()) withHouseholds.set(k, `household ${k.toLowerCase()}`);
    const on = evaluateResolution(graph, withHouseholds);
    const off = evaluateResolution(graphNoGuard, withHouseholds);
    expect(on.precision).toBeGreaterThanOrEqual(0.99);
    // Same links, same limits, guard off: every family device is handed to one member.
    expect(off.precision).toBeLessThan(0.99);
    expect(on.precision - off.precision).toBeGreaterThan(0.005);
    expect(evalNoGuard.precision).toBeLessThanOrEqual(evalDefault.precision);
    const attributed = (g: IdentityGraph) => [...world.truth.sharedIdentifiers.keys()].filter((k) => {
      const c = k.indexOf(':');
      return personOf(g, { type: k.slice(0, c), value: k.slice(c + 1) }) !== undefined;
    }).length;
    expect(attributed(graph)).toBe(0);
    expect(attributed(graphNoGuard)).toBe(world.truth.sharedIdentifiers.size);
    // What the guard flags is truly shared (simulator truth), and it finds most family devices.
    const truthShared = new Set<string>();
    for (const k of world.truth.sharedIdentifiers.keys()) {
      const c = k.indexOf(':');
      const n = normalizeIdentifier({ type: k.slice(0, c), value: k.slice(c + 1) });
      truthShared.add(`${n.type}:${n.value}`);
    }
    const flagged = graph.shared.map((x) => `${x.identifier.type}:${x.identifier.value}`);
    const correct = flagged.filter((k) => truthShared.has(k)).length;
    expect(correct / flagged.length).toBeGreaterThanOrEqual(0.95);
    expect(correct / truthShared.size).toBeGreaterThanOrEqual(0.8);
  });

  it('shows the trap: with neither guard nor limits, households merge', () => {
    const none = evaluateResolution(resolveIdentities(world.links, { limits: {}, maxPeoplePerIdentifier: Infinity }), world.truth.personOfIdentifier);
    expect(none.precision).toBeLessThan(0.99);
  });

  it('rejects every junk value the world injected, and explains a shared device', () => {
    const junkRows = graph.rejected.filter((r) => r.reason === 'junk').length;
    const junkOccurrences = world.links.reduce((n, l) => n + l.identifiers.filter((i) => world.truth.junkIdentifiers.has(`${i.type}:${i.value}`)).length, 0);
    expect(junkRows).toBe(junkOccurrences);
    const s = graph.shared[0]!;
    const e = explainIdentity(graph, s.identifier, s.identifier);
    expect(e.verdict).toBe('same-identifier');
  });
});
