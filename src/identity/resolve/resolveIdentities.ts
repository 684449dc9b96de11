import { z } from 'zod';
import { AudienceKitError, maskValue, parseWith, type MergeableSummary } from '../../core/index.js';
import type { Identifier } from './identifier.js';
import { sha256Hex } from './hashIdentifier.js';
import { hash64Into, hex64 } from './internal/hash64.js';
import { UnionFind } from './internal/unionFind.js';
import { addLink, addLinks, emptyLinkState, isOwnState, linkColumns, linkStateFromJSON, mergeLinkStates, type LinkColumns, type LinkConfig, type LinkState, type RejectedRow } from './linkSummary.js';
import { NormalizeOptionsSchema, type NormalizeOptions } from './normalizeIdentifier.js';
import { resolveRules, type IdentityRules, type ResolvedRules } from './rules.js';

/** An identifier the shared-identifier guard kept from merging (a family tablet, an office cookie). */
export interface SharedIdentifier {
  readonly identifier: Identifier;
  /** How many distinct strong identities (components of non-weak identifiers) it was seen with. */
  readonly identities: number;
  /** The people (person ids) it was seen with, sorted. */
  readonly people: readonly string[];
}

/** A merge refused because it would have broken a limit, with the link that asked for it. */
export interface RefusedMerge {
  /** Index of the distinct link in `graph.state`. */
  readonly link: number;
  /** First row the link was seen at. */
  readonly row: number;
  /** The identifier that was not merged in. */
  readonly identifier: Identifier;
  /** The strongest identifier of the link (whose person refused it). */
  readonly into: Identifier;
  /** The limited type, the limit, and the count the merge would have made. */
  readonly type: string;
  readonly limit: number;
  readonly wouldHave: number;
  readonly message: string;
}

/**
 * The identity graph: plain data. Identifier `i` of `state` belongs to person
 * `personIds[identifierPerson[i]]` (`-1`: a shared identifier, in `shared`). Rows that could not be
 * used are in `rejected`. Read it with `personOf`, `identifiersOf`, `explainIdentity`.
 */
export interface IdentityGraph {
  readonly kind: 'audience-kit/identity-graph';
  readonly version: 1;
  readonly rules: ResolvedRules;
  /** The mergeable link state the graph was built from (pass it on as `previous`). */
  readonly state: LinkState;
  readonly personIds: readonly string[];
  readonly identifierPerson: readonly number[];
  readonly shared: readonly SharedIdentifier[];
  readonly refused: readonly RefusedMerge[];
  readonly rejected: readonly RejectedRow[];
}

/** Options of {@link resolveIdentities}. */
export interface ResolveOptions {
  /** A graph from an earlier run: the new links are added to its link state (incremental run). */
  readonly previous?: IdentityGraph;
  /** Normalization of identifier values ({@link NormalizeOptions}). */
  readonly normalize?: NormalizeOptions;
}

const ResolveOptionsSchema = z.object({
  previous: z.object({ kind: z.literal('audience-kit/identity-graph'), version: z.literal(1), state: z.unknown() }).loose().optional(),
  normalize: NormalizeOptionsSchema.optional(),
});

/** Type order: priority index, then unlisted types alphabetically. */
function typeRanks(types: readonly string[], priority: readonly string[]): Int32Array {
  const rank = new Int32Array(types.length);
  const pos = new Map<string, number>();
  priority.forEach((t, i) => { if (!pos.has(t)) pos.set(t, i); });
  const unlisted = types.filter((t) => !pos.has(t)).sort();
  types.forEach((t, i) => { rank[i] = pos.get(t) ?? priority.length + unlisted.indexOf(t); });
  return rank;
}

interface Ctx {
  readonly s: LinkState;
  /** The state's typed columns. */
  readonly cols: LinkColumns;
  readonly n: number;
  readonly m: number;
  readonly rank: Int32Array;
  /** Per type: its limit (0 = none). */
  readonly limit: Int32Array;
  /** Limited type ids. */
  readonly limited: readonly number[];
  /** Identifiers grouped by type: those of type t are typeMembers[typeStart[t] .. typeStart[t+1]). */
  readonly typeStart: Int32Array;
  readonly typeMembers: Int32Array;
}

/** a ranks before b: stronger type, then smaller value. */
function stronger(c: Ctx, a: number, b: number): boolean {
  const ra = c.rank[c.cols.idType[a]!]!, rb = c.rank[c.cols.idType[b]!]!;
  return ra < rb || (ra === rb && c.s.idValue[a]! < c.s.idValue[b]!);
}

function keyOf(c: Ctx, id: number): string {
  return `${c.s.types[c.cols.idType[id]!]!}:${c.s.idValue[id]!}`;
}

function identifierAt(c: Ctx, id: number): Identifier {
  return { type: c.s.types[c.cols.idType[id]!]!, value: c.s.idValue[id]! };
}

interface Refusal { link: number; id: number; anchor: number; type: number; would: number }

/**
 * Connected components of the active identifiers over the links, with limits. Plain union-find
 * first (its components do not depend on link order); components that break a limit are replayed
 * link by link in a canonical order — first time, then the sorted `type:value` keys of the link —
 * so the refused merges do not depend on the input order either.
 * Returns a component label (an identifier id) per identifier; inactive identifiers label themselves.
 */
function components(c: Ctx, active: Uint8Array, refusals: Refusal[] | undefined): Int32Array {
  // Each step is its own function: V8 then optimizes each hot loop on its own type feedback
  // (one large function was deoptimized ~10 times per run for feedback its later loops lacked).
  const label = unionLinks(c, active);
  const viol = overLimit(c, active, label);
  if (viol !== undefined) replayOverLimit(c, active, label, viol, refusals);
  return label;
}

/** Plain union-find over the links' active identifiers: a label (root identifier) per identifier. */
function unionLinks(c: Ctx, active: Uint8Array): Int32Array {
  const { n, m } = c;
  const start = c.cols.linkStart, ids = c.cols.linkIds;
  const uf = new UnionFind(n);
  for (let k = 0; k < m; k++) {
    let first = -1;
    for (let p = start[k]!, e = start[k + 1]!; p < e; p++) {
      const id = ids[p]!;
      if (active[id] === 0) continue;
      if (first < 0) first = id; else uf.union(first, id);
    }
  }
  const label = new Int32Array(n);
  for (let i = 0; i < n; i++) label[i] = uf.find(i);
  return label;
}

/** Marks the components (by root) that hold more identifiers of a limited type than its limit; undefined when none. */
function overLimit(c: Ctx, active: Uint8Array, label: Int32Array): Uint8Array | undefined {
  const n = c.n;
  const viol = new Uint8Array(n);
  let anyViol = false;
  if (c.limited.length > 0) {
    // Per limited type, over its identifiers only (c.byType), counting per component and
    // resetting the touched counters: O(n) in all, not O(n × limited types).
    const tmp = new Int32Array(n);
    const { typeStart, typeMembers } = c;
    for (const t of c.limited) {
      const lim = c.limit[t]!;
      const from = typeStart[t]!, to = typeStart[t + 1]!;
      for (let q = from; q < to; q++) {
        const i = typeMembers[q]!;
        if (active[i] === 0) continue;
        const r = label[i]!;
        tmp[r] = tmp[r]! + 1;
        if (tmp[r] > lim) { viol[r] = 1; anyViol = true; }
      }
      for (let q = from; q < to; q++) tmp[label[typeMembers[q]!]!] = 0;
    }
  }
  return anyViol ? viol : undefined;
}

/** Rebuilds the over-limit components link by link in canonical order, refusing merges that break a limit (labels updated in place). */
function replayOverLimit(c: Ctx, active: Uint8Array, label: Int32Array, viol: Uint8Array, refusals: Refusal[] | undefined): void {
  const { s, n, m } = c;
  const start = c.cols.linkStart, ids = c.cols.linkIds, idType = c.cols.idType;
  const local = new Int32Array(n).fill(-1);
  const globalOf: number[] = [];
  for (let i = 0; i < n; i++) if (active[i] === 1 && viol[label[i]!] === 1) { local[i] = globalOf.length; globalOf.push(i); }
  const replay: number[] = [];
  for (let k = 0; k < m; k++) {
    for (let p = start[k]!, e = start[k + 1]!; p < e; p++) {
      const id = ids[p]!;
      if (active[id] === 1) { if (local[id]! >= 0) replay.push(k); break; }
    }
  }
  const contentKey = new Map<number, string>();
  const linkKey = (k: number): string => {
    let key = contentKey.get(k);
    if (key === undefined) {
      const keys: string[] = [];
      for (let p = start[k]!; p < start[k + 1]!; p++) keys.push(keyOf(c, ids[p]!));
      key = keys.sort().join('\n');
      contentKey.set(k, key);
    }
    return key;
  };
  replay.sort((a, b) => {
    const ta0 = c.cols.linkTimeMin[a]!, tb0 = c.cols.linkTimeMin[b]!;
    const ta = Number.isNaN(ta0) ? Infinity : ta0, tb = Number.isNaN(tb0) ? Infinity : tb0;
    if (ta !== tb) return ta < tb ? -1 : 1;
    const ka = linkKey(a), kb = linkKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  const nl = globalOf.length, nLim = c.limited.length;
  const luf = new UnionFind(nl);
  const cnt = new Int32Array(nl * nLim);
  const limIndex = new Int32Array(s.types.length).fill(-1);
  c.limited.forEach((t, j) => { limIndex[t] = j; });
  for (let i = 0; i < nl; i++) { const j = limIndex[idType[globalOf[i]!]!]!; if (j >= 0) cnt[i * nLim + j] = 1; }
  const members: number[] = [];
  for (const k of replay) {
    members.length = 0;
    for (let p = start[k]!; p < start[k + 1]!; p++) { const id = ids[p]!; if (active[id] === 1) members.push(id); }
    let anchor = members[0]!;
    for (const id of members) if (stronger(c, id, anchor)) anchor = id;
    members.sort((a, b) => (stronger(c, a, b) ? -1 : stronger(c, b, a) ? 1 : 0));
    for (const y of members) {
      if (y === anchor) continue;
      const ra = luf.find(local[anchor]!), rb = luf.find(local[y]!);
      if (ra === rb) continue;
      let broken = -1, would = 0;
      for (let j = 0; j < nLim; j++) {
        const sum = cnt[ra * nLim + j]! + cnt[rb * nLim + j]!;
        if (sum > c.limit[c.limited[j]!]!) { broken = j; would = sum; break; }
      }
      if (broken >= 0) {
        refusals?.push({ link: k, id: y, anchor, type: c.limited[broken]!, would });
        continue;
      }
      const r = luf.union(ra, rb);
      const o = r === ra ? rb : ra;
      for (let j = 0; j < nLim; j++) cnt[r * nLim + j] = cnt[r * nLim + j]! + cnt[o * nLim + j]!;
    }
  }
  for (let i = 0; i < nl; i++) label[globalOf[i]!] = globalOf[luf.find(i)]!;
}

/**
 * The shared-identifier guard: per identifier x, the distinct strong identities (pass-A
 * components) seen with x in some link; x is shared when they hold more people than `maxP`.
 * Decided from counts, so the order of links does not matter.
 */
function sharedGuard(c: Ctx, strong: Uint8Array, labelA: Int32Array, maxP: number): { shared: Uint8Array; sharedCount: Int32Array; sharedRoots: Map<number, number[]> } {
  const { s, n, m, limit, limited } = c;
  const start = c.cols.linkStart, ids = c.cols.linkIds, idType = c.cols.idType;
  const shared = new Uint8Array(n);
  const sharedCount = new Int32Array(n);
  const sharedRoots = new Map<number, number[]>();
  if (maxP !== Infinity) {
    const deg = new Int32Array(n + 1);
    for (let k = 0; k < m; k++) {
      let ns = 0;
      for (let p = start[k]!; p < start[k + 1]!; p++) ns += strong[ids[p]!]!;
      if (ns === 0) continue;
      for (let p = start[k]!; p < start[k + 1]!; p++) { const x = ids[p]!; deg[x + 1] = deg[x + 1]! + ns - strong[x]!; }
    }
    for (let i = 0; i < n; i++) deg[i + 1] = deg[i + 1]! + deg[i]!;
    const fill = deg.slice(0, n);
    const entries = new Int32Array(deg[n]!);
    for (let k = 0; k < m; k++) {
      const e = start[k + 1]!;
      for (let p = start[k]!; p < e; p++) {
        const y = ids[p]!;
        if (strong[y] === 0) continue;
        const v = labelA[y]!;
        for (let q = start[k]!; q < e; q++) {
          if (q === p) continue;
          const x = ids[q]!;
          if (deg[x + 1]! - deg[x]! <= maxP) continue; // cannot exceed: skip the write
          entries[fill[x]!] = v; fill[x] = fill[x]! + 1;
        }
      }
    }
    // Per pass-A component: how many identifiers of each limited type it holds.
    const nLim = limited.length;
    const limIndex = new Int32Array(s.types.length).fill(-1);
    limited.forEach((t, j) => { limIndex[t] = j; });
    // Dense index of the pass-A roots (in `fill`, free now), so the table is components × types,
    // not identifiers × types.
    const dense = fill;
    let nc = 0;
    for (let i = 0; i < n; i++) dense[i] = strong[i] === 1 && labelA[i] === i ? nc++ : -1;
    const comp = new Int32Array(nc * nLim);
    for (let i = 0; i < n; i++) {
      if (strong[i] === 0) continue;
      const j = limIndex[idType[i]!]!;
      if (j >= 0) { const at = dense[labelA[i]!]! * nLim + j; comp[at] = comp[at]! + 1; }
    }
    const sum = new Int32Array(nLim);
    for (let x = 0; x < n; x++) {
      const a = deg[x]!, b = deg[x + 1]!;
      if (b - a <= maxP) continue;
      // Sort the segment in place: insertion sort for the usual handful (no subarray view per
      // identifier — there is one candidate per co-occurring identifier, a million at 1M links).
      if (b - a <= 16) {
        for (let i = a + 1; i < b; i++) {
          const v = entries[i]!;
          let j = i - 1;
          while (j >= a && entries[j]! > v) { entries[j + 1] = entries[j]!; j--; }
          entries[j + 1] = v;
        }
      } else {
        entries.subarray(a, b).sort();
      }
      // People behind x, at least: max over limited types of ceil(identifiers of that type in the
      // distinct components seen with x / limit) — two accounts with limit 1 are two people.
      for (let j = 0; j < nLim; j++) sum[j] = 0;
      for (let i = a; i < b; i++) {
        const r = entries[i]!;
        if (i > a && r === entries[i - 1]!) continue;
        const base = dense[r]! * nLim;
        for (let j = 0; j < nLim; j++) sum[j] = sum[j]! + comp[base + j]!;
      }
      let people = 1;
      for (let j = 0; j < nLim; j++) people = Math.max(people, Math.ceil(sum[j]! / limit[limited[j]!]!));
      if (people > maxP) {
        shared[x] = 1;
        sharedCount[x] = people;
        sharedRoots.set(x, Array.from(entries.subarray(a, b)));
      }
    }
  }
  return { shared, sharedCount, sharedRoots };
}

/** People: one per final component; canonical id = stable hash of its strongest identifier. */
function assignPeople(c: Ctx, active: Uint8Array, label: Int32Array, salt: string): { personIds: string[]; identifierPerson: number[] } {
  const { s, n } = c;
  const idType = c.cols.idType;
  const best = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (active[i] === 0) continue;
    const L = label[i]!, b = best[L]!;
    if (b < 0 || stronger(c, i, b)) best[L] = i;
  }
  const personOfLabel = new Int32Array(n).fill(-1);
  const personIds: string[] = [];
  const personBest: number[] = [];
  let lanes = new Int32Array(1024);
  const h = new Int32Array(2);
  const identifierPerson = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    if (active[i] === 0) { identifierPerson[i] = -1; continue; }
    const L = label[i]!;
    let p = personOfLabel[L]!;
    if (p < 0) {
      p = personIds.length;
      personOfLabel[L] = p;
      const b = best[L]!;
      personBest.push(b);
      // hash64 of `salt + type + ':' + value`, streamed (no key string built).
      hash64Into(h, salt, s.types[idType[b]!]!, ':', s.idValue[b]!);
      if (2 * p + 2 > lanes.length) { const g = new Int32Array(2 * lanes.length); g.set(lanes); lanes = g; }
      lanes[2 * p] = h[0]!;
      lanes[2 * p + 1] = h[1]!;
      personIds.push(hex64(h[0]!, h[1]!, 'P'));
    }
    identifierPerson[i] = p;
  }
  // A 64-bit collision (never seen; ~3e-6 at 10^7 people): both people take a 128-bit SHA-256 id.
  // Found by an open-addressing table over the (h1, h2) lanes.
  const np = personIds.length;
  let size = 16;
  while (size < 2 * np) size *= 2;
  const slots = new Int32Array(size);
  const clash = new Set<number>();
  for (let p = 0; p < np; p++) {
    const h1 = lanes[2 * p]!, h2 = lanes[2 * p + 1]!;
    let slot = (h1 ^ Math.imul(h2, 0x9e3779b1)) & (size - 1);
    for (;;) {
      const q = slots[slot]! - 1;
      if (q < 0) { slots[slot] = p + 1; break; }
      if (lanes[2 * q] === h1 && lanes[2 * q + 1] === h2) { clash.add(q); clash.add(p); break; }
      slot = (slot + 1) & (size - 1);
    }
  }
  for (const p of clash) personIds[p] = `P${sha256Hex(salt + keyOf(c, personBest[p]!)).slice(0, 32)}`;
  return { personIds, identifierPerson };
}

/**
 * Builds the graph from a link state (the `finish` step of the link summary). O(L α(L) + I log I)
 * for L identifier occurrences, plus O(R log R) for the R links of components that break a limit.
 * @internal
 */
export function buildGraph(s: LinkState, rules: ResolvedRules): IdentityGraph {
  const cols = linkColumns(s);
  const n = s.idValue.length, m = cols.linkCount.length;
  const limit = new Int32Array(s.types.length);
  const limited: number[] = [];
  const limitOf = new Map(rules.limits);
  s.types.forEach((t, i) => { const l = limitOf.get(t); if (l !== undefined) { limit[i] = l; limited.push(i); } });
  limited.sort((a, b) => (s.types[a]! < s.types[b]! ? -1 : 1)); // canonical: the first broken limit reported does not depend on input order
  const nt = s.types.length;
  const typeStart = new Int32Array(nt + 1);
  for (let i = 0; i < n; i++) { const t = cols.idType[i]! + 1; typeStart[t] = typeStart[t]! + 1; }
  for (let t = 0; t < nt; t++) typeStart[t + 1] = typeStart[t + 1]! + typeStart[t]!;
  const typeMembers = new Int32Array(n);
  const typeFill = typeStart.slice(0, nt);
  for (let i = 0; i < n; i++) { const t = cols.idType[i]!; typeMembers[typeFill[t]!] = i; typeFill[t] = typeFill[t]! + 1; }
  const c: Ctx = { s, cols, n, m, rank: typeRanks(s.types, rules.priority), limit, limited, typeStart, typeMembers };
  const idType = cols.idType;

  // Pass A: strong identities = components of the person-level (non-weak) identifiers over the links.
  const weak = new Set(rules.weakTypes);
  const weakType = s.types.map((t) => weak.has(t));
  const strong = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (!weakType[idType[i]!]!) strong[i] = 1;
  const labelA = components(c, strong, undefined);

  // Guard: identifiers seen with more people's strong identities than maxPeoplePerIdentifier.
  const { shared, sharedCount, sharedRoots } = sharedGuard(c, strong, labelA, rules.maxPeoplePerIdentifier);

  // Pass B: every non-shared identifier, with limits.
  const active = new Uint8Array(n);
  for (let i = 0; i < n; i++) active[i] = 1 - shared[i]!;
  const refusals: Refusal[] = [];
  const label = components(c, active, refusals);

  // People: canonical id = stable hash of the strongest identifier.
  const { personIds, identifierPerson } = assignPeople(c, active, label, rules.personIdSalt);

  const sharedList: SharedIdentifier[] = [];
  for (let x = 0; x < n; x++) {
    if (shared[x] === 0) continue;
    const people = new Set<string>();
    for (const r of sharedRoots.get(x) ?? []) { const p = identifierPerson[r]!; if (p >= 0) people.add(personIds[p]!); }
    sharedList.push({ identifier: identifierAt(c, x), identities: sharedCount[x]!, people: [...people].sort() });
  }
  const refused: RefusedMerge[] = refusals.map((r) => {
    const y = identifierAt(c, r.id), into = identifierAt(c, r.anchor), type = s.types[r.type]!;
    const row = cols.linkFirstRow[r.link]!;
    return {
      link: r.link, row, identifier: y, into, type, limit: limit[r.type]!, wouldHave: r.would,
      message: `links[${row}]: merging ${y.type} ${maskValue(y.value)} into the person of ${into.type} ${maskValue(into.value)} would give it ${r.would} ${type} identifiers (limit ${limit[r.type]!})`,
    };
  });
  return { kind: 'audience-kit/identity-graph', version: 1, rules, state: s, personIds, identifierPerson, shared: sharedList, refused, rejected: s.rejected };
}

function configOf(rules: ResolvedRules, normalize: { defaultCountryCode?: string | undefined; gmailCanonical?: boolean | undefined } | undefined): LinkConfig {
  return { defaultCountryCode: normalize?.defaultCountryCode ?? '86', gmailCanonical: normalize?.gmailCanonical ?? false, blocked: rules.blocked };
}

/**
 * The identity link summary as a {@link MergeableSummary}: `add` normalizes one raw link (row
 * index = the caller's global row number) into the link state, `merge` unions two shards' states,
 * `finish` builds the {@link IdentityGraph}. `finish(merge(shards))` equals
 * `resolveIdentities(all links)` (DESIGN.md "Scale").
 *
 * @param rules - {@link IdentityRules} (the `blocked` values shape the state; the rest only `finish`).
 * @param normalize - {@link NormalizeOptions}.
 * @throws AudienceKitError `INVALID_OPTION` for bad rules or options; `merge` throws it for states built with different normalization/blocked rules.
 * @example
 * const sum = identityLinkSummary();
 * const a = sum.add(sum.empty(), { identifiers: [{ type: 'account', value: 'u1' }, { type: 'phone', value: '13800138000' }] }, 0);
 * sum.finish(a).personIds.length; // => 1
 */
export function identityLinkSummary(rules?: IdentityRules, normalize?: NormalizeOptions): MergeableSummary<LinkState, unknown, IdentityGraph> {
  const r = resolveRules(rules);
  const norm = normalize === undefined ? undefined : parseWith(NormalizeOptionsSchema, normalize, 'normalize options', 'INVALID_OPTION');
  const config = configOf(r, norm);
  return {
    kind: 'audience-kit/identity-links',
    empty: () => emptyLinkState(config),
    add: addLink,
    merge: mergeLinkStates,
    finish: (s) => buildGraph(s, r),
    toJSON: (s) => s,
    fromJSON: linkStateFromJSON,
  };
}

/**
 * Stitches identifiers observed together into people — deterministic identity resolution as in a
 * customer-data platform's identity graph (e.g. Segment Unify / mParticle IDSync: priority,
 * per-type limits, blocked values), with a shared-identifier guard:
 * 1. every identifier is normalized ({@link normalizeIdentifier}); junk, blocked and invalid values
 *    and empty links go to `rejected` with their row index (values masked);
 * 2. strong identities = components of the person-level identifiers (all but `rules.weakTypes`);
 * 3. an identifier seen (in some link) with strong identities that hold more identifiers of a
 *    limited type than `maxPeoplePerIdentifier` people may have (two accounts, limit 1 → two people)
 *    is shared: reported, never used to merge;
 * 4. the rest are united by union-find; a component that would break a limit is rebuilt link by
 *    link in canonical order (time, then content) and the refused merges are recorded;
 * 5. each person's id is a stable 64-bit hash of its strongest identifier (`priority`, then value).
 * The people, their ids, `shared` and `refused` do not depend on the order of the links, and
 * `resolveIdentities(b, rules, { previous: resolveIdentities(a, rules) })` equals
 * `resolveIdentities([...a, ...b], rules)`.
 *
 * Complexity: O(L α(L)) for L identifier occurrences, plus sorting the links of over-limit
 * components and the co-occurrence lists of identifiers seen with more than one strong identity.
 *
 * @param links - {@link IdentityLink}s; a malformed row is rejected, not thrown.
 * @param rules - {@link IdentityRules}; defaults {@link DEFAULT_RULES}.
 * @param options - `previous` graph (incremental run), `normalize` options.
 * @returns the {@link IdentityGraph}.
 * @throws AudienceKitError `INVALID_INPUT` when `links` is not an array or `previous` is not a valid graph;
 *   `INVALID_OPTION` for bad rules/options or a `previous` built with other normalization/blocked rules.
 * @example
 * const g = resolveIdentities([
 *   { identifiers: [{ type: 'account', value: 'u1' }, { type: 'phone', value: '138 0013 8000' }], source: 'commerce_login' },
 *   { identifiers: [{ type: 'phone', value: '+8613800138000' }, { type: 'openid', value: 'oX1' }], source: 'mini_program' },
 *   { identifiers: [{ type: 'device', value: 'unknown' }] },
 * ]);
 * g.personIds.length; // => 1  (account u1, phone +8613800138000, openid oX1)
 * g.rejected[0]!.reason; // => 'junk'
 */
export function resolveIdentities(links: readonly unknown[], rules?: IdentityRules, options: ResolveOptions = {}): IdentityGraph {
  if (!Array.isArray(links)) throw new AudienceKitError('INVALID_INPUT', 'resolveIdentities: links must be an array of { identifiers, source?, time? }');
  const r = resolveRules(rules);
  const opts = parseWith(ResolveOptionsSchema, options, 'resolveIdentities options', 'INVALID_OPTION');
  const config = configOf(r, opts.normalize);
  let state: LinkState;
  if (opts.previous) {
    const prev = opts.previous as unknown as IdentityGraph;
    // Only a state this module built and nobody edited skips validation (a stored one never does).
    const ps = isOwnState(prev.state) ? prev.state : linkStateFromJSON(prev.state);
    if (JSON.stringify(ps.config) !== JSON.stringify(config)) {
      throw new AudienceKitError('INVALID_OPTION', 'resolveIdentities: options.previous was built with other normalization options or blocked values; resolve from scratch instead');
    }
    state = mergeLinkStates(ps, emptyLinkState(config));
  } else {
    state = emptyLinkState(config);
  }
  const offset = state.rows;
  addLinks(state, links, offset);
  return buildGraph(state, r);
}
