import { z } from 'zod';
import { AudienceKitError, formatPath, maskValue } from '../../core/index.js';
import { IdentityLinkSchema, type Identifier } from './identifier.js';
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
  readonly linkTimeMin: (number | null)[];
  readonly linkTimeMax: (number | null)[];
  readonly linkSource: (string | null)[];
  readonly rejected: RejectedRow[];
}

interface Index {
  /** raw or normalized `type:value` → identifier id (>= 0), or −1 − reason code for a rejected raw key. */
  readonly ids: Map<string, number>;
  readonly types: Map<string, number>;
  /** `id,id,…` (sorted ids) → link index. */
  readonly links: Map<string, number>;
  readonly reasons: string[];
}

const indexes = new WeakMap<LinkState, Index>();

function buildIndex(s: LinkState): Index {
  const types = new Map<string, number>();
  s.types.forEach((t, i) => types.set(t, i));
  const ids = new Map<string, number>();
  for (let i = 0; i < s.idValue.length; i++) ids.set(`${s.types[s.idType[i]!]!}:${s.idValue[i]!}`, i);
  const links = new Map<string, number>();
  for (let k = 0; k + 1 < s.linkStart.length; k++) links.set(s.linkIds.slice(s.linkStart[k], s.linkStart[k + 1]).join(','), k);
  return { ids, types, links, reasons: [] };
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

function earlier(t1: number | null, s1: string | null, t2: number | null, s2: string | null): boolean {
  const a = t1 ?? Infinity, b = t2 ?? Infinity;
  if (a !== b) return a < b;
  return (s1 ?? '') < (s2 ?? '');
}

/** Inserts a link of (already interned, any order, possibly repeated) ids. */
function insertLink(s: LinkState, ix: Index, ids: number[], count: number, row: number, tMin: number | null, tMax: number | null, source: string | null): void {
  // Sort ascending and drop repeats (links are tiny: insertion sort).
  for (let i = 1; i < ids.length; i++) {
    const v = ids[i]!;
    let j = i - 1;
    while (j >= 0 && ids[j]! > v) { ids[j + 1] = ids[j]!; j--; }
    ids[j + 1] = v;
  }
  let w = 0;
  for (let i = 0; i < ids.length; i++) if (i === 0 || ids[i] !== ids[w - 1]) ids[w++] = ids[i]!;
  ids.length = w;
  const key = ids.join(',');
  const k = ix.links.get(key);
  if (k === undefined) {
    ix.links.set(key, s.linkCount.length);
    for (const id of ids) s.linkIds.push(id);
    s.linkStart.push(s.linkIds.length);
    s.linkCount.push(count);
    s.linkFirstRow.push(row);
    s.linkTimeMin.push(tMin);
    s.linkTimeMax.push(tMax);
    s.linkSource.push(source);
    return;
  }
  s.linkCount[k] = s.linkCount[k]! + count;
  if (row < s.linkFirstRow[k]!) s.linkFirstRow[k] = row;
  if (earlier(tMin, source, s.linkTimeMin[k] ?? null, s.linkSource[k] ?? null)) { s.linkTimeMin[k] = tMin; s.linkSource[k] = source; }
  const m = s.linkTimeMax[k] ?? null;
  if (tMax !== null && (m === null || tMax > m)) s.linkTimeMax[k] = tMax;
}

function typeId(s: LinkState, ix: Index, type: string): number {
  let t = ix.types.get(type);
  if (t === undefined) { t = s.types.length; s.types.push(type); ix.types.set(type, t); }
  return t;
}

function isBlocked(cfg: LinkConfig, key: string, value: string): boolean {
  for (const b of cfg.blocked) {
    if ('value' in b) { if (b.value === value || b.value === key) return true; }
    else if (new RegExp(b.pattern, b.flags.replace('g', '').replace('y', '')).test(value)) return true;
  }
  return false;
}

const REASONS: RejectReason[] = ['invalid-identifier', 'junk', 'blocked'];

/**
 * Interns a raw identifier: its id, or −1 − (reason code) with the message left in `ix.reasons`.
 */
function intern(s: LinkState, ix: Index, type: string, value: string, out: string[]): number {
  const rawKey = `${type}:${value}`;
  const hit = ix.ids.get(rawKey);
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
      const key = `${type}:${norm}`;
      if (isBlocked(cfg, key, norm)) code = 2;
      else if (JUNK.has(norm.toLowerCase())) code = 1;
      else {
        let id = ix.ids.get(key);
        if (id === undefined) {
          id = s.idValue.length;
          s.idValue.push(norm);
          s.idType.push(typeId(s, ix, type));
          ix.ids.set(key, id);
        }
        if (key !== rawKey) ix.ids.set(rawKey, id);
        return id;
      }
    }
  }
  // Rejected raw keys are not cached (their message may differ); they are rare.
  return -1 - code;
}

const TYPE_RE = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const SOURCES_OK = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';

/**
 * Adds one link (row `row`) to the state (mutates and returns the owned state). Never throws on a
 * bad row: it is recorded in `rejected` with its reason, values masked.
 */
export function addLink(s: LinkState, link: unknown, row: number): LinkState {
  if (row + 1 > s.rows) s.rows = row + 1;
  const ix = indexOf(s);
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
    if (typeof id !== 'object' || id === null || typeof id.type !== 'string' || typeof id.value !== 'string' || !TYPE_RE.test(id.type)) {
      return rejectShape(s, link, row);
    }
  }
  const out: string[] = [''];
  const ids: number[] = [];
  for (let j = 0; j < idents.length; j++) {
    const id = idents[j] as Identifier;
    const r = intern(s, ix, id.type, id.value, out);
    if (r >= 0) { ids.push(r); continue; }
    const reason = REASONS[-1 - r]!;
    const why = reason === 'invalid-identifier' ? ix.reasons.pop() ?? 'invalid value' : reason === 'junk' ? 'a junk value (placeholder, empty or all-zero)' : 'a blocked value';
    s.rejected.push({ row, identifier: j, type: id.type, reason, message: `links[${row}].identifiers[${j}] (${id.type} ${maskValue(id.value)}): ${why}` });
  }
  if (ids.length > 0) {
    const t = typeof l.time === 'number' ? l.time : null;
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
 * Associative and commutative up to the order of internal tables.
 * @throws AudienceKitError `INVALID_OPTION` when the states were built with different normalization or blocked rules.
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
    const key = `${type}:${b.idValue[i]!}`;
    let id = ix.ids.get(key);
    if (id === undefined) {
      id = s.idValue.length;
      s.idValue.push(b.idValue[i]!);
      s.idType.push(typeId(s, ix, type));
      ix.ids.set(key, id);
    }
    map[i] = id;
  }
  for (let k = 0; k + 1 < b.linkStart.length; k++) {
    const ids: number[] = [];
    for (let p = b.linkStart[k]!; p < b.linkStart[k + 1]!; p++) ids.push(map[b.linkIds[p]!]!);
    insertLink(s, ix, ids, b.linkCount[k]!, b.linkFirstRow[k]!, b.linkTimeMin[k] ?? null, b.linkTimeMax[k] ?? null, b.linkSource[k] ?? null);
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
  types: z.array(z.string()),
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
 * Validates a stored link state (from `JSON.parse`) and returns a fresh copy.
 * @throws AudienceKitError `INVALID_MODEL` naming the field that is wrong.
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
  const state = cloneState(s as LinkState);
  indexOf(state); // builds the index; also detects nothing more, duplicates merge on the next insert
  return state;
}


/** True for a state built in this process (its index exists), which needs no re-validation. @internal */
export function isIndexed(s: unknown): s is LinkState {
  return typeof s === 'object' && s !== null && indexes.has(s as LinkState);
}

/** The identifier id of a raw or normalized `type:value` key seen by the state, or −1. @internal */
export function lookupKey(s: LinkState, key: string): number {
  const id = indexOf(s).ids.get(key);
  return id === undefined || id < 0 ? -1 : id;
}
