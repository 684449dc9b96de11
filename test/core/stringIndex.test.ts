import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { hashId, readAhead, READ_AHEAD, StringIndex, type Pool } from '../../src/core/internal/stringIndex.js';

/** The reference: dense indices in order of first appearance, from a Map. */
function reference(ids: readonly string[]): { index: number[]; order: string[] } {
  const m = new Map<string, number>();
  const index = ids.map((id) => { let p = m.get(id); if (p === undefined) { p = m.size; m.set(id, p); } return p; });
  return { index, order: [...m.keys()] };
}

describe('StringIndex (core/internal)', () => {
  // Short ids over a small alphabet repeat often; a start size of 1 makes the table grow many times.
  test.prop([fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'é', '\u{1F600}'), minLength: 1, maxLength: 4 }), { maxLength: 400 }), fc.integer({ min: 1, max: 64 })])(
    'interns like a Map: dense indices in order of first appearance, through every growth', (ids, expected) => {
      const ix = new StringIndex(expected);
      const got = ids.map((id) => ix.intern(id));
      const ref = reference(ids);
      expect(got).toEqual(ref.index);
      expect(ix.ids).toEqual(ref.order);
      expect(ix.size).toBe(ref.order.length);
      for (const [p, id] of ref.order.entries()) expect(ix.find(id)).toBe(p);
      expect(ix.find('never-interned')).toBe(-1);
    });

  it('keeps ids whose hashes share the low bits apart (linear probing past occupied slots)', () => {
    // 2000 ids in a table that starts at 16 slots: many share a first slot; all must stay distinct.
    const ids = Array.from({ length: 2000 }, (_, i) => `id${i}`);
    const lowBits = new Set(ids.map((id) => hashId(id) & 15));
    expect(lowBits.size).toBeLessThanOrEqual(16); // pigeonhole: collisions in the first table are certain
    const ix = new StringIndex(1);
    ids.forEach((id, i) => expect(ix.intern(id)).toBe(i));
    ids.forEach((id, i) => expect(ix.intern(id)).toBe(i));
    expect(ix.size).toBe(2000);
  });

  it('reuses a pool table across instances and starts at the size a previous one grew to', () => {
    const pool: Pool = new Map();
    const a = new StringIndex(4, pool);
    for (let i = 0; i < 300; i++) a.intern(`p${i}`);
    const grown = pool.get('index.keys')!;
    expect(grown.length).toBeGreaterThanOrEqual(3 * 600); // 300 ids at load <= 1/2, 3 entries a slot
    grown.fill(undefined); // what a workspace does after a call
    const b = new StringIndex(4, pool);
    expect(pool.get('index.keys')).toBe(grown); // the same array, not a new one
    expect(b.intern('p7')).toBe(0);
    expect(b.intern('q')).toBe(1);
    expect(b.find('p8')).toBe(-1);
  });
});

describe('readAhead (core/internal)', () => {
  it('reads ids and hashes ahead (every string, the empty one too); 0 and undefined where there is no string, without throwing', () => {
    const getterThrows = Object.defineProperty({}, 'id', { get() { throw new Error('boom'); } });
    const list: unknown[] = [{ id: 'a' }, { id: '' }, { id: 7 }, null, getterThrows, { id: 'b' }];
    const ix = new StringIndex(4);
    const ids = new Array<unknown>(READ_AHEAD).fill(undefined), hashes = new Int32Array(READ_AHEAD);
    readAhead(list, 0, list.length, 'id', ix, ids, hashes);
    expect(ids.slice(0, 6)).toEqual(['a', '', 7, undefined, undefined, 'b']);
    expect([...hashes.slice(0, 6)]).toEqual([hashId('a'), hashId(''), 0, 0, 0, hashId('b')]);
    expect(ix.size).toBe(0); // touching slots inserts nothing
  });
});

describe('filled (core/internal)', () => {
  it('integer arrays stay small-integer arrays however many double and tagged arrays were made before (V8 elements kinds)', () => {
    // V8 starts an array in the most general kind its allocation site ever held; with one site for
    // all kinds, integer counters came out as double arrays from the third call on. Checked with
    // V8's own predicates (%HasSmiElements …), which need --allow-natives-syntax: a child process.
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const source = fileURLToPath(new URL('../../src/core/internal/stringIndex.ts', import.meta.url));
    const script = `
      const { filled } = await import(${JSON.stringify(source)});
      const kind = new Function('a', 'return %HasSmiElements(a) ? "smi" : %HasDoubleElements(a) ? "double" : "tagged"');
      const out = [];
      for (let call = 0; call < 5; call++) {
        filled(5000, undefined); filled(5000, Infinity); filled(5000, 0.5);
        out.push([kind(filled(200000, 0)), kind(filled(1000, 7)), kind(filled(1000, -0)), kind(filled(1000, Infinity)), kind(filled(1000, 'x'))].join(' '));
      }
      console.log(JSON.stringify(out));`;
    const printed = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(printed) as string[]).toEqual(Array.from({ length: 5 }, () => 'smi smi double double tagged'));
  });
});
