import { z } from 'zod';
import { AudienceKitError, formatPath, maskValue } from '../../core/index.js';
import { IdentifierTypeSchema, IdentityLinkSchema, type Identifier } from './identifier.js';
import { normalizeValue } from './normalizeIdentifier.js';
import { KeyTable, hashString } from './internal/keyTable.js';
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
 * rows. JSON data. Identifier `i` is `types[idType[i]] : idValue[i]`; link `k` holds
 * identifiers `linkIds[linkStart[k] .. linkStart[k+1])`. In a state built by this module the
 * number and source columns (`idType`, `linkStart`, `linkIds`, `linkCount`, `linkFirstRow`,
 * `linkTimeMin`, `linkTimeMax`, `linkSource`) are enumerable getters over typed arrays: the first
 * read after a change builds a frozen plain array (a read-only snapshot; writing into it throws in
 * strict code and never changes the state). `JSON.stringify` and spreading see plain arrays. A
 * state read from JSON is never given getters by lookups; `add` refuses a sealed or frozen state.
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

/** The state's number/source columns, kept in the working index and materialized as plain arrays on demand. */
const COLUMNS = ['idType', 'linkStart', 'linkIds', 'linkCount', 'linkFirstRow', 'linkTimeMin', 'linkTimeMax', 'linkSource'] as const;
type Column = (typeof COLUMNS)[number];

/**
 * The working index of a link state, built once per state object and kept beside it: per-type
 * intern tables ({@link KeyTable}) and the identifier-type and link columns as typed arrays grown
 * by doubling — the hot loops read and append these, not JS arrays. The state object shows the
 * same columns as plain arrays (`idType`, `linkStart`, … are enumerable getters, so the state
 * stays JSON data), built from the typed columns when first read after a change.
 * Measured on the 1M-link bench (loaded 2-core VM, same process): eight `number[]` columns grown by
 * `push` cost about as much as the whole interning, mostly in the garbage collector tracing and
 * copying the growing arrays; typed columns cost neither (docs/identity.md "Where the time goes").
 */
interface Index {
  /** type name → type id. */
  readonly types: Map<string, number>;
  /** Per type id: raw or normalized value → identifier id. Normalization is idempotent, so both spellings are safe keys. */
  readonly tables: KeyTable[];
  /** Identifier id → type id (capacity ≥ identifiers; `s.idValue.length` is the count). */
  idType: Int32Array;
  /** Links: `m` distinct links; link k holds `lIds[lStart[k] .. lStart[k+1])`. */
  m: number;
  lStart: Int32Array;
  lIds: Int32Array;
  lCount: Float64Array;
  lFirstRow: Float64Array;
  /** First and last time per link, epoch ms; `NaN` when the link had no time. */
  lTimeMin: Float64Array;
  lTimeMax: Float64Array;
  /** Source of the first observation: an index into `sources`, −1 for none. */
  lSource: Int32Array;
  readonly sources: string[];
  readonly sourceIndex: Map<string, number>;
  lastSource: string | undefined;
  lastSourceIndex: number;
  /** Links in the running `addLinks` batch and how many are done (0 outside a batch): sizes the intern tables. */
  batchLinks: number;
  batchDone: number;
  /** Identifiers (`s.idValue.length` when the index is current). */
  n: number;
  /** True when the state's columns are getters over this index (a state this module built or adds to). */
  owned: boolean;
  /** Bumped on every change; a materialized column is reused while its version matches. */
  version: number;
  readonly cache: Map<Column, { version: number; array: unknown[] }>;
  /** Open-addressing hash table of distinct links (link index + 1; 0 = empty), keyed by their sorted ids. */
  table: Int32Array;
  readonly reasons: string[];
  scratch: Int32Array;
  typeScratch: Int32Array;
  readonly out: string[];
  readonly blockedValues: Set<string>;
  /** Compiled once per state; sticky/global flags dropped so `test` keeps no state between calls. */
  readonly blockedPatterns: RegExp[];
}

const indexes = new WeakMap<LinkState, Index>();

/** Hash of a sorted id tuple (multiply-xorshift per id, murmur3 finalizer). */
function tupleHash(ids: Int32Array, from: number, to: number): number {
  let h = 0x9747b28c;
  for (let i = from; i < to; i++) h = Math.imul(h ^ ids[i]!, 0x5bd1e995) ^ (h >>> 15);
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return h >>> 0;
}

function rehash(ix: Index, size: number): void {
  const table = new Int32Array(size);
  const mask = size - 1;
  const start = ix.lStart, ids = ix.lIds;
  for (let k = 0; k < ix.m; k++) {
    let slot = tupleHash(ids, start[k]!, start[k + 1]!) & mask;
    while (table[slot] !== 0) slot = (slot + 1) & mask;
    table[slot] = k + 1;
  }
  ix.table = table;
}

/** `a`, or a copy with room for `need` elements: doubling for steady growth; a reservation far past the current size is taken exactly. */
function grown<A extends Int32Array | Float64Array>(a: A, need: number, make: (length: number) => A): A {
  if (need <= a.length) return a;
  const b = make(need > 2 * a.length ? need : Math.max(16, 2 * a.length));
  b.set(a);
  return b;
}
const grownInt = (a: Int32Array, need: number): Int32Array => grown(a, need, (n) => new Int32Array(n));
const grownFloat = (a: Float64Array, need: number): Float64Array => grown(a, need, (n) => new Float64Array(n));

/** Makes room for `links` links in every link column (they may have different lengths; each is checked). */
function ensureLinks(ix: Index, links: number): void {
  if (links + 1 > ix.lStart.length) ix.lStart = grownInt(ix.lStart, links + 1);
  if (links > ix.lCount.length) ix.lCount = grownFloat(ix.lCount, links);
  if (links > ix.lFirstRow.length) ix.lFirstRow = grownFloat(ix.lFirstRow, links);
  if (links > ix.lTimeMin.length) ix.lTimeMin = grownFloat(ix.lTimeMin, links);
  if (links > ix.lTimeMax.length) ix.lTimeMax = grownFloat(ix.lTimeMax, links);
  if (links > ix.lSource.length) ix.lSource = grownInt(ix.lSource, links);
}

function sourceIndexOf(ix: Index, source: string | null): number {
  if (source === null) return -1;
  if (source === ix.lastSource) return ix.lastSourceIndex;
  let i = ix.sourceIndex.get(source);
  if (i === undefined) { i = ix.sources.length; ix.sources.push(source); ix.sourceIndex.set(source, i); }
  ix.lastSource = source;
  ix.lastSourceIndex = i;
  return i;
}

function blankIndex(): Index {
  return {
    types: new Map(), tables: [], idType: new Int32Array(16), m: 0,
    lStart: new Int32Array(16), lIds: new Int32Array(16), lCount: new Float64Array(16), lFirstRow: new Float64Array(16),
    lTimeMin: new Float64Array(16), lTimeMax: new Float64Array(16), lSource: new Int32Array(16),
    sources: [], sourceIndex: new Map(), lastSource: undefined, lastSourceIndex: -1, batchLinks: 0, batchDone: 0, n: 0, owned: false, version: 0, cache: new Map(),
    table: new Int32Array(0), reasons: [], scratch: new Int32Array(16), typeScratch: new Int32Array(16), out: [''],
    blockedValues: new Set(), blockedPatterns: [],
  };
}

function compileBlocked(ix: Index, config: LinkConfig): void {
  for (const b of config.blocked) {
    if ('value' in b) ix.blockedValues.add(b.value);
    else ix.blockedPatterns.push(new RegExp(b.pattern, b.flags.replace('g', '').replace('y', '')));
  }
}

/** Builds the index of a state that holds its columns as plain arrays (new, from JSON, or built by hand). */
function buildIndex(s: LinkState): Index {
  const n = s.idValue.length, m = s.linkCount.length, links = s.linkIds.length;
  const ix = blankIndex();
  s.types.forEach((t, i) => { ix.types.set(t, i); ix.tables.push(new KeyTable(s.idValue)); });
  ix.idType = grownInt(ix.idType, n);
  ix.n = n;
  for (let i = 0; i < n; i++) {
    const t = s.idType[i]!, h = hashString(s.idValue[i]!);
    ix.idType[i] = t;
    if (ix.tables[t]!.get(s.idValue[i]!, h) < 0) ix.tables[t]!.addIdentifier(h, i);
  }
  ensureLinks(ix, m);
  ix.lIds = grownInt(ix.lIds, links);
  ix.m = m;
  for (let k = 0; k <= m; k++) ix.lStart[k] = s.linkStart[k]!;
  for (let p = 0; p < links; p++) ix.lIds[p] = s.linkIds[p]!;
  // A state read back from JSON holds `null` for "no time": NaN in the typed columns (a Float64Array would store 0).
  const tMin = s.linkTimeMin as readonly (number | null)[], tMax = s.linkTimeMax as readonly (number | null)[];
  for (let k = 0; k < m; k++) {
    ix.lCount[k] = s.linkCount[k]!;
    ix.lFirstRow[k] = s.linkFirstRow[k]!;
    ix.lTimeMin[k] = tMin[k] ?? NaN;
    ix.lTimeMax[k] = tMax[k] ?? NaN;
    ix.lSource[k] = sourceIndexOf(ix, s.linkSource[k] ?? null);
  }
  compileBlocked(ix, s.config);
  let size = 1024;
  while (size < 2 * m + 2) size *= 2;
  rehash(ix, size);
  return ix;
}

/** A plain array of one column, from the typed columns. */
function materialize(s: LinkState, ix: Index, col: Column): unknown[] {
  const hit = ix.cache.get(col);
  if (hit && hit.version === ix.version) return hit.array;
  const m = ix.m;
  let a: unknown[];
  const copy = (src: Int32Array | Float64Array, len: number): number[] => { const out = new Array<number>(len); for (let i = 0; i < len; i++) out[i] = src[i]!; return out; };
  switch (col) {
    case 'idType': a = copy(ix.idType, s.idValue.length); break;
    case 'linkStart': a = copy(ix.lStart, m + 1); break;
    case 'linkIds': a = copy(ix.lIds, ix.lStart[m]!); break;
    case 'linkCount': a = copy(ix.lCount, m); break;
    case 'linkFirstRow': a = copy(ix.lFirstRow, m); break;
    case 'linkTimeMin': a = copy(ix.lTimeMin, m); break;
    case 'linkTimeMax': a = copy(ix.lTimeMax, m); break;
    case 'linkSource': {
      const out = new Array<string | null>(m);
      for (let k = 0; k < m; k++) { const i = ix.lSource[k]!; out[k] = i < 0 ? null : ix.sources[i]!; }
      a = out;
      break;
    }
  }
  // Frozen: the snapshot is shared by every read until the next change, so it must not be written into.
  Object.freeze(a);
  ix.cache.set(col, { version: ix.version, array: a });
  return a;
}

/**
 * Registers the index of a state this module owns (one it built, or the accumulator of an `add`)
 * and turns its column fields into enumerable getters over it.
 */
function attach(s: LinkState, ix: Index): void {
  indexes.set(s, ix);
  ix.owned = true;
  for (const col of COLUMNS) Object.defineProperty(s, col, { enumerable: true, configurable: true, get: () => materialize(s, ix, col) });
}

/** The index of `s` when it is current: owned, or built for reading and the state's sizes unchanged since. */
function currentIndex(s: LinkState): Index | undefined {
  const ix = indexes.get(s);
  return ix !== undefined && (ix.owned || (ix.n === s.idValue.length && ix.m === s.linkCount.length)) ? ix : undefined;
}

/**
 * The index of `s` for reading. A state this module did not build (e.g. a graph read back with
 * `JSON.parse`) is never touched: its index is kept beside it, its arrays stay its own.
 */
function indexOf(s: LinkState): Index {
  let ix = currentIndex(s);
  if (!ix) { ix = buildIndex(s); indexes.set(s, ix); }
  return ix;
}

/**
 * The index of `s` for adding to it: the accumulator becomes owned (its columns turn into getters).
 * A sealed or frozen state (or one with frozen arrays) cannot grow and is refused.
 */
function ownIndex(s: LinkState): Index {
  const ix = currentIndex(s);
  if (ix?.owned === true && Object.isExtensible(s) && Object.isExtensible(s.idValue)) return ix;
  if (!Object.isExtensible(s) || !Object.isExtensible(s.idValue) || !Object.isExtensible(s.types) || !Object.isExtensible(s.rejected)) {
    throw new AudienceKitError('INVALID_INPUT', 'identity link state: cannot add to a sealed or frozen state; start from empty() or fromJSON(...)');
  }
  const own = ix ?? buildIndex(s);
  attach(s, own);
  return own;
}

/** Built-in junk values (compared lower-cased after trimming). */
const JUNK = new Set(['unknown', 'anonymous', 'null', 'undefined', 'none', 'nil', 'n/a', 'na', '-1', 'test', '(null)', '[null]']);
const ALL_ZERO = /^[0\-_.:]*0[0\-_.:]*$/;
const JUNK_MAX = Math.max(...[...JUNK].map((w) => w.length));

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

/** Inserts a link of the `w` (already interned, any order, possibly repeated) ids in `ix.scratch`. */
function insertLink(ix: Index, w0: number, count: number, row: number, tMin: number, tMax: number, source: string | null): void {
  const ids = ix.scratch;
  // Sort ascending and drop repeats (links are tiny: insertion sort).
  for (let i = 1; i < w0; i++) {
    const v = ids[i]!;
    let j = i - 1;
    while (j >= 0 && ids[j]! > v) { ids[j + 1] = ids[j]!; j--; }
    ids[j + 1] = v;
  }
  let w = 0;
  for (let i = 0; i < w0; i++) if (i === 0 || ids[i] !== ids[w - 1]) ids[w++] = ids[i]!;
  const table = ix.table;
  const mask = table.length - 1;
  let slot = tupleHash(ids, 0, w) & mask;
  const linkIds = ix.lIds, linkStart = ix.lStart;
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
    const n = ix.m;
    ensureLinks(ix, n + 1);
    const p = ix.lStart[n]!;
    if (p + w > ix.lIds.length) ix.lIds = grownInt(ix.lIds, p + w);
    const out = ix.lIds;
    for (let i = 0; i < w; i++) out[p + i] = ids[i]!;
    ix.lStart[n + 1] = p + w;
    ix.lCount[n] = count;
    ix.lFirstRow[n] = row;
    ix.lTimeMin[n] = tMin;
    ix.lTimeMax[n] = tMax;
    ix.lSource[n] = sourceIndexOf(ix, source);
    ix.m = n + 1;
    ix.version++;
    table[slot] = n + 1;
    if (2 * (n + 1) > table.length) rehash(ix, table.length * 2);
    return;
  }
  // A link seen again.
  ix.version++;
  ix.lCount[k] = ix.lCount[k]! + count;
  if (row < ix.lFirstRow[k]!) ix.lFirstRow[k] = row;
  const si = ix.lSource[k]!;
  if (earlier(tMin, source, ix.lTimeMin[k]!, si < 0 ? null : ix.sources[si]!)) { ix.lTimeMin[k] = tMin; ix.lSource[k] = sourceIndexOf(ix, source); }
  const mx = ix.lTimeMax[k]!;
  if (!Number.isNaN(tMax) && (Number.isNaN(mx) || tMax > mx)) ix.lTimeMax[k] = tMax;
}

/** The type id of a type name, or −1 when the state has not seen it. */
function typeIndexOf(s: LinkState, ix: Index, type: string): number {
  // A linear scan over the first few types beats a Map lookup per identifier occurrence.
  const names = s.types, k = Math.min(names.length, 16);
  for (let i = 0; i < k; i++) if (names[i] === type) return i;
  return k < names.length ? ix.types.get(type) ?? -1 : -1;
}

function typeId(s: LinkState, ix: Index, type: string): number {
  let t = ix.types.get(type);
  if (t === undefined) { t = s.types.length; s.types.push(type); ix.types.set(type, t); ix.tables.push(new KeyTable(s.idValue)); }
  return t;
}

function isBlocked(ix: Index, type: string, value: string): boolean {
  if (ix.blockedValues.size === 0 && ix.blockedPatterns.length === 0) return false;
  if (ix.blockedValues.has(value) || ix.blockedValues.has(`${type}:${value}`)) return true;
  for (const re of ix.blockedPatterns) if (re.test(value)) return true;
  return false;
}

/** A new identifier id for a normalized value of type t. */
function newIdentifier(s: LinkState, ix: Index, t: number, norm: string): number {
  const id = s.idValue.length;
  s.idValue.push(norm);
  ix.n = id + 1;
  if (id >= ix.idType.length) ix.idType = grownInt(ix.idType, id + 1);
  ix.idType[id] = t;
  ix.version++;
  return id;
}

const REASONS: RejectReason[] = ['invalid-identifier', 'junk', 'blocked'];

/**
 * Interns a raw identifier of type id `t`: its id, or −1 − (reason code) with the message left in
 * `ix.reasons`. A value seen before (raw or normalized) costs one hash pass and one table probe.
 */
function intern(s: LinkState, ix: Index, t: number, value: string): number {
  const values = ix.tables[t]!;
  const h = hashString(value);
  const hit = values.get(value, h);
  if (hit >= 0) return hit;
  const cfg = s.config, type = s.types[t]!, out = ix.out;
  let code: number;
  const trimmed = value.trim();
  // Junk words are short: only those are lower-cased (no string built for a long value).
  if (trimmed === '' || (trimmed.length <= JUNK_MAX && JUNK.has(trimmed.toLowerCase())) || ALL_ZERO.test(trimmed)) code = 1;
  else {
    const why = normalizeValue(type, value, cfg.defaultCountryCode, cfg.gmailCanonical, out);
    if (why !== undefined) { code = 0; ix.reasons.push(why); }
    else {
      const norm = out[0]!;
      if (isBlocked(ix, type, norm)) code = 2;
      else {
        // `value` missed above, so when it is already normal the identifier is new (one lookup saved).
        if (norm === value) {
          const id = newIdentifier(s, ix, t, norm);
          if (values.full()) values.reserve(expectedKeys(ix, values.size));
          values.addIdentifier(h, id);
          return id;
        }
        const hn = hashString(norm);
        let id = values.get(norm, hn);
        if (values.full()) values.reserve(expectedKeys(ix, values.size + 1));
        if (id < 0) { id = newIdentifier(s, ix, t, norm); values.addIdentifier(hn, id); }
        values.addAlias(value, h, id);
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
 * @throws AudienceKitError `INVALID_INPUT` for a sealed or frozen state (it could not grow consistently).
 */
export function addLink(s: LinkState, link: unknown, row: number): LinkState {
  addLinkIndexed(s, ownIndex(s), link, row);
  return s;
}

/** Adds every link of `links` with rows `offset + i` (one index lookup for the batch). @internal */
export function addLinks(s: LinkState, links: readonly unknown[], offset: number): LinkState {
  const ix = ownIndex(s);
  reserveLinks(ix, links);
  ix.batchLinks = links.length;
  for (let i = 0; i < links.length; i++) { ix.batchDone = i + 1; addLinkIndexed(s, ix, links[i], offset + i); }
  ix.batchLinks = 0;
  return s;
}

/**
 * Sizes the link columns and the link table once for a batch (every link new, all its
 * identifiers kept), instead of doubling them on the way: each doubling of a large typed array
 * is fresh external memory, which V8 answers with extra garbage collections of the whole heap.
 */
function reserveLinks(ix: Index, links: readonly unknown[]): void {
  let occurrences = 0;
  for (let i = 0; i < links.length; i++) {
    const ids = (links[i] as { identifiers?: unknown } | null)?.identifiers;
    if (Array.isArray(ids)) occurrences += ids.length;
  }
  const m = ix.m + links.length;
  ensureLinks(ix, m);
  ix.lIds = grownInt(ix.lIds, ix.lStart[ix.m]! + occurrences);
  let size = ix.table.length;
  while (2 * (m + 1) > size) size *= 2;
  if (size > ix.table.length) rehash(ix, size);
}

/**
 * Keys a growing intern table should make room for: its size extrapolated to the end of the
 * batch (clamped to 2–8× its size), so a million-key table grows a few times, not twenty.
 */
function expectedKeys(ix: Index, size: number): number {
  if (ix.batchLinks === 0 || ix.batchDone === 0) return 2 * size;
  return Math.min(8 * size, Math.max(2 * size, Math.ceil((size * ix.batchLinks) / ix.batchDone)));
}

function addLinkIndexed(s: LinkState, ix: Index, link: unknown, row: number): void {
  if (row + 1 > s.rows) s.rows = row + 1;
  const l = link as { identifiers?: unknown; source?: unknown; time?: unknown } | null;
  // Fast shape check; zod only to describe a failure.
  if (typeof l !== 'object' || l === null || !Array.isArray(l.identifiers) || !SOURCES_OK(l.source) || !(l.time === undefined || (typeof l.time === 'number' && Number.isFinite(l.time)))) {
    rejectShape(s, link, row);
    return;
  }
  const idents = l.identifiers as unknown[];
  const len = idents.length;
  if (len === 0) {
    s.rejected.push({ row, reason: 'empty-link', message: `links[${row}] has no identifiers` });
    return;
  }
  if (len > ix.scratch.length) { ix.scratch = grownInt(ix.scratch, len); ix.typeScratch = grownInt(ix.typeScratch, len); }
  const tix = ix.typeScratch;
  for (let j = 0; j < len; j++) {
    const id = idents[j] as { type?: unknown; value?: unknown } | null;
    if (typeof id !== 'object' || id === null || typeof id.type !== 'string' || typeof id.value !== 'string') { rejectShape(s, link, row); return; }
    const t = typeIndexOf(s, ix, id.type);
    if (t < 0 && !TYPE_RE.test(id.type)) { rejectShape(s, link, row); return; }
    tix[j] = t;
  }
  const ids = ix.scratch;
  let w = 0;
  for (let j = 0; j < len; j++) {
    const id = idents[j] as Identifier;
    let t = tix[j]!;
    if (t < 0) t = typeId(s, ix, id.type);
    const r = intern(s, ix, t, id.value);
    if (r >= 0) { ids[w++] = r; continue; }
    const reason = REASONS[-1 - r]!;
    const why = reason === 'invalid-identifier' ? ix.reasons.pop() ?? 'invalid value' : reason === 'junk' ? 'a junk value (placeholder, empty or all-zero)' : 'a blocked value';
    s.rejected.push({ row, identifier: j, type: id.type, reason, message: `links[${row}].identifiers[${j}] (${id.type} ${maskValue(id.value)}): ${why}` });
  }
  if (w > 0) {
    const t = typeof l.time === 'number' ? l.time : NaN;
    insertLink(ix, w, 1, row, t, t, typeof l.source === 'string' ? l.source : null);
  }
}

function rejectShape(s: LinkState, link: unknown, row: number): void {
  const r = IdentityLinkSchema.safeParse(link);
  const issue = r.success ? undefined : r.error.issues[0];
  const where = issue ? formatPath(['links', row, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))]) : `links[${row}]`;
  s.rejected.push({ row, reason: 'invalid-link', message: `${where}: ${issue?.message ?? 'not a link'}` });
}

function sameConfig(a: LinkConfig, b: LinkConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A copy of a state: an indexed one copies its typed columns and tables (no plain arrays built). */
function cloneState(a: LinkState): LinkState {
  const ax = currentIndex(a);
  if (ax === undefined) {
    return {
      kind: a.kind, version: a.version, config: a.config, rows: a.rows, types: a.types.slice(), idType: a.idType.slice(), idValue: a.idValue.slice(),
      linkStart: a.linkStart.slice(), linkIds: a.linkIds.slice(), linkCount: a.linkCount.slice(), linkFirstRow: a.linkFirstRow.slice(),
      linkTimeMin: a.linkTimeMin.slice(), linkTimeMax: a.linkTimeMax.slice(), linkSource: a.linkSource.slice(), rejected: a.rejected.slice(),
    };
  }
  const s = { ...emptyLinkState(a.config), rows: a.rows, types: a.types.slice(), idValue: a.idValue.slice(), rejected: a.rejected.slice() };
  const ix = blankIndex();
  a.types.forEach((t, i) => ix.types.set(t, i));
  for (const t of ax.tables) ix.tables.push(t.clone(s.idValue));
  ix.idType = ax.idType.slice();
  ix.n = s.idValue.length;
  ix.m = ax.m;
  ix.lStart = ax.lStart.slice(); ix.lIds = ax.lIds.slice(); ix.lCount = ax.lCount.slice(); ix.lFirstRow = ax.lFirstRow.slice();
  ix.lTimeMin = ax.lTimeMin.slice(); ix.lTimeMax = ax.lTimeMax.slice(); ix.lSource = ax.lSource.slice();
  ax.sources.forEach((src, i) => { ix.sources.push(src); ix.sourceIndex.set(src, i); });
  ix.table = ax.table.slice();
  compileBlocked(ix, s.config);
  attach(s, ix);
  return s;
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
  const ix = ownIndex(s);
  const map = new Int32Array(b.idValue.length);
  // b's typed columns (no plain arrays built; a state not built here gets a read-only index, b untouched).
  const bc = linkColumns(b);
  const bType = bc.idType, bStart = bc.linkStart, bIds = bc.linkIds, bCount = bc.linkCount, bFirst = bc.linkFirstRow, bMin = bc.linkTimeMin, bMax = bc.linkTimeMax;
  for (let i = 0; i < b.idValue.length; i++) {
    const t = typeId(s, ix, b.types[bType[i]!]!);
    const values = ix.tables[t]!;
    const v = b.idValue[i]!, h = hashString(v);
    let id = values.get(v, h);
    if (id < 0) { id = newIdentifier(s, ix, t, v); values.addIdentifier(h, id); }
    map[i] = id;
  }
  for (let k = 0; k + 1 < bStart.length; k++) {
    const from = bStart[k]!, to = bStart[k + 1]!;
    if (to - from > ix.scratch.length) { ix.scratch = grownInt(ix.scratch, to - from); ix.typeScratch = grownInt(ix.typeScratch, to - from); }
    for (let p = from; p < to; p++) ix.scratch[p - from] = map[bIds[p]!]!;
    const source = linkSourceAt(bc, k);
    insertLink(ix, to - from, bCount[k]!, bFirst[k]!, bMin[k]!, bMax[k]!, source);
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
  ownIndex(state); // builds the index (the fresh copy is owned); duplicates merge on the next insert
  return state;
}


/**
 * True for a state this module built in this process and still intact (its columns are the
 * getters over its index, its identifier and type lists the index's size), which needs no
 * re-validation. Anything else — a state read back from JSON, looked up or not, a copy, an edited
 * state — goes through {@link linkStateFromJSON}. O(1). @internal
 */
export function isOwnState(s: unknown): s is LinkState {
  if (typeof s !== 'object' || s === null) return false;
  const ix = indexes.get(s as LinkState);
  if (ix === undefined || !ix.owned) return false;
  const st = s as LinkState;
  if (!Array.isArray(st.idValue) || st.idValue.length !== ix.n || !Array.isArray(st.types) || st.types.length !== ix.types.size) return false;
  for (const col of COLUMNS) if (typeof Object.getOwnPropertyDescriptor(s, col)?.get !== 'function') return false;
  return true;
}

/** The identifier id of a raw or normalized `type:value` key seen by the state, or −1. @internal */
export function lookupKey(s: LinkState, key: string): number {
  const c = key.indexOf(':');
  if (c < 0) return -1;
  const ix = indexOf(s);
  const t = ix.types.get(key.slice(0, c));
  if (t === undefined) return -1;
  const v = key.slice(c + 1);
  return ix.tables[t]!.get(v, hashString(v));
}

/** Typed views of a state's columns (the working index's; read-only by convention). @internal */
export interface LinkColumns {
  readonly idType: Int32Array;
  readonly linkStart: Int32Array;
  readonly linkIds: Int32Array;
  readonly linkCount: Float64Array;
  readonly linkFirstRow: Float64Array;
  readonly linkTimeMin: Float64Array;
  readonly linkTimeMax: Float64Array;
  readonly linkSource: Int32Array;
  readonly sources: readonly string[];
}

/** The typed columns of a state (its index is built if needed). @internal */
export function linkColumns(s: LinkState): LinkColumns {
  const ix = indexOf(s);
  const n = s.idValue.length, m = ix.m;
  return {
    idType: ix.idType.subarray(0, n), linkStart: ix.lStart.subarray(0, m + 1), linkIds: ix.lIds.subarray(0, ix.lStart[m]),
    linkCount: ix.lCount.subarray(0, m), linkFirstRow: ix.lFirstRow.subarray(0, m), linkTimeMin: ix.lTimeMin.subarray(0, m),
    linkTimeMax: ix.lTimeMax.subarray(0, m), linkSource: ix.lSource.subarray(0, m), sources: ix.sources,
  };
}

/** The source of link k, or null. @internal */
export function linkSourceAt(c: LinkColumns, k: number): string | null {
  const i = c.linkSource[k]!;
  return i < 0 ? null : c.sources[i]!;
}
