import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { parsePaths, toJourneys } from '../../src/attribution/index.js';
import { AudienceKitError } from '../../src/core/index.js';
import { DATA_COLUMNS, readChannelAttributionData } from './fixture.js';

function codeOf(fn: () => unknown): [string, string] {
  try { fn(); } catch (e) { if (e instanceof AudienceKitError) return [e.code, e.message]; throw e; }
  throw new Error('did not throw');
}

describe('parsePaths', () => {
  it('splits on sep, trims tokens, drops empty ones, interns channels', () => {
    const t = parsePaths([
      { path: ' a >b> >  c ', conversions: '2', nulls: 1, value: '3.5' },
      { path: 'c>a', conversions: 0 },
    ]);
    expect(t.channels).toEqual(['a', 'b', 'c']);
    expect(Array.from(t.touches)).toEqual([0, 1, 2, 2, 0]);
    expect(Array.from(t.offsets)).toEqual([0, 3, 5]);
    expect(Array.from(t.conversions)).toEqual([2, 0]);
    expect(Array.from(t.values)).toEqual([3.5, 0]);
    expect(Array.from(t.nulls)).toEqual([1, 0]);
  });

  it('reads custom columns and separators; repeated path strings share one parse', () => {
    const t = parsePaths([{ p: 'x;y', c: 1 }, { p: 'x;y', c: 2 }], { path: 'p', conversions: 'c', sep: ';' });
    expect(toJourneys(t)).toEqual([
      { path: ['x', 'y'], conversions: 1, value: 0, nulls: 0 },
      { path: ['x', 'y'], conversions: 2, value: 0, nulls: 0 },
    ]);
  });

  it("parses ChannelAttribution's Data: 10,000 rows, 12 channels, its published totals", () => {
    const t = parsePaths(readChannelAttributionData(), DATA_COLUMNS);
    expect(t.conversions.length).toBe(10_000);
    expect(t.channels.length).toBe(12);
    // Totals from the data's README (sums of the CSV columns).
    expect(t.conversions.reduce((a, b) => a + b, 0)).toBe(19_785);
    expect(t.nulls.reduce((a, b) => a + b, 0)).toBe(68_602);
    expect(t.values.reduce((a, b) => a + b, 0)).toBeCloseTo(74_802.97158721084, 6); // README rounds it to 74,802.972; exact sum from Python (fractions)
  });

  it('refuses bad counts, reserved names, empty paths with conversions, bad options, with row and field', () => {
    expect(codeOf(() => parsePaths([{ path: 'a', conversions: -1 }]))).toEqual(['INVALID_INPUT', 'rows[0].conversions must be a finite number >= 0 (or a numeric string)']);
    expect(codeOf(() => parsePaths([{ path: 'a', conversions: 1 }, { path: 'a', conversions: 'x' }]))[1]).toContain('rows[1].conversions');
    expect(codeOf(() => parsePaths([{ path: 'a', conversions: '' }]))[1]).toContain('rows[0].conversions');
    expect(codeOf(() => parsePaths([{ path: 'a', conversions: 1, nulls: Infinity }]))[1]).toContain('rows[0].nulls');
    expect(codeOf(() => parsePaths([{ path: 'a' }]))[1]).toContain('rows[0].conversions is missing');
    expect(codeOf(() => parsePaths([{ path: 'a > (null)', conversions: 1 }]))[1]).toContain('reserved');
    expect(codeOf(() => parsePaths([{ path: ' > ', conversions: 1 }]))).toEqual(['INVALID_INPUT', 'rows[0].path is empty but the row has conversions']);
    expect(codeOf(() => parsePaths([{ path: 3, conversions: 1 }]))[1]).toContain('rows[0].path must be a string');
    expect(codeOf(() => parsePaths([{ path: 'a', conversions: 1 }], { sep: '' }))[0]).toBe('INVALID_OPTION');
    expect(codeOf(() => parsePaths([{ path: 'a', conversions: 1 }], { colour: 'x' } as never))[0]).toBe('INVALID_OPTION');
  });

  it('does not mutate its input', () => {
    const rows = [{ path: 'a > b', conversions: 1 }];
    const copy = structuredClone(rows);
    parsePaths(rows);
    expect(rows).toEqual(copy);
  });
});

describe('parsePaths against split/trim/filter', () => {
  test.prop([fc.array(fc.array(fc.constantFrom('a', 'b', ' ', '>', '\t', 'é', '\u00a0', 'x'), { maxLength: 20 }).map((cs) => cs.join('')), { maxLength: 20 }), fc.constantFrom('>', '->')])('tokens equal String.split + trim + drop empty', (paths, sep) => {
    const rows = paths.map((p) => ({ path: p, conversions: 0, nulls: 1 }));
    const t = parsePaths(rows, { sep });
    toJourneys(t).forEach((j, i) => {
      expect(j.path).toEqual(paths[i]!.split(sep).map((s) => s.trim()).filter((s) => s !== ''));
    });
  });
});
