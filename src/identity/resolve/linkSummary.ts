import { z } from 'zod';
import { AudienceKitError, formatPath, maskValue } from '../../core/index.js';
import { IdentifierTypeSchema, IdentityLinkSchema, type Identifier } from './identifier.js';
import { normalizeValue } from './normalizeIdentifier.js';
import type { ResolvedRules } from './rules.js';

/** Why a row (or one identifier of it) was not used. */
export type RejectReason = 'invalid-link' | 'empty-link' | 'invalid-identifier' | 'junk' | 'blocked';

/** A bad row or identifier: kept, never silently dropped. `message` masks every value. */
export interface RejectedRow {
  /** Row index of the link (continuing after `previous` rows in incremental runs). */
  readonly row: number;
  /** Index of the identifier inside the link, when one identifier (not the whole link) was rejected. */
  readonly identifier?: number;
  /** Its type, when known. */
  readonly type?: string;
  readonly reason: RejectReason;
  readonly message: string;
}

/** What shapes the link state at `add` time; two states merge only when these agree. */
export interface LinkConfig {
  readonly defaultCountryCode: string;
  readonly gmailCanonical: boolean;
  readonly blocked: ResolvedRules['blocked'];
}

/**
 * The mergeable link state: every distinct link (set of normalized identifiers) with how often,
 * when (first/last time) and where (source of the first observation) it was seen, plus rejected
 * rows. Plain JSON data. Identifier `i` is `types[idType[i]] : idValue[i]`; link `k` holds
 * identifiers `linkIds[linkStart[k] .. linkStart[k+1])`.
 */
export interface LinkState {
  readonly kind: 'audience-kit/identity-links';
  readonly version: 1;
  readonly config: LinkConfig;
  /** Rows seen: 1 + the largest row index added. */
  rows: number;
  readonly types: string[];
  readonly idType: number[];
  readonly idValue: string[];
  readonly linkStart: number[];
  readonly linkIds: number[];
  readonly linkCount: number[];
  readonly linkFirstRow: number[];
  /** First and last time per link, epoch ms; `NaN` when the link had no time (`null` in JSON). */
  readonly linkTimeMin: number[];
  readonly linkTimeMax: number[];
  readonly linkSource: (string | null)[];
  readonly rejected: RejectedRow[];
}

interface Index {
  /** type → (raw or normalized value → identifier id). Normalization is idempotent, so both spellings are safe keys. */
  readonly byType: Map<string, Map<string, number>>;
  readonly types: Map<string, number>;
  /** Open-addressing hash table of distinct links (link index + 1; 0 = empty), keyed by their sorted ids. */
  table: Int32Array;
  readonly reasons: string[];
  readonly scratch: number[];
  readonly out: string[];
  readonly typeNames: string[];
  readonly typeMaps: Map<string, number>[];
  readonly blockedValues: Set<string>;
  /** Compiled once per state; sticky/global flags dropped so `test` keeps no state between calls. */
  readonly blockedPatterns: RegExp[];
}

const indexes = new WeakMap<LinkState, Index>();

/** Hash of a sorted id tuple (multiply-xorshift per id, murmur3 finalizer). */
function tupleHash(ids: readonly number[], from: number, to: number): number {
  let h = 0x9747b28c;
  for (let i = from; i < to; i++) h = Math.imul(h ^ ids[i]!, 0x5bd1e995) ^ (h >>> 15);
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return h >>> 0;
}

function rehash(s: LinkState, ix: Index, size: number): void {
  const table = new Int32Array(size);
  const mask = size - 1;
  for (let k = 0; k + 1 < s.linkStart.length; k++) {
    let slot = tupleHash(s.linkIds, s.linkStart[k]!, s.linkStart[k + 1]!) & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = k + 1;
  }
  ix.table = table;
}

function buildIndex(s: LinkState): Index {
  const types = new Map<string, number>();
  s.types.forEach((t, i) => types.set(t, i));
  const byType = new Map<string, Map<string, number>>();
  for (const t of s.types) byType.set(t, new Map());
  for (let i = 0; i < s.idValue.length; i++) byType.get(s.types[s.idType[i]!]!)!.set(s.idValue[i]!, i);
  const ix: Index = { byType, types, table: new Int32Array(0), reasons: [], scratch: [], out: [''], typeNames: [], typeMaps: [],
    blockedValues: new Set(), blockedPatterns: [] };
  for (const b of s.config.blocked) {
    if ('value' in b) ix.blockedValues.add(b.value);
    else ix.blockedPatterns.push(new RegExp(b.pattern, b.flags.replace('g', '').replace('y', '')));
  }
  let size = 1024;
  while (size < 2 * s.linkCount.length + 2) size *= 2;
  rehash(s, ix, size);
  return ix;
}

function indexOf(s: LinkState): Index {
  let ix = indexes.get(s);
  if (!ix) { ix = buildIndex(s); indexes.set(s, ix); }
  return ix;
}

/** Built-in junk values (compared lower-cased after trimming). */
const JUNK = new Set(['unknown', 'anonymous', 'null', 'undefined', 'none', 'nil', 'n/a', 'na', '-1', 'test', '(null)', '[null]']);
const ALL_ZERO = /^[0\-_.:]*0[0\-_.:]*$/;

/** An empty link state for the given config. */
export function emptyLinkState(config: LinkConfig): LinkState {
  return {
    kind: 'audience-kit/identity-links', version: 1, config, rows: 0, types: [], idType: [], idValue: [],
    linkStart: [0], linkIds: [], linkCount: [], linkFirstRow: [], linkTimeMin: [], linkTimeMax: [], linkSource: [], rejected: [],
  };
}

function earlier(t1: number, s1: string | null, t2: number, s2: string | null): boolean {
  const a = Number.isNaN(t1) ? Infinity : t1, b = Number.isNaN(t2) ? Infinity : t2;
  if (a !== b) return a < b;
  return (s1 ?? '') < (s2 ?? '');
}

/** Inserts a link of (already interned, any order, possibly repeated) ids. */
function insertLink(s: LinkState, ix: Index, ids: number[], count: number, row: number, tMin: number, tMax: number, source: string | null): void {
  // Sort ascending and drop repeats (links are tiny: insertion sort).
  for (let i = 1; i < ids.length; i++) {
    const v = ids[i]!;
    let j = i - 1;
    while (j >= 0 && ids[j]! > v) { ids[j + 1] = ids[j]!; j--; }
    ids[j + 1] = v;
  }
  let w = 0;
  for (let i = 0; i < ids.length; i++) if (i === 0 || ids[i] !== ids[w - 1]) ids[w++] = ids[i]!;
  const table = ix.table;
  const mask = table.length - 1;
  let slot = tupleHash(ids, 0, w) & mask;
  const linkIds = s.linkIds, linkStart = s.linkStart;
  let k = -1;
  for (;;) {
    const e = table[slot]!;
    if (e === 0) break;
    const c = e - 1, from = linkStart[c]!;
    if (linkStart[c + 1]! - from === w) {
      let same = true;
      for (let i = 0; i < w; i++) if (linkIds[from + i] !== ids[i]) { same = false; break; }
      if (same) { k = c; break; }
    }
    slot = (slot + 1) & mask;
  }
  if (k < 0) {
    const n = s.linkCount.length;
    for (let i = 0; i < w; i++) linkIds.push(ids[i]!);
    linkStart.push(linkIds.length);
    s.linkCount.push(count);
    s.linkFirstRow.push(row);
    s.linkTimeMin.push(tMin);
    s.linkTimeMax.push(tMax);
    s.linkSource.push(source);
    table[slot] = n + 1;
    if (2 * (n + 1) > table.length) rehash(s, ix, table.length * 2);
    return;
  }
  s.linkCount[k] = s.linkCount[k]! + count;
  if (row < s.linkFirstRow[k]!) s.linkFirstRow[k] = row;
  if (earlier(tMin, source, s.linkTimeMin[k]!, s.linkSource[k] ?? null)) { s.linkTimeMin[k] = tMin; s.linkSource[k] = source; }
  const m = s.linkTimeMax[k]!;
  if (!Number.isNaN(tMax) && (Number.isNaN(m) || tMax > m)) s.linkTimeMax[k] = tMax;
}

function typeId(s: LinkState, ix: Index, type: string): number {
  let t = ix.types.get(type);
  if (t === undefined) { t = s.types.length; s.types.push(type); ix.types.set(type, t); ix.byType.set(type, new Map()); }
  return t;
}

function valuesOf(s: LinkState, ix: Index, type: string): Map<string, number> {
  // A linear scan over the few types beats a Map lookup per identifier occurrence.
  const names = ix.typeNames;
  for (let i = 0; i < names.length; i++) if (names[i] === type) return ix.typeMaps[i]!;
  let m = ix.byType.get(type);
  if (m === undefined) { typeId(s, ix, type); m = ix.byType.get(type)!; }
  if (names.length < 16) { names.push(type); ix.typeMaps.push(m); }
  return m;
}

function isBlocked(ix: Index, type: string, value: string): boolean {
  if (ix.blockedValues.size === 0 && ix.blockedPatterns.length === 0) return false;
  if (ix.blockedValues.has(value) || ix.blockedValues.has(`${type}:${value}`)) return true;
  for (const re of ix.blockedPatterns) if (re.test(value)) return true;
  return false;
}

const REASONS: RejectReason[] = ['invalid-identifier', 'junk', 'blocked'];

/**
 * Interns a raw identifier: its id, or −1 − (reason code) with the message left in `ix.reasons`.
 */
function intern(s: LinkState, ix: Index, type: string, value: string, out: string[]): number {
  const values = valuesOf(s, ix, type);
  const hit = values.get(value);
  if (hit !== undefined) return hit;
  const cfg = s.config;
  let code: number;
  const trimmed = value.trim();
  const lower = trimmed.toLowerCase();
  if (trimmed === '' || JUNK.has(lower) || ALL_ZERO.test(lower)) code = 1;
  else {
    const why = normalizeValue(type, value, cfg.defaultCountryCode, cfg.gmailCanonical, out);
    if (why !== undefined) { code = 0; ix.reasons.push(why); }
    else {
      const norm = out[0]!;
      if (isBlocked(ix, type, norm)) code = 2;
      else {
        // `value` missed above, so when it is already normal the identifier is new (one lookup saved).
        let id = norm === value ? undefined : values.get(norm);
        if (id === undefined) {
          id = s.idValue.length;
          s.idValue.push(norm);
          s.idType.push(ix.types.get(type)!);
          values.set(norm, id);
        }
        if (norm !== value) values.set(value, id);
        return id;
      }
    }
  }
  // Rejected values are not cached (their message may differ); they are rare.
  return -1 - code;
}

const TYPE_RE = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const SOURCES_OK = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';

/**
 * Adds one link (row `row`) to the state (mutates and returns the owned state). Never throws on a
 * bad row: it is recorded in `rejected` with its reason, values masked.
 */
export function addLink(s: LinkState, link: unknown, row: number): LinkState {
  return addLinkIndexed(s, indexOf(s), link, row);
}

/** Adds every link of `links` with rows `offset + i` (one index lookup for the batch). @internal */
export function addLinks(s: LinkState, links: readonly unknown[], offset: number): LinkState {
  const ix = indexOf(s);
  for (let i = 0; i < links.length; i++) addLinkIndexed(s, ix, links[i], offset + i);
  return s;
}

function knownType(ix: Index, type: string): boolean {
  const names = ix.typeNames;
  for (let i = 0; i < names.length; i++) if (names[i] === type) return true;
  return false;
}

function addLinkIndexed(s: LinkState, ix: Index, link: unknown, row: number): LinkState {
  if (row + 1 > s.rows) s.rows = row + 1;
  const l = link as { identifiers?: unknown; source?: unknown; time?: unknown } | null;
  // Fast shape check; zod only to describe a failure.
  if (typeof l !== 'object' || l === null || !Array.isArray(l.identifiers) || !SOURCES_OK(l.source) || !(l.time === undefined || (typeof l.time === 'number' && Number.isFinite(l.time)))) {
    return rejectShape(s, link, row);
  }
  const idents = l.identifiers as unknown[];
  if (idents.length === 0) {
    s.rejected.push({ row, reason: 'empty-link', message: `links[${row}] has no identifiers` });
    return s;
  }
  for (const x of idents) {
    const id = x as { type?: unknown; value?: unknown } | null;
    if (typeof id !== 'object' || id === null || typeof id.type !== 'string' || typeof id.value !== 'string' || !(knownType(ix, id.type) || TYPE_RE.test(id.type))) {
      return rejectShape(s, link, row);
    }
  }
  const out = ix.out;
  const ids = ix.scratch;
  ids.length = 0;
  for (let j = 0; j < idents.length; j++) {
    const id = idents[j] as Identifier;
    const r = intern(s, ix, id.type, id.value, out);
    if (r >= 0) { ids.push(r); continue; }
    const reason = REASONS[-1 - r]!;
    const why = reason === 'invalid-identifier' ? ix.reasons.pop() ?? 'invalid value' : reason === 'junk' ? 'a junk value (placeholder, empty or all-zero)' : 'a blocked value';
    s.rejected.push({ row, identifier: j, type: id.type, reason, message: `links[${row}].identifiers[${j}] (${id.type} ${maskValue(id.value)}): ${why}` });
  }
  if (ids.length > 0) {
    const t = typeof l.time === 'number' ? l.time : NaN;
    insertLink(s, ix, ids, 1, row, t, t, typeof l.source === 'string' ? l.source : null);
  }
  return s;
}

function rejectShape(s: LinkState, link: unknown, row: number): LinkState {
  const r = IdentityLinkSchema.safeParse(link);
  const issue = r.success ? undefined : r.error.issues[0];
  const where = issue ? formatPath(['links', row, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))]) : `links[${row}]`;
  s.rejected.push({ row, reason: 'invalid-link', message: `${where}: ${issue?.message ?? 'not a link'}` });
  return s;
}

function sameConfig(a: LinkConfig, b: LinkConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function cloneState(a: LinkState): LinkState {
  return {
    kind: a.kind, version: a.version, config: a.config, rows: a.rows, types: a.types.slice(), idType: a.idType.slice(), idValue: a.idValue.slice(),
    linkStart: a.linkStart.slice(), linkIds: a.linkIds.slice(), linkCount: a.linkCount.slice(), linkFirstRow: a.linkFirstRow.slice(),
    linkTimeMin: a.linkTimeMin.slice(), linkTimeMax: a.linkTimeMax.slice(), linkSource: a.linkSource.slice(), rejected: a.rejected.slice(),
  };
}

function rowOrder(x: RejectedRow, y: RejectedRow): number {
  return x.row - y.row || (x.identifier ?? -1) - (y.identifier ?? -1);
}

/**
 * Merges two link states (neither is mutated): the union of their links (counts added, first/last
 * times and first source combined, first row the smaller) and of their rejected rows.
 * Associative and commutative up to the order of internal tables. O(I + L) for the second
 * state's identifiers and links.
 * @param a - a link state (copied, not mutated).
 * @param b - another link state (not mutated).
 * @returns the merged state.
 * @throws AudienceKitError `INVALID_OPTION` when the states were built with different normalization or blocked rules.
 * @example
 * const merged = mergeLinkStates(resolveIdentities(shard1).state, resolveIdentities(shard2).state);
 * identityLinkSummary().finish(merged); // => the graph of shard1 + shard2
 */
export function mergeLinkStates(a: LinkState, b: LinkState): LinkState {
  if (!sameConfig(a.config, b.config)) {
    throw new AudienceKitError('INVALID_OPTION', 'Cannot merge identity link states built with different normalization options or blocked values');
  }
  const s = cloneState(a);
  const ix = indexOf(s);
  const map = new Int32Array(b.idValue.length);
  for (let i = 0; i < b.idValue.length; i++) {
    const type = b.types[b.idType[i]!]!;
    const values = valuesOf(s, ix, type);
    let id = values.get(b.idValue[i]!);
    if (id === undefined) {
      id = s.idValue.length;
      s.idValue.push(b.idValue[i]!);
      s.idType.push(ix.types.get(type)!);
      values.set(b.idValue[i]!, id);
    }
    map[i] = id;
  }
  for (let k = 0; k + 1 < b.linkStart.length; k++) {
    const ids: number[] = [];
    for (let p = b.linkStart[k]!; p < b.linkStart[k + 1]!; p++) ids.push(map[b.linkIds[p]!]!);
    insertLink(s, ix, ids, b.linkCount[k]!, b.linkFirstRow[k]!, b.linkTimeMin[k]!, b.linkTimeMax[k]!, b.linkSource[k] ?? null);
  }
  for (const r of b.rejected) s.rejected.push(r);
  s.rejected.sort(rowOrder);
  s.rows = Math.max(a.rows, b.rows);
  return s;
}

const Nullable = <T extends z.ZodType>(t: T) => z.union([t, z.null()]);
const RejectedSchema = z.object({
  row: z.number().int().min(0),
  identifier: z.number().int().min(0).optional(),
  type: z.string().optional(),
  reason: z.enum(['invalid-link', 'empty-link', 'invalid-identifier', 'junk', 'blocked']),
  message: z.string(),
});
const Int = z.number().int().min(0);

/** Zod schema of a stored {@link LinkState} (shape; cross-field checks run in {@link linkStateFromJSON}). */
export const LinkStateSchema = z.object({
  kind: z.literal('audience-kit/identity-links'),
  version: z.literal(1),
  config: z.object({
    defaultCountryCode: z.string(),
    gmailCanonical: z.boolean(),
    blocked: z.array(z.union([z.object({ value: z.string() }), z.object({ pattern: z.string(), flags: z.string() })])),
  }),
  rows: Int,
  types: z.array(IdentifierTypeSchema),
  idType: z.array(Int),
  idValue: z.array(z.string()),
  linkStart: z.array(Int),
  linkIds: z.array(Int),
  linkCount: z.array(z.number().int().min(1)),
  linkFirstRow: z.array(Int),
  linkTimeMin: z.array(Nullable(z.number())),
  linkTimeMax: z.array(Nullable(z.number())),
  linkSource: z.array(Nullable(z.string())),
  rejected: z.array(RejectedSchema),
});

/**
 * Validates a stored link state (from `JSON.parse`) and returns a fresh copy: shape by
 * {@link LinkStateSchema}, then the cross-field framing (lengths, id ranges). O(I + L).
 * @param json - the parsed JSON.
 * @returns the link state (JSON `null` times back to `NaN`).
 * @throws AudienceKitError `INVALID_MODEL` naming the field that is wrong.
 * @example
 * const state = linkStateFromJSON(JSON.parse(stored)); // => LinkState, or throws INVALID_MODEL
 */
export function linkStateFromJSON(json: unknown): LinkState {
  const r = LinkStateSchema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new AudienceKitError('INVALID_MODEL', `Invalid identity link state: ${formatPath(i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)))}: ${i.message}`);
  }
  const s = r.data;
  const bad = (what: string): never => { throw new AudienceKitError('INVALID_MODEL', `Invalid identity link state: ${what}`); };
  const n = s.idValue.length, m = s.linkCount.length;
  if (s.idType.length !== n) bad('idType and idValue differ in length');
  for (const t of s.idType) if (t >= s.types.length) bad('idType points past types');
  if (s.linkStart.length !== m + 1 || s.linkStart[0] !== 0 || s.linkStart[m] !== s.linkIds.length) bad('linkStart does not frame linkIds');
  for (let k = 0; k < m; k++) if (s.linkStart[k + 1]! <= s.linkStart[k]!) bad(`link ${k} is empty or out of order`);
  for (const id of s.linkIds) if (id >= n) bad('linkIds points past the identifiers');
  if (s.linkFirstRow.length !== m || s.linkTimeMin.length !== m || s.linkTimeMax.length !== m || s.linkSource.length !== m) bad('link columns differ in length');
  const time = (a: (number | null)[]) => a.map((t) => t ?? NaN);
  const state = cloneState({ ...s, linkTimeMin: time(s.linkTimeMin), linkTimeMax: time(s.linkTimeMax) } as LinkState);
  indexOf(state); // builds the index; also detects nothing more, duplicates merge on the next insert
  return state;
}


/** True for a state built in this process (its index exists), which needs no re-validation. @internal */
export function isIndexed(s: unknown): s is LinkState {
  return typeof s === 'object' && s !== null && indexes.has(s as LinkState);
}

/** The identifier id of a raw or normalized `type:value` key seen by the state, or −1. @internal */
export function lookupKey(s: LinkState, key: string): number {
  const c = key.indexOf(':');
  const id = c < 0 ? undefined : indexOf(s).byType.get(key.slice(0, c))?.get(key.slice(c + 1));
  return id ?? -1;
}
