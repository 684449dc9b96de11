import { parseWith } from '../../core/index.js';
import { IdentifierSchema, type Identifier } from './identifier.js';
import { findIdentifier } from './internal/graphIndex.js';
import type { IdentityGraph } from './resolveIdentities.js';

/**
 * The person id an identifier belongs to. The identifier may be raw (`'138 0013 8000'`): it is
 * normalized with the graph's options. O(length of the value) after a one-off O(I) index.
 *
 * @param graph - from {@link resolveIdentities}.
 * @param identifier - the identifier to look up.
 * @returns the person id, or `undefined` when the identifier was never seen, was rejected, is shared
 *   (see `graph.shared`) or cannot be normalized — `explainIdentity` says which.
 * @throws AudienceKitError `INVALID_INPUT` for a malformed identifier.
 * @example
 * personOf(graph, { type: 'phone', value: '138 0013 8000' }); // => 'P9d3ab30ec3b0331c'
 */
export function personOf(graph: IdentityGraph, identifier: Identifier): string | undefined {
  const id = findIdentifier(graph, parseWith(IdentifierSchema, identifier, 'identifier'));
  if (id < 0) return undefined;
  const p = graph.identifierPerson[id]!;
  return p < 0 ? undefined : graph.personIds[p];
}
