import { z } from 'zod';
import { AudienceKitError, parseWith } from '../core/index.js';
import { isReservedState, type JourneyTable } from './journeyTable.js';

/** Options of {@link parsePaths}: the column names and the path separator. */
export const ParsePathsOptionsSchema = z
  .object({
    path: z.string().default('path'),
    conversions: z.string().default('conversions'),
    value: z.string().default('value'),
    nulls: z.string().default('nulls'),
    sep: z.string().min(1).default('>'),
  })
  .strict();

export type ParsePathsOptions = z.input<typeof ParsePathsOptionsSchema>;

/** An ASCII character that String.prototype.trim removes (space, tab, LF, VT, FF, CR). */
function isAsciiBlank(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** String.prototype.trim's whitespace set (WhiteSpace + LineTerminator), by char code. */
function isTrimmed(c: number): boolean {
  return c <= 32 ? c === 32 || (c >= 9 && c <= 13) : c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * Interns channel names straight from the path string's char codes: an open-addressing table
 * keyed by an FNV-1a hash of the trimmed token, compared char by char, so a known channel costs
 * no substring allocation (1M paths: the split/trim/Map version allocated 3.3M strings and took
 * several times longer in the same run).
 */
class ChannelInterner {
  readonly names: string[] = [];
  private table = new Int32Array(64).fill(-1);
  private hashes: number[] = [];

  private static hash(s: string, a: number, b: number): number {
    let h = 0x811c9dc5;
    for (let i = a; i < b; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h >>> 0;
  }

  /** Id of the token `s[a, b)`, or −1 − (new id) when it was just added (the caller checks it). */
  intern(s: string, a: number, b: number): number {
    const h = ChannelInterner.hash(s, a, b);
    const mask = this.table.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const id = this.table[slot]!;
      if (id < 0) {
        const nid = this.names.length;
        this.names.push(s.slice(a, b));
        this.hashes.push(h);
        this.table[slot] = nid;
        if (this.names.length * 2 > this.table.length) this.grow();
        return -1 - nid;
      }
      if (this.hashes[id] === h) {
        const name = this.names[id]!;
        if (name.length === b - a) {
          let same = true;
          for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) !== s.charCodeAt(a + i)) { same = false; break; }
          if (same) return id;
        }
      }
    }
  }

  private grow(): void {
    const t = new Int32Array(this.table.length * 2).fill(-1);
    const mask = t.length - 1;
    for (let id = 0; id < this.names.length; id++) {
      let slot = this.hashes[id]! & mask;
      while (t[slot]! >= 0) slot = (slot + 1) & mask;
      t[slot] = id;
    }
    this.table = t;
  }
}

/**
 * A trie over ASCII channel names in flat typed arrays (128 children per node), walked while the
 * path string is scanned: a known channel costs one table lookup per character, no substring and
 * no second pass. Names with non-ASCII characters are not inserted (they take the interner path).
 */
class AsciiTrie {
  next = new Int32Array(128 * 64);
  /** Channel id + 1 of the name ending at a node (0: none). */
  terminal = new Int32Array(64);
  nodes = 1;

  insert(name: string, id: number): void {
    for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) >= 128) return;
    let node = 0;
    for (let i = 0; i < name.length; i++) {
      const c = name.charCodeAt(i);
      let nx = this.next[(node << 7) | c]!;
      if (nx === 0) {
        nx = this.nodes++;
        if (nx >= this.terminal.length) {
          const t = new Int32Array(this.terminal.length * 2); t.set(this.terminal); this.terminal = t;
          const m = new Int32Array(this.next.length * 2); m.set(this.next); this.next = m;
        }
        this.next[(node << 7) | c] = nx;
      }
      node = nx;
    }
    this.terminal[node] = id + 1;
  }
}

/**
 * A larger copy of `a[0, used)`: the `estimate` of the final size, but at least `need` and 1.25×
 * the old size, and at most 4× it (unless `need` is more), so a few long paths at the start
 * cannot extrapolate to a huge buffer.
 */
function grow(a: Int32Array, used: number, need: number, estimate: number): Int32Array {
  const g = new Int32Array(Math.max(need, Math.ceil(a.length * 1.25), Math.min(estimate, a.length * 4)));
  g.set(a.subarray(0, used));
  return g;
}

function rowError(r: number, key: string, what: string, message: string): AudienceKitError {
  return new AudienceKitError('INVALID_INPUT', `rows[${r}].${key} ${what}`, { issues: [{ path: ['rows', r, key], message }] });
}

/**
 * A count cell that is not a plain number: missing (`undefined` / `null`) is an error when
 * `required`, else 0; a non-blank string is converted with `Number`; anything else is NaN
 * (refused by the caller's range check).
 */
function nonNumberCount(v: unknown, r: number, key: string, required: boolean): number {
  if (v === undefined || v === null) {
    if (required) throw rowError(r, key, 'is missing', 'missing');
    return 0;
  }
  return typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
}

function badCount(r: number, key: string): AudienceKitError {
  return rowError(r, key, 'must be a finite number >= 0 (or a numeric string)', 'must be a finite number >= 0');
}

/**
 * Parses rows holding a path string (`"a > b > c"`) and counts into a columnar
 * {@link JourneyTable}, one row per input row. Follows ChannelAttribution's conventions: the path
 * is split on `sep`, tokens are trimmed and empty tokens dropped; numeric columns may be numbers
 * or numeric strings; a missing `value` or `nulls` column counts as 0. Channel names are interned
 * once, straight from the string's characters (no substring per touch).
 *
 * How it is fast (1M generated paths, 33M characters): with a one-character ASCII separator
 * (the default `'>'`) the path string is scanned once, walking a trie of the channel names seen
 * so far (one typed-array lookup per character, no substring, no hashing); a blank run before the
 * separator ends a known name; only a token the trie does not know (a new channel, or non-ASCII
 * characters) takes the general path (trim, hash-intern, add to the trie). Other separators use
 * the general path for every token. Each column is read at its own property-access site (so each
 * stays monomorphic); numbers are taken as they are and only strings are converted. The touch
 * buffer is sized by extrapolation (about the final size once, returned as a view of a buffer at
 * most 1/8 larger rather than copied). The table is marked valid, so models do not check it again.
 *
 * Rows are checked one by one (not with a zod schema per row: at 1M rows that alone costs more
 * than the parse); the error names the row and field.
 *
 * Complexity: O(characters of the path strings).
 *
 * @param rows - objects with the path and count columns (not mutated).
 * @param options - column names (`path`, `conversions`, `value`, `nulls`) and `sep` (default `'>'`).
 * @returns the table.
 * @throws AudienceKitError `INVALID_OPTION` for bad options; `INVALID_INPUT` (path `rows[i].field`)
 *   for a non-string path, a negative / non-finite / non-numeric count, a channel named like a
 *   reserved state, or an empty path with conversions.
 * @example
 * const t = parsePaths([{ path: 'a > b > a', conversions: '2', nulls: 1 }]);
 * t.channels; // => ['a', 'b']
 * t.touches;  // => Int32Array [0, 1, 0]
 */
export function parsePaths(rows: readonly Record<string, unknown>[], options: ParsePathsOptions = {}): JourneyTable {
  const o = parseWith(ParsePathsOptionsSchema, options, 'parsePaths options', 'INVALID_OPTION');
  const asUnknown: unknown = rows;
  if (!Array.isArray(asUnknown)) throw new AudienceKitError('INVALID_INPUT', 'rows must be an array');
  const n = rows.length;
  // Column names as locals: each is read at its own site below, so every keyed load sees one
  // name and stays monomorphic (one shared `row[key]` helper went megamorphic).
  const pk = o.path, ck = o.conversions, vk = o.value, nk = o.nulls;
  const interner = new ChannelInterner();
  const sep = o.sep, sepLen = sep.length, sep0 = sep.charCodeAt(0);
  const fastSep = sepLen === 1 && sep0 < 128 && !isTrimmed(sep0);
  const trie = new AsciiTrie();
  const internChecked = (str: string, a: number, b: number, r: number): number => {
    let id = interner.intern(str, a, b);
    if (id < 0) {
      id = -1 - id;
      const name = interner.names[id]!;
      if (isReservedState(name)) throw new AudienceKitError('INVALID_INPUT', `rows[${r}].${pk}: channel name ${name} collides with a reserved state`, { issues: [{ path: ['rows', r, pk], message: 'reserved channel name' }] });
      trie.insert(name, id);
    }
    return id;
  };
  const offsets = new Int32Array(n + 1);
  // Touch buffer: small at first, then sized by extrapolating the touches per row seen so far
  // (+8%), so 1M rows allocate about the final size once instead of 4 ints per row and a copy
  // (external memory is what triggers V8's full collections over the caller's whole heap).
  let touches: Int32Array = new Int32Array(Math.min(Math.max(16, n * 4), 65_536));
  let w = 0;
  const conversions = new Float64Array(n);
  const values = new Float64Array(n);
  const nulls = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const item: unknown = rows[r];
    if (item === null || typeof item !== 'object') throw new AudienceKitError('INVALID_INPUT', `rows[${r}] must be an object`, { issues: [{ path: ['rows', r], message: 'must be an object' }] });
    const row = item as Record<string, unknown>;
    const s = row[pk];
    if (typeof s !== 'string') throw rowError(r, pk, 'must be a string', 'must be a string');
    const rowStart = w;
    const L = s.length;
    // A row has at most ceil(L / 2) tokens (each non-empty one needs a character and a separator):
    // reserve that once per row instead of checking capacity per touch.
    if (w + (L >> 1) + 1 > touches.length) touches = grow(touches, w, w + (L >> 1) + 1, Math.ceil((w / Math.max(r, 1)) * n * 1.08) + 1024);
    let j = 0;
    if (fastSep) {
      const next = trie.next, terminal = trie.terminal;
      while (j <= L) {
        // Token: skip leading ASCII blanks, then walk the trie to the separator. On a miss: a run
        // of blanks followed by the separator (or the end) is the trailing blank of a known name;
        // anything else finishes the token on the general path (trim, intern, add to the trie).
        while (j < L && isAsciiBlank(s.charCodeAt(j))) j++;
        const a = j;
        let node = 0, fast = true;
        for (; j < L; j++) {
          const c = s.charCodeAt(j);
          if (c === sep0) break;
          const nx = c < 128 ? next[(node << 7) | c]! : 0;
          if (nx !== 0) { node = nx; continue; }
          if (isAsciiBlank(c)) {
            let q = j + 1;
            while (q < L && isAsciiBlank(s.charCodeAt(q))) q++;
            if (q === L || s.charCodeAt(q) === sep0) { j = q; break; }
          }
          fast = false;
          while (j < L && s.charCodeAt(j) !== sep0) j++;
          break;
        }
        let id = fast ? terminal[node]! - 1 : -1;
        if (id < 0) {
          if (fast && node === 0) { j++; continue; } // a blank token
          let b = j, a2 = a;
          while (b > a2 && isTrimmed(s.charCodeAt(b - 1))) b--;
          while (a2 < b && isTrimmed(s.charCodeAt(a2))) a2++;
          if (b === a2) { j++; continue; }
          id = internChecked(s, a2, b, r);
        }
        touches[w++] = id;
        j++;
      }
    } else {
      while (j <= L) {
        // Token [j, e): up to the next separator or the end.
        let e = j;
        if (sepLen === 1) { while (e < L && s.charCodeAt(e) !== sep0) e++; }
        else { const k = s.indexOf(sep, j); e = k < 0 ? L : k; }
        let a = j, b = e;
        while (a < b && isTrimmed(s.charCodeAt(a))) a++;
        while (b > a && isTrimmed(s.charCodeAt(b - 1))) b--;
        if (b > a) touches[w++] = internChecked(s, a, b, r);
        j = e + sepLen;
      }
    }
    offsets[r + 1] = w;
    const cv = row[ck];
    const conv = typeof cv === 'number' ? cv : nonNumberCount(cv, r, ck, true);
    if (!(conv >= 0) || conv === Infinity) throw badCount(r, ck);
    const vv = row[vk];
    const val = typeof vv === 'number' ? vv : nonNumberCount(vv, r, vk, false);
    if (!(val >= 0) || val === Infinity) throw badCount(r, vk);
    const nv = row[nk];
    const nul = typeof nv === 'number' ? nv : nonNumberCount(nv, r, nk, false);
    if (!(nul >= 0) || nul === Infinity) throw badCount(r, nk);
    conversions[r] = conv;
    values[r] = val;
    nulls[r] = nul;
    if (w === rowStart && (conv > 0 || val > 0)) throw rowError(r, pk, 'is empty but the row has conversions', 'empty path with conversions');
  }
  // Spare room of at most 1/8: hand out a view instead of copying (the copy's allocation costs more).
  const exact = touches.length - w <= w >> 3 ? touches.subarray(0, w) : touches.slice(0, w);
  return { kind: 'journeyTable', version: 1, channels: interner.names, offsets, touches: exact, conversions, values, nulls };
}
