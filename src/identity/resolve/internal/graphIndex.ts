import type { IdentityGraph } from '../resolveIdentities.js';
import { linkColumns, lookupKey } from '../linkSummary.js';
import { normalizeValue } from '../normalizeIdentifier.js';
import type { Identifier } from '../identifier.js';

interface GraphIndex {
  personIndex: Map<string, number> | undefined;
  /** CSR: identifiers of person p are members[offsets[p] .. offsets[p+1]). */
  offsets: Int32Array | undefined;
  members: Int32Array | undefined;
  /** CSR: links of identifier i are idLinks[idOffsets[i] .. idOffsets[i+1]). */
  idOffsets: Int32Array | undefined;
  idLinks: Int32Array | undefined;
}

const cache = new WeakMap<IdentityGraph, GraphIndex>();

function get(g: IdentityGraph): GraphIndex {
  let ix = cache.get(g);
  if (!ix) { ix = { personIndex: undefined, offsets: undefined, members: undefined, idOffsets: undefined, idLinks: undefined }; cache.set(g, ix); }
  return ix;
}

/** The identifier id of an identifier (raw or normalized) in the graph, or −1 (unknown or not normalizable). */
export function findIdentifier(g: IdentityGraph, id: Identifier): number {
  const direct = lookupKey(g.state, `${id.type}:${id.value}`);
  if (direct >= 0) return direct;
  const out: string[] = [''];
  const cfg = g.state.config;
  if (normalizeValue(id.type, id.value, cfg.defaultCountryCode, cfg.gmailCanonical, out) !== undefined) return -1;
  return lookupKey(g.state, `${id.type}:${out[0]!}`);
}

/** Person index of a person id, or −1. */
export function personIndexOf(g: IdentityGraph, personId: string): number {
  const ix = get(g);
  if (!ix.personIndex) { const m = new Map<string, number>(); g.personIds.forEach((p, i) => m.set(p, i)); ix.personIndex = m; }
  return ix.personIndex.get(personId) ?? -1;
}

/** The identifier ids of person p (in id order). */
export function membersOf(g: IdentityGraph, p: number): Int32Array {
  const ix = get(g);
  if (!ix.offsets || !ix.members) {
    const np = g.personIds.length, ip = g.identifierPerson;
    const off = new Int32Array(np + 1);
    for (const q of ip) if (q >= 0) off[q + 1] = off[q + 1]! + 1;
    for (let i = 0; i < np; i++) off[i + 1] = off[i + 1]! + off[i]!;
    const fill = off.slice(0, np);
    const mem = new Int32Array(off[np]!);
    for (let i = 0; i < ip.length; i++) { const q = ip[i]!; if (q >= 0) { mem[fill[q]!] = i; fill[q] = fill[q]! + 1; } }
    ix.offsets = off; ix.members = mem;
  }
  return ix.members.subarray(ix.offsets[p], ix.offsets[p + 1]);
}

/** The distinct links an identifier appears in. */
export function linksOf(g: IdentityGraph, id: number): Int32Array {
  const ix = get(g);
  if (!ix.idOffsets || !ix.idLinks) {
    const c = linkColumns(g.state), n = g.state.idValue.length, m = c.linkCount.length;
    const off = new Int32Array(n + 1);
    for (const x of c.linkIds) off[x + 1] = off[x + 1]! + 1;
    for (let i = 0; i < n; i++) off[i + 1] = off[i + 1]! + off[i]!;
    const fill = off.slice(0, n);
    const links = new Int32Array(off[n]!);
    for (let k = 0; k < m; k++) for (let p = c.linkStart[k]!; p < c.linkStart[k + 1]!; p++) { const x = c.linkIds[p]!; links[fill[x]!] = k; fill[x] = fill[x]! + 1; }
    ix.idOffsets = off; ix.idLinks = links;
  }
  return ix.idLinks.subarray(ix.idOffsets[id], ix.idOffsets[id + 1]);
}
