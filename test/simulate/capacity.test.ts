/**
 * The simulator presizes its link and identifier arrays (6 links and 7 own identifiers a person,
 * against ~4.5 and ~5.2 in the default world) and falls back to doubling past that. A world far
 * past both estimates must come out whole: links in time order, every identifier with its truth.
 */
import { describe, expect, it } from 'vitest';
import { simulateWorld } from '../../src/simulate/index.js';

describe('simulateWorld past its presized capacity', () => {
  it('a cookie-heavy world (~15 links a person) has every link, in time order, and a truth for every own identifier', () => {
    const people = 500;
    const w = simulateWorld({ people, cookieChurn: 11, identifierMix: { cookie: 1, account: 1 } });
    expect(w.links.length).toBeGreaterThan(6 * people + 1024);
    expect(w.truth.personOfIdentifier.size).toBeGreaterThan(7 * people + 1024);
    for (let k = 1; k < w.links.length; k++) expect(w.links[k]!.time).toBeGreaterThanOrEqual(w.links[k - 1]!.time);
    // Every identifier of every link is an own identifier with a true person, a shared device or a junk value.
    // A link is one person's observation: its own identifiers all have that person.
    let own = 0;
    const seen = new Set<number>();
    for (const l of w.links) {
      let person: number | undefined;
      for (const id of l.identifiers) {
        const key = `${id.type}:${id.value}`;
        const p = w.truth.personOfIdentifier.get(key);
        if (p === undefined) { expect(w.truth.sharedIdentifiers.has(key) || w.truth.junkIdentifiers.has(key)).toBe(true); continue; }
        own++;
        seen.add(p);
        person ??= p;
        expect(p).toBe(person);
      }
    }
    expect(seen.size).toBe(people);
    expect(own).toBeGreaterThan(0);
    // Same options, same world (the fallback path is as deterministic as the presized one).
    expect(JSON.stringify(simulateWorld({ people, cookieChurn: 11, identifierMix: { cookie: 1, account: 1 } }).links)).toBe(JSON.stringify(w.links));
  });
});
