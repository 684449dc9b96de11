import { beforeAll, describe, expect, it } from 'vitest';
import { simulateWorld, type World } from '../../src/simulate/index.js';

/** Minimal normalizer: phones to 11 national digits, e-mails trimmed + lower-cased, devices lower-cased. */
function node(type: string, value: string): string {
  if (type === 'phone') return `phone:${value.replace(/\D/g, '').slice(-11)}`;
  if (type === 'email') return `email:${value.trim().toLowerCase()}`;
  if (type === 'device') return `device:${value.toLowerCase()}`;
  return `${type}:${value}`;
}

const STRONG = ['account', 'phone', 'unionid'];

/**
 * A deterministic resolver: union-find over the links' normalized identifiers. With `guard`, an
 * identifier seen beside several distinct strong identifiers of one type (accounts, phones,
 * unionids) is treated as shared and not used to merge: first those seen with >= 3 (junk), then,
 * ignoring those, those seen with >= 2 (family devices). Knows nothing of the truth.
 */
function resolve(w: World, guard: boolean): (key: string) => string {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    let y = x;
    while (y !== r) { const nx = parent.get(y)!; parent.set(y, r); y = nx; }
    return r;
  };
  const linkNodes = w.links.map((l) => l.identifiers.map((id) => node(id.type, id.value)));
  const guarded = new Set<string>();
  if (guard) {
    for (const limit of [3, 2]) {
      const strongSeen = new Map<string, Map<string, Set<string>>>();
      for (const nodes of linkNodes) {
        const live = nodes.filter((n) => !guarded.has(n));
        for (const n of live) {
          for (const m of live) {
            if (m === n) continue;
            const t = m.slice(0, m.indexOf(':'));
            if (!STRONG.includes(t)) continue;
            let byType = strongSeen.get(n);
            if (!byType) { byType = new Map(); strongSeen.set(n, byType); }
            let set = byType.get(t);
            if (!set) { set = new Set(); byType.set(t, set); }
            set.add(m);
          }
        }
      }
      for (const [n, byType] of strongSeen) for (const set of byType.values()) if (set.size >= limit) guarded.add(n);
    }
  }
  for (const nodes of linkNodes) {
    const live = nodes.filter((n) => !guarded.has(n));
    for (const n of live) if (!parent.has(n)) parent.set(n, n);
    for (let k = 1; k < live.length; k++) { const a = find(live[0]!), b = find(live[k]!); if (a !== b) parent.set(b, a); }
  }
  return (key: string) => { const at = key.indexOf(':'); const n = node(key.slice(0, at), key.slice(at + 1)); return parent.has(n) ? find(n) : n; };
}

/** Pairwise precision/recall over the owned raw identifiers (contingency counts, no pair enumeration). */
function pairwise(w: World, clusterOf: (key: string) => string): { precision: number; recall: number } {
  const c2 = (n: number) => (n * (n - 1)) / 2;
  const byCluster = new Map<string, number>(), byPerson = new Map<number, number>(), byBoth = new Map<string, number>();
  for (const [key, person] of w.truth.personOfIdentifier) {
    const c = clusterOf(key);
    byCluster.set(c, (byCluster.get(c) ?? 0) + 1);
    byPerson.set(person, (byPerson.get(person) ?? 0) + 1);
    const both = `${c}\u0000${person}`;
    byBoth.set(both, (byBoth.get(both) ?? 0) + 1);
  }
  let tp = 0, pred = 0, truth = 0;
  for (const n of byBoth.values()) tp += c2(n);
  for (const n of byCluster.values()) pred += c2(n);
  for (const n of byPerson.values()) truth += c2(n);
  return { precision: tp / pred, recall: tp / truth };
}

describe('simulateWorld: identity noise is realistic and a guarded resolver can undo it (10,000 people)', () => {
  let w: World;
  beforeAll(() => { w = simulateWorld({ people: 10_000, seed: 4 }); });

  it('a guarded deterministic resolver reaches pairwise precision >= 0.99 and recall >= 0.97', () => {
    const { precision, recall } = pairwise(w, resolve(w, true));
    expect(precision).toBeGreaterThanOrEqual(0.99);
    expect(recall).toBeGreaterThanOrEqual(0.97);
  });

  it('a naive union-find without the guard merges people through shared devices and junk (precision clearly lower)', () => {
    const guarded = pairwise(w, resolve(w, true));
    const naive = pairwise(w, resolve(w, false));
    expect(naive.precision).toBeLessThan(0.5);
    expect(naive.precision).toBeLessThan(guarded.precision - 0.3);
  });

  it('has family devices shared by 2–4 people, churned cookies and junk values on many people', () => {
    const t = w.truth;
    const sharedPeople = new Set<number>();
    for (const members of t.sharedIdentifiers.values()) for (const m of members) sharedPeople.add(m);
    expect(sharedPeople.size / w.people).toBeGreaterThan(0.03);
    // Churn: some people own several cookies.
    const cookies = new Map<number, number>();
    for (const [key, person] of t.personOfIdentifier) if (key.startsWith('cookie:')) cookies.set(person, (cookies.get(person) ?? 0) + 1);
    expect([...cookies.values()].filter((n) => n >= 2).length).toBeGreaterThan(0.2 * cookies.size);
    // Junk: every junk key appears in links of many different people.
    const peopleOfJunk = new Map<string, Set<number>>();
    for (const l of w.links) {
      const owner = l.identifiers.map((id) => t.personOfIdentifier.get(`${id.type}:${id.value}`)).find((p) => p !== undefined);
      for (const id of l.identifiers) {
        const key = `${id.type}:${id.value}`;
        if (!t.junkIdentifiers.has(key) || owner === undefined) continue;
        if (!peopleOfJunk.has(key)) peopleOfJunk.set(key, new Set());
        peopleOfJunk.get(key)!.add(owner);
      }
    }
    expect(peopleOfJunk.size).toBe(t.junkIdentifiers.size);
    for (const s of peopleOfJunk.values()) expect(s.size).toBeGreaterThan(10);
    // Most people have a strong identifier (account, phone or unionid).
    const strong = new Set<number>();
    for (const [key, person] of t.personOfIdentifier) if (STRONG.includes(key.slice(0, key.indexOf(':')))) strong.add(person);
    expect(strong.size / w.people).toBeGreaterThan(0.9);
  });
});
