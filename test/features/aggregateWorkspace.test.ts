import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { aggregateEvents, createAggregateWorkspace, type AggregateWorkspace, type EventAggregateColumns } from '../../src/features/index.js';
import { toEventColumns, type AudienceKitError } from '../../src/core/index.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const TYPES = ['impression', 'click', 'purchase', 'share'];
const CHANNELS = ['wechat', 'jd', 'store'];
/** n events over `people` people (seeded walk), some purchases with a value. */
const mk = (n: number, people: number, seed: number): object[] => Array.from({ length: n }, (_, i) => {
  const type = TYPES[(i * 3 + seed) % 4]!;
  const e: Record<string, unknown> = { personId: `p${(i * seed + 7) % people}`, time: T0 + ((i * 5 + seed) % 90) * (DAY / 2), type, channel: CHANNELS[(i + seed) % 3]! };
  if (type === 'purchase' && i % 3 !== 0) e.value = (i * 37 + seed) % 500;
  return e;
});
const err = (f: () => unknown): AudienceKitError | undefined => { try { f(); } catch (e) { return e as AudienceKitError; } return undefined; };
const columnsOf = (r: unknown): EventAggregateColumns => r as EventAggregateColumns;

describe('AggregateWorkspace', () => {
  // Calls of different sizes in any order: a reused person index and records buffer that are longer
  // than a call needs still hold the previous call's numbers there; a result must not see them.
  test.prop([fc.array(fc.record({
    n: fc.integer({ min: 0, max: 2_500 }), people: fc.integer({ min: 1, max: 600 }), seed: fc.integer({ min: 1, max: 97 }),
    columnsIn: fc.boolean(), output: fc.constantFrom('rows' as const, 'columns' as const),
    windows: fc.subarray([3, 14, 30]), halfLife: fc.option(fc.constantFrom(2, 10), { nil: undefined }), asOfDays: fc.integer({ min: 0, max: 50 }),
    roster: fc.option(fc.subarray(['p3', 'zz', 'p1', 'p40', 'p0']), { nil: undefined }), types: fc.option(fc.subarray(['click', 'purchase', 'refund']), { nil: undefined }),
    channels: fc.option(fc.subarray(['jd', 'tv']), { nil: undefined }), purchaseType: fc.constantFrom('purchase', 'click'),
  }), { minLength: 1, maxLength: 6 })], { numRuns: 30 })(
    'a sequence of calls sharing one workspace gives what calls without one give (objects and EventColumns, rows and columns)', (calls) => {
      const ws = createAggregateWorkspace();
      for (const k of calls) {
        const ev = mk(k.n, k.people, k.seed);
        const opts = { asOf: T0 + k.asOfDays * DAY, unit: 'day' as const, windows: k.windows, halfLife: k.halfLife, output: k.output, people: k.roster, types: k.types, channels: k.channels, purchaseType: k.purchaseType };
        const input = k.columnsIn ? toEventColumns(ev) : ev;
        expect(aggregateEvents(input, { ...opts, workspace: ws })).toEqual(aggregateEvents(input, opts));
      }
    });

  it('an earlier columns result is not changed by later calls on the same workspace', () => {
    const ws = createAggregateWorkspace();
    const opts = { asOf: T0 + 40 * DAY, unit: 'day' as const, windows: [7, 30], halfLife: 10, output: 'columns' as const, workspace: ws };
    const first = columnsOf(aggregateEvents(mk(3_000, 200, 11), opts));
    const copy = new Map([...first.columns].map(([k, v]) => [k, v.slice()]));
    aggregateEvents(mk(5_000, 300, 29), opts);
    aggregateEvents(mk(5_000, 300, 29), { ...opts, output: 'rows' });
    for (const [k, v] of first.columns) expect(v).toEqual(copy.get(k));
    // The output buffer is its own: no column is a view of the workspace's records.
    expect(first.columns.get('events_7d')!.buffer.byteLength).toBe(first.ids.length * (first.names.length * 8 + 4));
  });

  it('a person with more than 65,535 events (the 32-bit count fallback) gives the same with a workspace, before and after a small call', () => {
    const ws = createAggregateWorkspace();
    const many = Array.from({ length: 80_000 }, (_, i) => ({ personId: i % 7 === 0 ? 'b' : 'a', time: T0 + (i % 20) * DAY, type: TYPES[i % 4]!, channel: 'jd' }));
    const opts = { asOf: T0 + 30 * DAY, unit: 'day' as const, windows: [7] };
    aggregateEvents(mk(100, 10, 3), { ...opts, workspace: ws });
    const rows = aggregateEvents(many, { ...opts, workspace: ws });
    expect(rows).toEqual(aggregateEvents(many, opts));
    expect(rows[0]!.events).toBe(68_571); // 'a': six of every seven events, more than 65,535
    expect(aggregateEvents(mk(100, 10, 3), { ...opts, workspace: ws })).toEqual(aggregateEvents(mk(100, 10, 3), opts));
  });

  it('keeps its memory between calls, releases it after a failed call, and clear() drops it', () => {
    const ws = createAggregateWorkspace();
    expect(ws.bytes).toBe(0);
    const opts = { asOf: T0 + 40 * DAY, unit: 'day' as const, windows: [7], workspace: ws };
    aggregateEvents(mk(2_000, 100, 5), opts);
    const held = ws.bytes;
    expect(held).toBeGreaterThanOrEqual(2_000 * 4);
    aggregateEvents(mk(1_000, 50, 5), opts);
    expect(ws.bytes).toBe(held); // a smaller call reuses, does not reallocate
    const bad: object[] = mk(500, 40, 7); bad[300] = { ...bad[300], time: Number.NaN };
    expect(err(() => aggregateEvents(bad, opts))?.message).toContain('[300]');
    // The failed call released the workspace: the next call works and matches a call without one.
    const ev = mk(800, 120, 5);
    expect(aggregateEvents(ev, opts)).toEqual(aggregateEvents(ev, { ...opts, workspace: undefined }));
    ws.clear();
    expect(ws.bytes).toBe(0);
  });

  it('grows by at least a quarter: a growing event log reallocates now and then, not every call', () => {
    const ws = createAggregateWorkspace();
    const opts = { asOf: T0 + 50 * DAY, unit: 'day' as const, windows: [7, 30], workspace: ws };
    const sizes: number[] = [];
    for (const n of [2_000, 2_100, 2_200, 2_300, 2_400]) {
      const ev = mk(n, 150, 9);
      expect(aggregateEvents(ev, opts)).toEqual(aggregateEvents(ev, { ...opts, workspace: undefined }));
      sizes.push(ws.bytes);
    }
    expect(sizes[1]).toBeGreaterThan(sizes[0]!); // 2,100 events need more than the first, exact, allocation
    expect(new Set(sizes.slice(1)).size).toBe(1); // then room for 2,500: no reallocation up to 2,400
  });

  it('a nested call on the same workspace is an INVALID_OPTION; a nested call with its own works', () => {
    const ws = createAggregateWorkspace();
    const opts = { asOf: T0 + 40 * DAY, unit: 'day' as const, windows: [7] };
    const inner: { code?: string | undefined; ok?: boolean } = {};
    const ev: object[] = mk(40, 8, 3);
    ev[5] = { ...ev[5], get type(): string { inner.code = err(() => aggregateEvents(mk(10, 3, 1), { ...opts, workspace: ws }))?.code; return 'click'; } };
    aggregateEvents(ev, { ...opts, workspace: ws });
    expect(inner.code).toBe('INVALID_OPTION');
    ev[5] = { ...mk(40, 8, 3)[5], get type(): string { inner.ok = aggregateEvents(mk(10, 3, 1), { ...opts, workspace: createAggregateWorkspace() }).length === 3; return 'click'; } };
    aggregateEvents(ev, { ...opts, workspace: ws });
    expect(inner.ok).toBe(true);
  });

  it('anything else as workspace is an INVALID_OPTION naming it (also an object with its prototype)', () => {
    for (const w of [{}, Object.create(createAggregateWorkspace().constructor.prototype as object)]) {
      const e = err(() => aggregateEvents([], { asOf: T0, unit: 'day', workspace: w as AggregateWorkspace }));
      expect(e?.code).toBe('INVALID_OPTION');
      expect(e?.message).toContain('workspace');
    }
  });
});
