import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { AIPL, FOUR_A, assignStages, createStageWorkspace, stageEventColumns, type StageWorkspace } from '../../../src/lifecycle/stages/index.js';
import { giveWorkspace, takeWorkspace } from '../../../src/lifecycle/stages/workspace.js';
import type { AudienceKitError } from '../../../src/core/index.js';
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
          const cols = stageEventColumns(ev);
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
  it('anything else as workspace is an INVALID_OPTION naming it', () => {
    const e = err(() => assignStages([], FOUR_A, { asOf, workspace: {} as StageWorkspace }));
    expect(e?.code).toBe('INVALID_OPTION');
    expect(e?.message).toContain('workspace');
  });
});
