import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { AudienceKitError, isEventColumns, toEventColumns } from '../../src/core/index.js';
import { checkEventColumnsShape } from '../../src/core/internal/eventColumns.js';

function codeOf(f: () => unknown): { code: string; message: string } {
  try { f(); } catch (e) { if (e instanceof AudienceKitError) return { code: e.code, message: e.message }; throw e; }
  throw new Error('did not throw');
}

describe('toEventColumns', () => {
  it('interns ids, types and channels in order of first appearance (hand-worked)', () => {
    const c = toEventColumns([
      { personId: 'b', time: 5, type: 'click', channel: 'qq_feed' },
      { personId: 'a', time: 7, type: 'purchase', channel: 'jd_search', value: 12.5 },
      { personId: 'b', time: 9, type: 'purchase', value: 3 },
      { personId: 'a', time: 1, type: 'click', channel: 'qq_feed' },
    ]);
    expect(c.kind).toBe('eventColumns');
    expect(c.personIds).toEqual(['b', 'a']);
    expect([...c.person]).toEqual([0, 1, 0, 1]);
    expect([...c.time]).toEqual([5, 7, 9, 1]);
    expect(c.eventTypes).toEqual(['click', 'purchase']);
    expect([...c.type]).toEqual([0, 1, 1, 0]);
    expect(c.channels).toEqual(['qq_feed', 'jd_search']);
    expect([...c.channel]).toEqual([0, 1, -1, 0]);
    expect([...c.value]).toEqual([NaN, 12.5, 3, NaN]);
    expect(isEventColumns(c)).toBe(true);
  });

  it('null channel and value read as absent (as the object paths of the consumers read them)', () => {
    const c = toEventColumns([{ personId: 'a', time: 1, type: 'x', channel: null, value: null } as unknown as object]);
    expect([...c.channel]).toEqual([-1]);
    expect(c.value[0]).toBeNaN();
    expect(Object.isFrozen(c.personIds)).toBe(true);
  });

  it('reads other field names', () => {
    const c = toEventColumns([{ uid: 'u', ts: 3, kind: 'x', amt: 2 }], { fields: { personId: 'uid', time: 'ts', type: 'kind', value: 'amt' } });
    expect(c.personIds).toEqual(['u']);
    expect([...c.value]).toEqual([2]);
  });

  it('names the bad event and field, never the value', () => {
    expect(codeOf(() => toEventColumns([{ personId: 'a', time: 1, type: 'x' }, null as unknown as object]))).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringMatching(/events\[1\]/) });
    const pii = codeOf(() => toEventColumns([{ personId: 'a', time: 1, type: 'x' }, { personId: 13800138000, time: 1, type: 'x' }]));
    expect(pii.message).toMatch(/events\[1\]\.personId/);
    expect(pii.message).not.toContain('13800138000');
    expect(codeOf(() => toEventColumns([{ personId: 'a', time: NaN, type: 'x' }])).message).toMatch(/events\[0\]\.time/);
    expect(codeOf(() => toEventColumns([{ personId: 'a', time: 1, type: '' }])).message).toMatch(/events\[0\]\.type/);
    expect(codeOf(() => toEventColumns([{ personId: 'a', time: 1, type: 'x', channel: 3 }])).message).toMatch(/events\[0\]\.channel/);
    expect(codeOf(() => toEventColumns([{ personId: 'a', time: 1, type: 'x', value: Infinity }])).message).toMatch(/events\[0\]\.value/);
    expect(codeOf(() => toEventColumns({} as unknown as object[])).code).toBe('INVALID_INPUT');
    expect(codeOf(() => toEventColumns([], { fields: { nope: 'x' } as unknown as { personId: string } })).code).toBe('INVALID_OPTION');
  });

  test.prop([fc.array(fc.record({ personId: fc.constantFrom('a', 'b', 'c', 'd'), time: fc.integer(), type: fc.constantFrom('x', 'y'), channel: fc.option(fc.constantFrom('m', 'n'), { nil: undefined }), value: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: undefined }) }, { requiredKeys: ['personId', 'time', 'type'] }), { maxLength: 60 })])(
    'row i decodes back to events[i]; the input is not modified', (events) => {
      const before = JSON.stringify(events);
      const c = toEventColumns(events);
      for (let i = 0; i < events.length; i++) {
        const e = events[i]!;
        expect(c.personIds[c.person[i]!]).toBe(e.personId);
        expect(c.time[i]).toBe(e.time);
        expect(c.eventTypes[c.type[i]!]).toBe(e.type);
        expect(c.channel[i]! < 0 ? undefined : c.channels[c.channel[i]!]).toBe(e.channel);
        if (e.value === undefined) expect(c.value[i]).toBeNaN(); else expect(c.value[i]).toBe(e.value);
      }
      expect(new Set(c.personIds).size).toBe(c.personIds.length);
      expect(JSON.stringify(events)).toBe(before);
    });
});

describe('checkEventColumnsShape', () => {
  const base = () => toEventColumns([{ personId: 'a', time: 1, type: 'x', channel: 'm', value: 1 }, { personId: 'b', time: 2, type: 'y' }]);
  const msg = (x: unknown, need?: { channel?: string; value?: string }) => codeOf(() => checkEventColumnsShape(x, need)).message;

  it('accepts good columns and returns their arrays', () => {
    const c = base();
    const s = checkEventColumnsShape(c);
    expect(s.n).toBe(2);
    expect(s.person).toBe(c.person);
    expect(s.channel).toBe(c.channel);
    expect(s.value).toBe(c.value);
  });

  it('names the column that is wrong', () => {
    expect(msg({ ...base(), kind: 'other' })).toMatch(/EventColumns/);
    expect(msg({ ...base(), version: 2 })).toMatch(/columns\.version/);
    expect(msg({ ...base(), personIds: ['a', 'a'] })).toMatch(/columns\.personIds\[1\]/);
    expect(msg({ ...base(), eventTypes: ['x', ''] })).toMatch(/columns\.eventTypes\[1\]/);
    expect(msg({ ...base(), time: [1, 2] })).toMatch(/columns\.time/);
    expect(msg({ ...base(), person: Int32Array.of(0) })).toMatch(/columns\.person/);
    expect(msg({ ...base(), type: Float64Array.of(0, 1) })).toMatch(/columns\.type/);
    expect(msg({ ...base(), channel: undefined })).toMatch(/columns\.channel /);
    expect(msg({ ...base(), channels: undefined })).toMatch(/columns\.channels/);
    expect(msg({ ...base(), channel: Int32Array.of(0) })).toMatch(/columns\.channel/);
    expect(msg({ ...base(), value: Float32Array.of(1, 2) })).toMatch(/columns\.value/);
    expect(msg({ ...base(), value: Float64Array.of(1) })).toMatch(/columns\.value/);
    const { channel: _c, channels: _cs, value: _v, ...bare } = base();
    expect(msg(bare, { channel: 'the model filters by channel' })).toMatch(/columns\.channel is required \(the model filters by channel\)/);
    expect(msg(bare, { value: 'monetary needs amounts' })).toMatch(/columns\.value is required/);
    expect(checkEventColumnsShape(bare).channel).toBeUndefined();
  });
});
