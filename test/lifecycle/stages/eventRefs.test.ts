import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { EventRefs, refEvent, refPerson } from '../../../src/lifecycle/stages/internal/eventRefs.js';
import type { Pool } from '../../../src/core/internal/stringIndex.js';

/** Every pair, read back the way assignStages' evidence pass reads them (chunk by chunk). */
function readBack(r: EventRefs): [number, number][] {
  const out: [number, number][] = [];
  for (let c = 0; c < r.chunkCount; c++) {
    const a = r.chunkAt(c), m = r.entriesIn(c);
    for (let j = 0; j < m; j += r.width) {
      if (r.width === 1) { const i = refEvent(a[j]!); out.push([i, refPerson(a[j]!, i)]); } else out.push([a[j]!, a[j + 1]!]);
    }
  }
  return out;
}

describe('EventRefs (lifecycle internal: the evidence pass\'s candidate events)', () => {
  it('packs when positions and people stay below 2^26, and not beyond', () => {
    expect(EventRefs.packs(10_000_000, 10_000_000)).toBe(true);
    expect(EventRefs.packs(2 ** 26, 2 ** 26)).toBe(true); // positions < n = 2^26, people < 2^26
    expect(EventRefs.packs(2 ** 26 + 1, 10)).toBe(false);
    expect(EventRefs.packs(10, 2 ** 26 + 1)).toBe(false);
  });

  // Values at the edges of each form: packed pairs up to 2^26 − 1 (the largest packed double is
  // just under 2^52, still exact); unpacked values up to 2^32 − 2 (EventRefs itself keeps them
  // exactly; they are not small integers).
  test.prop([fc.boolean(), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 200 })])(
    'gives back every pair exactly, in order, in both forms', (packed, raw) => {
      const top = packed ? 2 ** 26 - 1 : 2 ** 32 - 2;
      const pairs = raw.map(([i, p]): [number, number] => [i % (top + 1), p % (top + 1)]);
      pairs.push([top, top], [0, 0], [top, 0], [0, top]);
      const r = new EventRefs(packed, pairs.length);
      for (const [i, p] of pairs) r.push(i, p);
      expect(r.size).toBe(pairs.length);
      expect(readBack(r)).toEqual(pairs);
    });

  it('crosses chunk boundaries (2^16 entries per chunk) without losing or splitting a pair', () => {
    for (const packed of [true, false]) {
      const n = 140_001; // > 2 chunks packed, > 4 chunks unpacked
      const r = new EventRefs(packed, n);
      for (let i = 0; i < n; i++) r.push(i, (i * 7919) % 1_000_003);
      expect(r.chunkCount).toBe(Math.ceil((n * r.width) / 65536));
      const back = readBack(r);
      expect(back.length).toBe(n);
      for (let i = 0; i < n; i++) if (back[i]![0] !== i || back[i]![1] !== (i * 7919) % 1_000_003) throw new Error(`pair ${i} read back as ${String(back[i])}`);
    }
  });

  it('sizes its chunks to the events it may hold: a small call makes a small chunk', () => {
    for (const packed of [true, false]) {
      const r = new EventRefs(packed, 3);
      expect(r.chunkAt(0).length).toBe(packed ? 3 : 6);
      r.push(0, 1); r.push(1, 0); r.push(2, 2);
      expect(r.chunkCount).toBe(1);
      expect(readBack(r)).toEqual([[0, 1], [1, 0], [2, 2]]);
    }
    expect(new EventRefs(true, 0).chunkAt(0).length).toBe(2); // never an empty chunk
  });

  it('reuses a workspace\'s chunks, overwriting what an earlier call left there', () => {
    const pool: Pool = new Map();
    const first = new EventRefs(true, 70_000, pool);
    for (let i = 0; i < 70_000; i++) first.push(i, 5);
    const chunk0 = pool.get('evidence.refs.0');
    expect(chunk0).toBeDefined();
    const second = new EventRefs(true, 1, pool);
    second.push(3, 4);
    expect(second.chunkAt(0)).toBe(chunk0); // the same array, not a new one
    expect(readBack(second)).toEqual([[3, 4]]);
  });
});
