import { z } from 'zod';
import { parseWith } from '../../core/index.js';
import type { Identifier } from './identifier.js';
import { membersOf, personIndexOf } from './internal/graphIndex.js';
import { linkColumns } from './linkSummary.js';
import type { IdentityGraph } from './resolveIdentities.js';

/**
 * The identifiers of a person, strongest first (the graph's `priority`, then value); the first is
 * the one the person id was hashed from. O(k log k) for k identifiers after a one-off O(I) index.
 *
 * @param graph - from {@link resolveIdentities}.
 * @param personId - a person id of the graph.
 * @returns the normalized identifiers (new objects); `[]` for an unknown person id.
 * @throws AudienceKitError `INVALID_INPUT` when `personId` is not a string.
 * @example
 * identifiersOf(graph, 'P9d3ab30ec3b0331c');
 * // => [{ type: 'account', value: 'u1' }, { type: 'phone', value: '+8613800138000' }, { type: 'openid', value: 'oX1' }]
 */
export function identifiersOf(graph: IdentityGraph, personId: string): Identifier[] {
  const pid = parseWith(z.string(), personId, 'personId');
  const p = personIndexOf(graph, pid);
  if (p < 0) return [];
  const s = graph.state, idType = linkColumns(s).idType;
  const rank = new Map<string, number>();
  graph.rules.priority.forEach((t, i) => { if (!rank.has(t)) rank.set(t, i); });
  const out = Array.from(membersOf(graph, p), (i) => ({ type: s.types[idType[i]!]!, value: s.idValue[i]! }));
  const r = (t: string) => rank.get(t) ?? graph.rules.priority.length;
  out.sort((a, b) => r(a.type) - r(b.type) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return out;
}
