import { maskValue, parseWith } from '../../core/index.js';
import { IdentifierSchema, type Identifier } from './identifier.js';
import { findIdentifier, linksOf } from './internal/graphIndex.js';
import { linkColumns, linkSourceAt } from './linkSummary.js';
import type { IdentityGraph, RefusedMerge, SharedIdentifier } from './resolveIdentities.js';

/** One link of an explanation chain: the evidence that joins `from` to `to`. */
export interface ExplainStep {
  readonly from: Identifier;
  readonly to: Identifier;
  /** Index of the distinct link in `graph.state`, the first row it was seen at, how often, when and where. */
  readonly link: number;
  readonly row: number;
  readonly count: number;
  readonly time: number | null;
  readonly source: string | null;
  readonly identifiers: readonly Identifier[];
}

/** What kept two identifiers apart on the chain of links that would have joined them. */
export type ExplainBlocker =
  | { readonly kind: 'shared'; readonly shared: SharedIdentifier; readonly message: string }
  | { readonly kind: 'refused'; readonly refused: RefusedMerge; readonly message: string };

/** The answer of {@link explainIdentity}. */
export interface IdentityExplanation {
  /**
   * `'same-person'`: `steps` is a chain of links, every merge of which was accepted;
   * `'kept-apart'`: `steps` is the chain that would join them and `blockers` what stopped it;
   * `'not-connected'`: no chain of links joins them; `'unknown'`: one of them is not in the graph
   * (never seen, rejected, or not normalizable); `'same-identifier'`: a and b normalize to one identifier.
   */
  readonly verdict: 'same-person' | 'kept-apart' | 'not-connected' | 'unknown' | 'same-identifier';
  readonly personA: string | undefined;
  readonly personB: string | undefined;
  readonly steps: readonly ExplainStep[];
  readonly blockers: readonly ExplainBlocker[];
  /** A readable account with every value masked (safe to log or show). */
  readonly text: string;
}

const mask = (id: Identifier): string => `${id.type} ${maskValue(id.value)}`;

/**
 * Explains why two identifiers are one person — the shortest chain of links joining them through
 * accepted merges (breadth-first search over the link hypergraph) — or why they were kept apart:
 * the chain over all links, with the shared identifiers and refused merges on it. The audit trail
 * for "why are these two customers one person?". O(size of the component) per call, after a
 * one-off O(L) incidence index.
 *
 * @param graph - from {@link resolveIdentities}.
 * @param a - an identifier (raw or normalized).
 * @param b - another identifier.
 * @returns an {@link IdentityExplanation}; `text` masks every value.
 * @throws AudienceKitError `INVALID_INPUT` for a malformed identifier.
 * @example
 * explainIdentity(graph, { type: 'account', value: 'u1' }, { type: 'openid', value: 'oX1' }).text;
 * // => 'account ** (2 chars) and openid o*1 (3 chars) are one person (P9d3ab30ec3b0331c): 2 links
 * //      account ** (2 chars) —[commerce_login, row 0]→ phone +************0 (14 chars)
 * //      phone +************0 (14 chars) —[mini_program, row 1]→ openid o*1 (3 chars)'
 */
export function explainIdentity(graph: IdentityGraph, a: Identifier, b: Identifier): IdentityExplanation {
  const ia = findIdentifier(graph, parseWith(IdentifierSchema, a, 'identifier a'));
  const ib = findIdentifier(graph, parseWith(IdentifierSchema, b, 'identifier b'));
  const s = graph.state, c = linkColumns(s);
  const ident = (i: number): Identifier => ({ type: s.types[c.idType[i]!]!, value: s.idValue[i]! });
  const person = (i: number): string | undefined => (i < 0 || graph.identifierPerson[i]! < 0 ? undefined : graph.personIds[graph.identifierPerson[i]!]);
  const pa = person(ia), pb = person(ib);
  if (ia < 0 || ib < 0) {
    const which = ia < 0 ? `${mask(a)} is` : `${mask(b)} is`;
    return { verdict: 'unknown', personA: pa, personB: pb, steps: [], blockers: [], text: `${which} not in the graph (never seen, rejected, or not a valid identifier)` };
  }
  if (ia === ib) return { verdict: 'same-identifier', personA: pa, personB: pb, steps: [], blockers: [], text: `${mask(a)} and ${mask(b)} normalize to the same identifier` };

  // Refused (link, identifier) pairs: that identifier did not join the link's group.
  const refusedAt = new Map<string, RefusedMerge>();
  for (const r of graph.refused) refusedAt.set(`${r.link}|${r.identifier.type}:${r.identifier.value}`, r);
  const sharedAt = new Map<string, SharedIdentifier>();
  for (const sh of graph.shared) sharedAt.set(`${sh.identifier.type}:${sh.identifier.value}`, sh);
  const keyOf = (i: number) => `${s.types[c.idType[i]!]!}:${s.idValue[i]!}`;
  const isShared = (i: number) => graph.identifierPerson[i]! < 0;
  const refusedIn = (k: number, i: number) => refusedAt.has(`${k}|${keyOf(i)}`);

  const bfs = (accepted: boolean): { prev: Map<number, [number, number]>; found: boolean } => {
    const prev = new Map<number, [number, number]>();
    prev.set(ia, [-1, -1]);
    const queue = [ia];
    for (let h = 0; h < queue.length; h++) {
      const u = queue[h]!;
      if (u === ib) return { prev, found: true };
      if (accepted && (isShared(u))) continue;
      for (const k of linksOf(graph, u)) {
        if (accepted && refusedIn(k, u)) continue;
        for (let p = c.linkStart[k]!; p < c.linkStart[k + 1]!; p++) {
          const v = c.linkIds[p]!;
          if (prev.has(v)) continue;
          if (accepted && (isShared(v) || refusedIn(k, v))) continue;
          prev.set(v, [u, k]);
          queue.push(v);
        }
      }
    }
    return { prev, found: prev.has(ib) };
  };
  const chain = (prev: Map<number, [number, number]>): ExplainStep[] => {
    const steps: ExplainStep[] = [];
    for (let v = ib; v !== ia;) {
      const [u, k] = prev.get(v)!;
      const ids: Identifier[] = [];
      for (let p = c.linkStart[k]!; p < c.linkStart[k + 1]!; p++) ids.push(ident(c.linkIds[p]!));
      steps.push({ from: ident(u), to: ident(v), link: k, row: c.linkFirstRow[k]!, count: c.linkCount[k]!, time: Number.isNaN(c.linkTimeMin[k]!) ? null : c.linkTimeMin[k]!, source: linkSourceAt(c, k), identifiers: ids });
      v = u;
    }
    return steps.reverse();
  };
  const line = (st: ExplainStep) => `  ${mask(st.from)} —[${st.source ?? 'no source'}, row ${st.row}${st.count > 1 ? `, seen ${st.count}×` : ''}]→ ${mask(st.to)}`;
  const head = `${mask(ident(ia))} and ${mask(ident(ib))}`;

  if (pa !== undefined && pa === pb) {
    const steps = chain(bfs(true).prev);
    return { verdict: 'same-person', personA: pa, personB: pb, steps, blockers: [], text: [`${head} are one person (${pa}): ${steps.length} link${steps.length === 1 ? '' : 's'}`, ...steps.map(line)].join('\n') };
  }
  const all = bfs(false);
  if (!all.found) return { verdict: 'not-connected', personA: pa, personB: pb, steps: [], blockers: [], text: `${head} are not connected by any chain of links` };
  const steps = chain(all.prev);
  const blockers: ExplainBlocker[] = [];
  const seenShared = new Set<number>();
  for (const st of steps) {
    for (const [i, idn] of [[findIdentifier(graph, st.from), st.from], [findIdentifier(graph, st.to), st.to]] as const) {
      if (isShared(i) && !seenShared.has(i)) {
        seenShared.add(i);
        const sh = sharedAt.get(keyOf(i))!;
        blockers.push({ kind: 'shared', shared: sh, message: `${mask(idn)} is shared: seen with ${sh.identities} people's identifiers (maxPeoplePerIdentifier ${graph.rules.maxPeoplePerIdentifier}), so it does not merge` });
      }
    }
    for (const idn of [st.from, st.to]) {
      const r = refusedAt.get(`${st.link}|${idn.type}:${idn.value}`);
      if (r) blockers.push({ kind: 'refused', refused: r, message: `refused at row ${r.row}: ${mask(r.identifier)} into the person of ${mask(r.into)} would make ${r.wouldHave} ${r.type} identifiers (limit ${r.limit})` });
    }
  }
  const text = [`${head} were kept apart (${pa ?? 'shared'} vs ${pb ?? 'shared'}); the chain that would join them:`, ...steps.map(line), ...blockers.map((x) => `  blocked: ${x.message}`)].join('\n');
  return { verdict: 'kept-apart', personA: pa, personB: pb, steps, blockers, text };
}
