import { describe, expect, it } from 'vitest';
import { AudienceKitError, formatPath } from '../../../src/core/index.js';
import { AIPL, FOUR_A, StageModelSchema, defineStageModel, type StageModelSpec } from '../../../src/lifecycle/stages/index.js';

const err = (f: () => unknown): AudienceKitError => { try { f(); } catch (e) { return e as AudienceKitError; } throw new Error('no error'); };
const base: StageModelSpec = { name: 'm', eventTypes: ['view', 'buy'], stages: [{ name: 'seen', windowDays: 7, rules: [{ eventTypes: ['view'] }] }] };

describe('defineStageModel', () => {
  it('fills defaults and adds kind/version; the spec is not mutated', () => {
    const spec = structuredClone(base);
    const m = defineStageModel(spec);
    expect(m).toMatchObject({ kind: 'stage-model', version: 1, lapse: 'highest-held' });
    expect(m.stages[0]!.rules[0]).toEqual({ eventTypes: ['view'], minCount: 1, repeat: false });
    expect(spec).toEqual(base);
  });
  it('a stored model loads back unchanged (JSON round trip)', () => {
    for (const m of [FOUR_A, AIPL]) expect(defineStageModel(JSON.parse(JSON.stringify(m)) as StageModelSpec)).toEqual(m);
    expect(StageModelSchema.safeParse(FOUR_A).success).toBe(true);
  });
  it('presets follow the stage contract', () => {
    expect(FOUR_A.stages.map((s) => [s.name, s.windowDays])).toEqual([['aware', 28], ['appeal', 28], ['act', 84], ['advocate', 84]]);
    expect(FOUR_A.stages[3]!.rules).toContainEqual({ eventTypes: ['purchase'], minCount: 1, repeat: true });
    expect(AIPL.stages.map((s) => s.name)).toEqual(['awareness', 'interest', 'purchase', 'loyalty']);
  });
  it('unknown event types in rules: INVALID_MODEL with the path', () => {
    const e = err(() => defineStageModel({ ...base, stages: [{ name: 'seen', windowDays: 7, rules: [{ eventTypes: ['view', 'clik'] }] }] }));
    expect(e.code).toBe('INVALID_MODEL');
    expect(e.issues.map((i) => formatPath(i.path))).toContain('stages[0].rules[0].eventTypes[1]');
  });
  it('rejects reserved and duplicate names, unknown channels, bad windows, too many rules, unknown keys', () => {
    const paths = (spec: unknown) => err(() => defineStageModel(spec as StageModelSpec)).issues.map((i) => formatPath(i.path));
    expect(paths({ ...base, stages: [{ name: 'none', windowDays: 1, rules: [{ eventTypes: ['view'] }] }] })).toContain('stages[0].name');
    expect(paths({ ...base, stages: [base.stages[0], base.stages[0]] })).toContain('stages[1].name');
    expect(paths({ ...base, channels: ['app'], stages: [{ name: 's', windowDays: 1, rules: [{ eventTypes: ['view'], channels: ['tv'] }] }] })).toContain('stages[0].rules[0].channels[0]');
    expect(paths({ ...base, stages: [{ name: 's', windowDays: 0, rules: [{ eventTypes: ['view'] }] }] })).toContain('stages[0].windowDays');
    expect(paths({ ...base, stages: [{ name: 's', windowDays: 1, rules: Array.from({ length: 32 }, () => ({ eventTypes: ['view'] })) }] })).toContain('stages');
    expect(paths({ ...base, colour: 'red' })).toContain('(root)');
    expect(paths({ ...base, eventTypes: ['view', 'view'] })).toContain('eventTypes');
    expect(paths({ ...base, stages: [{ name: 's', windowDays: 1, rules: [{ eventTypes: ['view'], minCount: 0 }] }] })).toContain('stages[0].rules[0].minCount');
  });
});
