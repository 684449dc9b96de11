import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { AIPL, FOUR_A, assignStages, createStageWorkspace, type StageWorkspace } from '../../../src/lifecycle/stages/index.js';
import { giveWorkspace, takeWorkspace } from '../../../src/lifecycle/stages/workspace.js';
import { estimateDistinctIds } from '../../../src/lifecycle/stages/internal/personIndex.js';
import { toEventColumns, type AudienceKitError } from '../../../src/core/index.js';
import { DAY } from './oracle.js';

const asOf = Date.UTC(2026, 5, 1);
const types = ['impression', 'click', 'purchase', 'share', 'review'];
const mk = (n: number, people: number, seed: number) => Array.from({ length: n }, (_, i) => ({
  personId: `q${(i * seed) % people}`, time: asOf - ((i * 7 + seed) % 120) * DAY, type: types[(i * 3 + seed) % 5]!, channel: 'qq_feed',
}));
const err = (f: () => unknown): AudienceKitError | undefined => { try { f(); } catch (e) { return e as AudienceKitError; } return undefined; };
/** Every string still held by the workspace's arrays. */
const stringsHeld = (ws: StageWorkspace): number => {
  const pool = takeWorkspace(ws);
  if (pool === false) throw new Error('busy');
  let n = 0;
  for (const a of pool.values()) for (const v of a) if (typeof v === 'string') n++;
  giveWorkspace(ws);
  return n;
};

describe('StageWorkspace', () => {
  test.prop([fc.array(fc.record({ n: fc.integer({ min: 0, max: 3_000 }), people: fc.integer({ min: 1, max: 700 }), seed: fc.integer({ min: 1, max: 97 }), evidence: fc.integer({ min: 0, max: 7 }), columns: fc.boolean(), aipl: fc.boolean() }), { minLength: 1, maxLength: 6 })], { numRuns: 25 })(
    'a sequence of calls sharing one workspace gives what calls without one give', (calls) => {
      const ws = createStageWorkspace();
      for (const k of calls) {
        const ev = mk(k.n, k.people, k.seed), model = k.aipl ? AIPL : FOUR_A;
        const opts = { asOf, evidenceLimit: k.evidence };
        if (k.columns) {
          const cols = toEventColumns(ev);
          expect(assignStages(cols, model, { ...opts, workspace: ws })).toEqual(assignStages(cols, model, opts));
        } else {
          expect(assignStages(ev, model, { ...opts, workspace: ws })).toEqual(assignStages(ev, model, opts));
        }
      }
    });
  it('holds no person id after a call, also after a failed one; clear() drops the arrays', () => {
    const ws = createStageWorkspace();
    assignStages(mk(2_000, 400, 13), FOUR_A, { asOf, workspace: ws });
    expect(ws.entries).toBeGreaterThan(2_000);
    expect(stringsHeld(ws)).toBe(0);
    const bad = mk(500, 90, 7); bad[300] = { ...bad[300]!, type: 'tweet' };
    expect(err(() => assignStages(bad, FOUR_A, { asOf, workspace: ws }))?.message).toContain('events[300].type');
    expect(stringsHeld(ws)).toBe(0);
    // The failed call released the workspace: the next call works and matches a call without one.
    const ev = mk(800, 120, 5);
    expect(assignStages(ev, FOUR_A, { asOf, workspace: ws })).toEqual(assignStages(ev, FOUR_A, { asOf }));
    ws.clear();
    expect(ws.entries).toBe(0);
  });
  it('a nested call on the same workspace is an INVALID_OPTION; a nested call with its own works', () => {
    const ws = createStageWorkspace();
    const inner: { code?: string | undefined } = {};
    const ev: object[] = mk(40, 8, 3);
    ev[5] = { ...ev[5], get type(): string { const e = err(() => assignStages(mk(10, 3, 1), FOUR_A, { asOf, workspace: ws })); inner.code = e?.code; return 'click'; } };
    assignStages(ev, FOUR_A, { asOf, workspace: ws });
    expect(inner.code).toBe('INVALID_OPTION');
    const own: { ok?: boolean } = {};
    ev[5] = { ...mk(40, 8, 3)[5], get type(): string { own.ok = assignStages(mk(10, 3, 1), FOUR_A, { asOf, workspace: createStageWorkspace() }).people.length === 3; return 'click'; } };
    assignStages(ev, FOUR_A, { asOf, workspace: ws });
    expect(own.ok).toBe(true);
  });
  it('anything else as workspace is an INVALID_OPTION naming it (also an object with its prototype)', () => {
    for (const w of [{}, Object.create(createStageWorkspace().constructor.prototype as object)]) {
      const e = err(() => assignStages([], FOUR_A, { asOf, workspace: w as StageWorkspace }));
      expect(e?.code).toBe('INVALID_OPTION');
      expect(e?.message).toContain('workspace');
    }
  });
  it('at >= 2^18 events (sampled people estimate, too low here: the table and counters grow) the same results, and the workspace keeps the grown arrays', () => {
    const n = (1 << 18) + 5;
    // The events the people estimate samples (one per block of n / 2^16, at a xorshift32 offset — the
    // sampler's own walk, repeated here) are 100 frequent people, every other event a new person: the
    // estimate is far too low, so the index and counters grow during the call.
    const stride = Math.floor(n / (1 << 16)), sampled = new Set<number>();
    let x = 0x9e3779b9;
    for (let b = 0; b + stride <= n; b += stride) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; sampled.add(b + (x >>> 0) % stride); }
    const ev = Array.from({ length: n }, (_, i) => ({ personId: sampled.has(i) ? `h${i % 100}` : `u${i}`, time: asOf - (i % 50) * DAY, type: types[i % 5]!, channel: 'c' }));
    expect(estimateDistinctIds(ev, 'personId')).toBeLessThan(1_000); // the premise: a low estimate
    const ws = createStageWorkspace();
    const plain = assignStages(ev, FOUR_A, { asOf, evidenceLimit: 2 });
    expect(assignStages(ev, FOUR_A, { asOf, evidenceLimit: 2, workspace: ws })).toEqual(plain);
    const after = ws.entries;
    expect(stringsHeld(ws)).toBe(0);
    // The grown table and counter rows were stored in the workspace (not the estimate-sized ones).
    const pool = takeWorkspace(ws);
    if (pool === false) throw new Error('busy');
    const P = plain.people.length;
    expect(pool.get('index.keys')!.length).toBeGreaterThanOrEqual(2 * P);
    expect(pool.get('counters.cnt')!.length).toBeGreaterThanOrEqual(P * 6); // FOUR_A: 5 rules + 1 repeat slot
    giveWorkspace(ws);
    expect(assignStages(ev, FOUR_A, { asOf, evidenceLimit: 2, workspace: ws })).toEqual(plain);
    expect(ws.entries).toBe(after); // the second call found arrays large enough: nothing new stored
  });
  it('events appended during the call (by a getter) are not read by the evidence pass, with or without a workspace', () => {
    const ws = createStageWorkspace();
    // One person in 3,000 events: the workspace keeps a per-event person index of 3,000 zeros.
    assignStages(mk(3_000, 1, 11), FOUR_A, { asOf, workspace: ws });
    // Person 0 (q0) is an advocate (a share 3 days ago); the appended share at asOf would be their latest evidence
    // if the evidence pass read row 100, whose person index would be the leftover 0.
    const make = (): object[] => {
      const ev: object[] = mk(100, 10, 3);
      ev[0] = { ...ev[0], get type(): string { if (ev.length === 100) ev.push({ personId: 'late', time: asOf, type: 'share', channel: 'qq_feed' }); return 'share'; } };
      return ev;
    };
    const plain = assignStages(make(), FOUR_A, { asOf });
    expect(plain.people.some((p) => p.personId === 'late')).toBe(false);
    expect(plain.people[0]).toMatchObject({ personId: 'q0', stage: 'advocate' });
    expect(assignStages(make(), FOUR_A, { asOf, workspace: ws })).toEqual(plain);
  });
});
