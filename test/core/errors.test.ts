import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AudienceKitError, fromZodError, maskValue, parseWith, formatPath } from '../../src/core/index.js';

describe('errors', () => {
  it('parseWith turns a zod failure into AudienceKitError naming every field path', () => {
    const schema = z.object({ people: z.number().int().min(1), rows: z.array(z.object({ age: z.number() })) });
    let err: unknown;
    try {
      parseWith(schema, { people: -3, rows: [{ age: 1 }, { age: 'x' }] }, 'test options', 'INVALID_OPTION');
    } catch (e) { err = e; }
    expect(err).toBeInstanceOf(AudienceKitError);
    const e = err as AudienceKitError;
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.message).toMatch(/^Invalid test options: /);
    expect(e.message).toContain('people');
    expect(e.message).toContain('rows[1].age');
    expect(e.issues.map((i) => formatPath(i.path))).toEqual(['people', 'rows[1].age']);
  });
  it('returns the parsed value on success', () => {
    expect(parseWith(z.object({ a: z.number().default(3) }), {}, 'x')).toEqual({ a: 3 });
  });
  it('does not echo the input value (PII) in the message', () => {
    const e = fromZodError(z.object({ phone: z.number() }).safeParse({ phone: '13800138000' }).error!, 'upload');
    expect(e.message).not.toContain('13800138000');
  });
  it('maskValue keeps only the ends and the length', () => {
    expect(maskValue('13800138000')).toBe('1*********0 (11 chars)');
    expect(maskValue('ab')).toBe('** (2 chars)');
    expect(maskValue({})).toBe('<object>');
  });
  it('is an Error with a stable name and code', () => {
    const e = new AudienceKitError('EMPTY_INPUT', 'seeds is empty');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('AudienceKitError');
    expect(e.code).toBe('EMPTY_INPUT');
  });
});
