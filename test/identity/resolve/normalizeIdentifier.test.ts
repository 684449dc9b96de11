import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AudienceKitError } from '../../../src/core/index.js';
import { normalizeIdentifier } from '../../../src/identity/resolve/normalizeIdentifier.js';

const n = (type: string, value: string, o = {}) => normalizeIdentifier({ type, value }, o).value;
function code(f: () => unknown): [string, string] {
  try { f(); } catch (e) { if (e instanceof AudienceKitError) return [e.code, e.message]; throw e; }
  return ['none', ''];
}

describe('normalizeIdentifier', () => {
  it('writes mainland phones in E.164 whatever the spelling', () => {
    for (const v of ['13800138000', '138 0013 8000', '138-0013-8000', '(138) 0013 8000', '+86 138 0013 8000', '+86-13800138000', '0086 13800138000', '008613800138000', '8613800138000', ' +86(138)00138000 ']) {
      expect(n('phone', v)).toBe('+8613800138000');
    }
  });
  it('handles landlines with the trunk 0 and other country codes', () => {
    expect(n('phone', '010-6552 9988')).toBe('+861065529988'); // Beijing 010 → +86 10 …
    expect(n('phone', '+86 (0)10 6552 9988')).toBe('+861065529988');
    expect(n('phone', '+1 (415) 555-2671')).toBe('+14155552671');
    expect(n('phone', '415-555-2671', { defaultCountryCode: '1' })).toBe('+14155552671');
    expect(n('phone', '+852 9123 4567')).toBe('+85291234567');
    expect(n('phone', '+49 30 901820')).toBe('+4930901820'); // unknown plan: E.164 length only
  });
  it('rejects impossible phone numbers with INVALID_IDENTIFIER and a masked value', () => {
    for (const v of ['12345', '1380013800', '138001380001', '+86 12800138000', '+1 012 555 2671', 'abc', '', '   ', '+', '+1234567890123456']) {
      const [c, msg] = code(() => n('phone', v));
      expect(c, v).toBe('INVALID_IDENTIFIER');
      if (v.length > 4) expect(msg).not.toContain(v.trim());
    }
  });
  it('trims and lower-cases emails; gmail rules only behind the option', () => {
    expect(n('email', '  Li.Lei+news@GMail.com ')).toBe('li.lei+news@gmail.com');
    expect(n('email', 'Li.Lei+news@GoogleMail.com', { gmailCanonical: true })).toBe('lilei@gmail.com');
    expect(n('email', 'li.lei@example.com', { gmailCanonical: true })).toBe('li.lei@example.com');
    for (const v of ['no-at-sign', '@example.com', 'a@', 'a@@b.com', 'a b@c.com', 'a@localhost']) expect(code(() => n('email', v))[0], v).toBe('INVALID_IDENTIFIER');
  });
  it('writes device ids in the OS case and refuses all-zero ids', () => {
    expect(n('idfa', 'ab12cd34-0000-4000-8000-0123456789ab')).toBe('AB12CD34-0000-4000-8000-0123456789AB');
    expect(n('gaid', 'AB12CD34-0000-4000-8000-0123456789AB')).toBe('ab12cd34-0000-4000-8000-0123456789ab');
    expect(n('oaid', 'ABCDEF0123')).toBe('abcdef0123');
    expect(n('device', 'ab12cd34-0000-4000-8000-0123456789ab')).toBe(n('device', 'AB12CD34-0000-4000-8000-0123456789AB'));
    for (const t of ['device', 'idfa', 'gaid', 'oaid']) expect(code(() => n(t, '00000000-0000-0000-0000-000000000000'))[0]).toBe('INVALID_IDENTIFIER');
  });
  it('trims other and custom types and keeps their case', () => {
    expect(n('openid', ' oAbC-123_xYz ')).toBe('oAbC-123_xYz');
    expect(n('loyalty_card', ' 0042 ')).toBe('0042');
    expect(n('account', '__proto__')).toBe('__proto__');
    expect(n('qq', ' 10001 ')).toBe('10001');
    expect(code(() => n('qq', '0123'))[0]).toBe('INVALID_IDENTIFIER');
    expect(code(() => n('cookie', ' '))[0]).toBe('INVALID_IDENTIFIER');
  });
  it('passes already-hashed emails and phones through (lower-cased)', () => {
    const h = 'EC61F3C620A98BDEAD8C1F1F0AE747ABD1B62A0C2DBA4FD4BC22CF0D1D8653E5';
    expect(n('phone', h)).toBe(h.toLowerCase());
    expect(n('email', h)).toBe(h.toLowerCase());
  });
  it('validates arguments with field paths', () => {
    expect(code(() => normalizeIdentifier({ type: '', value: 'x' }))[0]).toBe('INVALID_INPUT');
    expect(code(() => normalizeIdentifier({ type: 'phone', value: 5 } as never))[1]).toContain('value');
    expect(code(() => normalizeIdentifier({ type: 'phone', value: '1' }, { defaultCountryCode: '+86' }))[0]).toBe('INVALID_OPTION');
  });
  it('is idempotent (property)', () => {
    const phone = fc.tuple(fc.constantFrom('', '+86 ', '0086', '86'), fc.constantFrom('13', '15', '18', '19'), fc.stringMatching(/^\d{9}$/)).map(([p, a, b]) => `${p}${a}${b}`);
    fc.assert(fc.property(phone, (v) => { const once = n('phone', v); return n('phone', once) === once; }));
    fc.assert(fc.property(fc.emailAddress(), fc.boolean(), (v, g) => { const once = n('email', v, { gmailCanonical: g }); return n('email', once, { gmailCanonical: g }) === once; }));
  });
});
