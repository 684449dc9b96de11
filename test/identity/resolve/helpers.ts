import fc from 'fast-check';
import type { IdentityGraph, IdentityLink } from '../../../src/identity/resolve/index.js';
import { identifiersOf } from '../../../src/identity/resolve/index.js';

/** The meaning of a graph, independent of internal table order: people, shared, refused, rejected. */
export function canonical(g: IdentityGraph) {
  const people = g.personIds.map((p) => `${p}=${identifiersOf(g, p).map((i) => `${i.type}:${i.value}`).sort().join(',')}`).sort();
  const shared = g.shared.map((s) => `${s.identifier.type}:${s.identifier.value}|${s.identities}|${[...s.people].sort().join(',')}`).sort();
  const refused = g.refused.map((r) => `${r.identifier.type}:${r.identifier.value}>${r.into.type}:${r.into.value}|${r.type}`).sort();
  const rejected = g.rejected.map((r) => `${r.reason}|${r.type ?? ''}`).sort();
  return { people, shared, refused, rejected };
}

/** Every person's identifiers grouped by type count. */
export function typeCounts(g: IdentityGraph, personId: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of identifiersOf(g, personId)) m.set(i.type, (m.get(i.type) ?? 0) + 1);
  return m;
}

const phones = ['13800138000', '13900139000', '15012345678', '18612345678', '17700000001'];
/** Small pools so that links collide: shared devices, limit conflicts, junk, bad rows. */
export const identifierArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 5 }).map((i) => ({ type: 'account', value: `u${i}` })) },
  { weight: 3, arbitrary: fc.constantFrom(...phones).map((v) => ({ type: 'phone', value: v })) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 6 }).map((i) => ({ type: 'device', value: `dev-${i}` })) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 8 }).map((i) => ({ type: 'cookie', value: `c${i}` })) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 4 }).map((i) => ({ type: 'openid', value: `o${i}` })) },
  { weight: 1, arbitrary: fc.constantFrom({ type: 'device', value: 'unknown' }, { type: 'phone', value: '12' }, { type: 'cookie', value: '' }) },
);
export const linkArb: fc.Arbitrary<IdentityLink> = fc.record({
  identifiers: fc.array(identifierArb, { minLength: 0, maxLength: 4 }),
  source: fc.constantFrom('commerce_login', 'crm_upload', 'social_login'),
  time: fc.integer({ min: 0, max: 20 }),
});
export const linksArb = fc.array(linkArb, { minLength: 0, maxLength: 40 });
