import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { heuristicAttribution, journeyTable, markovAttribution, parsePaths, shapleyAttribution, toJourneys, type JourneyTable } from '../../src/attribution/index.js';
import { AudienceKitError, createRng } from '../../src/core/index.js';

/**
 * The straightforward parser parsePaths must equal: String.split on sep, String.trim, drop
 * empty tokens, channels interned in order of first appearance through a Map; counts are numbers
 * or non-blank strings through Number; value and nulls default to 0. Checks in the same order
 * per row (path, conversions, value, nulls, empty path with conversions); returns the table or
 * the first bad row and field.
 */
function referenceParse(rows: readonly Record<string, unknown>[], sep: string): { table: Omit<JourneyTable, 'kind' | 'version'> } | { error: string } {
  const ids = new Map<string, number>();
  const channels: string[] = [];
  const offsets = [0], touches: number[] = [], conversions: number[] = [], values: number[] = [], nulls: number[] = [];
  const count = (v: unknown, required: boolean): number | 'missing' => {
    if (v === undefined || v === null) return required ? 'missing' : 0;
    if (typeof v === 'number') return v;
    return typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  };
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (typeof row.path !== 'string') return { error: `rows[${r}].path` };
    for (const token of row.path.split(sep).map((x) => x.trim()).filter((x) => x !== '')) {
      if (token === '(start)' || token === '(conversion)' || token === '(null)') return { error: `rows[${r}].path` };
      let id = ids.get(token);
      if (id === undefined) { id = channels.length; ids.set(token, id); channels.push(token); }
      touches.push(id);
    }
    const got: number[] = [];
    for (const [key, required] of [['conversions', true], ['value', false], ['nulls', false]] as const) {
      const x = count(row[key], required);
      if (x === 'missing' || !(x >= 0) || x === Infinity) return { error: `rows[${r}].${key}` };
      got.push(x);
    }
    if (touches.length === offsets[offsets.length - 1] && (got[0]! > 0 || got[1]! > 0)) return { error: `rows[${r}].path` };
    offsets.push(touches.length);
    conversions.push(got[0]!); values.push(got[1]!); nulls.push(got[2]!);
  }
  return {
    table: {
      channels, offsets: Int32Array.from(offsets), touches: Int32Array.from(touches),
      conversions: Float64Array.from(conversions), values: Float64Array.from(values), nulls: Float64Array.from(nulls),
    },
  };
}

function fastParse(rows: readonly Record<string, unknown>[], sep: string): { table: Omit<JourneyTable, 'kind' | 'version'> } | { error: string } {
  try {
    const { kind: _k, version: _v, ...table } = parsePaths(rows, { sep });
    return { table };
  } catch (e) {
    if (!(e instanceof AudienceKitError) || e.code !== 'INVALID_INPUT') throw e;
    const at = /^rows\[\d+\]\.\w+/.exec(e.message);
    return { error: at ? at[0] : e.message };
  }
}

// Fragments that exercise the trie walk: shared prefixes (channel_1 / channel_10), names with
// inner blanks, every trimmed whitespace kind (ASCII and not), non-ASCII names, repeated and
// multi-character separators, a reserved name.
const fragment = fc.constantFrom(
  'a', 'b', 'ab', 'a b', 'channel_1', 'channel_10', 'channel_1 0', 'é', 'xé', ' ', '  ', '\t', '\n', '\r\n', '\v', '\f',
  '\u00a0', '\u3000', '\ufeff', '\u2028', '>', '>>', ' > ', '->', '-', ';', '|', 'é>', '(null)',
);
const pathString = fc.array(fragment, { maxLength: 12 }).map((xs) => xs.join(''));
const separator = fc.constantFrom('>', ' > ', '->', '>>', ';', '|', ' ', '\t', 'é', '-', 'a');
const countCell = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 50 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 400 }).map((x) => x / 8) },
  { weight: 3, arbitrary: fc.constantFrom('3', ' 4 ', '2.5', '1e2', '0x10', '\t7\n', '0', '-0') },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(-1, 'x', '', '  ', Infinity, NaN, '-2', 'Infinity', true, undefined, null) },
);
const row = fc.record({ path: pathString, conversions: countCell, value: countCell, nulls: countCell }, { requiredKeys: ['path'] });

describe('parsePaths against a straightforward split/trim/filter parser', () => {
  test.prop([fc.array(row, { maxLength: 25 }), separator], { numRuns: 400 })('same table, or the same first bad row and field', (rows, sep) => {
    expect(fastParse(rows, sep)).toEqual(referenceParse(rows, sep));
  });

  test.prop([fc.array(fc.record({ path: pathString.filter((p) => !p.includes('(null)')), conversions: fc.constant(0), nulls: fc.nat(5) }), { maxLength: 40 }), separator], { numRuns: 200 })(
    'valid rows (paths only): tables equal',
    (rows, sep) => {
      const got = fastParse(rows, sep), want = referenceParse(rows, sep);
      expect('table' in got).toBe(true);
      expect(got).toEqual(want);
    },
  );

  it('many rows, short ones first (the touch buffer grows past its extrapolated size)', () => {
    const rng = createRng(5);
    const rows = Array.from({ length: 12_000 }, (_, r) => {
      const len = r < 2000 ? rng.int(0, 2) : rng.int(0, 30);
      return { path: Array.from({ length: len }, () => ` c${rng.int(0, 30)} `).join('>'), conversions: 0, nulls: 1 };
    });
    const got = fastParse(rows, '>'), want = referenceParse(rows, '>');
    if (!('table' in got) || !('table' in want)) throw new Error('expected tables');
    expect(got.table.channels).toEqual(want.table.channels);
    for (const key of ['offsets', 'touches', 'conversions', 'values', 'nulls'] as const) {
      const a = got.table[key], b = want.table[key];
      expect(a.length).toBe(b.length);
      expect(a.findIndex((x, i) => x !== b[i])).toBe(-1);
    }
  });

  it('long paths first, then short ones (the extrapolated size is capped; the result is exact)', () => {
    const rows = [
      // 30,000 touches a row over 20,003 rows would extrapolate to 650M ints without the 4× cap.
      ...Array.from({ length: 3 }, (_, r) => ({ path: Array.from({ length: 30_000 }, (_, i) => `c${(i * 7 + r) % 40}`).join(' > '), conversions: 1 })),
      ...Array.from({ length: 20_000 }, (_, r) => ({ path: `c${r % 50}`, conversions: 0, nulls: 1 })),
    ];
    const t = parsePaths(rows);
    expect(t.touches.length).toBe(90_000 + 20_000);
    expect(t.touches.buffer.byteLength).toBeLessThanOrEqual(4 * (110_000 + (110_000 >> 3)));
    const want = referenceParse(rows, '>');
    if (!('table' in want)) throw new Error('expected a table');
    expect(t.touches.findIndex((x, i) => x !== want.table.touches[i])).toBe(-1);
    expect(t.channels).toEqual(want.table.channels);
  });

  it('a name met first with inner or trailing blanks, then as a prefix of a longer token', () => {
    const t = parsePaths([
      { path: 'channel_1 0 >channel_1\t> channel_10 ', conversions: 1 },
      { path: 'channel_1  >channel_1', conversions: 0, nulls: 1 },
      { path: '\u00a0channel_1\u00a0>>channel', conversions: 1 },
    ]);
    expect(t.channels).toEqual(['channel_1 0', 'channel_1', 'channel_10', 'channel']);
    expect(Array.from(t.touches)).toEqual([0, 1, 2, 1, 1, 1, 3]);
  });
});

describe('tables are checked once', () => {
  const journeys = [{ path: ['a', 'b'], conversions: 2, value: 5, nulls: 1 }, { path: ['b'], conversions: 1, nulls: 3 }];

  it('models give the same results on a library-built table and on a copy (checked afresh)', () => {
    const t = journeyTable(journeys);
    const copy = { ...t };
    expect(heuristicAttribution(t, { model: 'linear' })).toEqual(heuristicAttribution(copy, { model: 'linear' }));
    expect(markovAttribution(t)).toEqual(markovAttribution(copy));
    expect(shapleyAttribution(t, { coalitionValue: 'conversionRate' })).toEqual(shapleyAttribution(copy, { coalitionValue: 'conversionRate' }));
    expect(toJourneys(copy)).toEqual(toJourneys(t));
  });

  it('a hand-built table is still validated (a new object each time is checked)', () => {
    const t = journeyTable(journeys);
    const bad = { ...t, conversions: Float64Array.from([-1, 1]) };
    expect(() => heuristicAttribution(bad, { model: 'first' })).toThrow(/conversions\[0\]/);
    const badIds = { ...t, touches: Int32Array.from([0, 5, 1]) };
    expect(() => markovAttribution(badIds)).toThrow(/touches\[1\]/);
    const reserved = { ...t, channels: ['a', '(null)'] };
    expect(() => shapleyAttribution(reserved)).toThrow(/reserved/);
    const emptyWithConversions = { ...t, offsets: Int32Array.from([0, 0, 3]) };
    expect(() => heuristicAttribution(emptyWithConversions, { model: 'last' })).toThrow(/row 0 has an empty path/);
  });
});
