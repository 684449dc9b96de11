import { describe, expect, it } from 'vitest';
import { explainIdentity, resolveIdentities, type IdentityLink } from '../../../src/identity/resolve/index.js';

const id = (type: string, value: string) => ({ type, value });
const L = (ids: [string, string][], time: number, source: string): IdentityLink => ({ identifiers: ids.map(([t, v]) => id(t, v)), source, time });

describe('explainIdentity', () => {
  const links = [
    L([['account', 'u1'], ['phone', '13800138000']], 10, 'commerce_login'),       // row 0
    L([['phone', '+86 138 0013 8000'], ['openid', 'oX1']], 20, 'mini_program'),   // row 1
    L([['openid', 'oX1'], ['device', 'd1']], 30, 'social_login'),                   // row 2
    L([['account', 'u2'], ['device', 'tablet']], 40, 'commerce_login'),            // row 3
    L([['account', 'u1'], ['device', 'tablet']], 50, 'commerce_login'),            // row 4
    L([['account', 'u3'], ['email', 'a@b.com']], 60, 'crm_upload'),                // row 5
    L([['account', 'u4'], ['email', 'A@B.com ']], 70, 'crm_upload'),               // row 6
  ];
  const g = resolveIdentities(links);

  it('gives the chain of links that joins two identifiers of one person', () => {
    const e = explainIdentity(g, id('account', 'u1'), id('device', 'd1'));
    expect(e.verdict).toBe('same-person');
    expect(e.steps.map((s) => [s.row, s.source, s.from.type, s.to.type])).toEqual([
      [0, 'commerce_login', 'account', 'phone'], [1, 'mini_program', 'phone', 'openid'], [2, 'social_login', 'openid', 'device'],
    ]);
    expect(e.text).toContain('one person');
    expect(e.text).not.toMatch(/13800138000|oX1|u1\b/);
  });

  it('names the shared identifier that kept two people apart', () => {
    const e = explainIdentity(g, id('account', 'u1'), id('account', 'u2'));
    expect(e.verdict).toBe('kept-apart');
    expect(e.steps.map((s) => s.row)).toEqual([4, 3]);
    expect(e.blockers).toHaveLength(1);
    expect(e.blockers[0]!.kind).toBe('shared');
    expect(e.text).toContain('shared');
  });

  it('names the refused merge that kept two people apart', () => {
    // u3 (t=60) and u4 (t=70) both claim the email; u3 came first, u4's merge was refused.
    // The guard would take the email out first (two accounts → two people); turn it off to see the limit at work.
    const e = explainIdentity(resolveIdentities(links, { maxPeoplePerIdentifier: Infinity }), id('account', 'u3'), id('account', 'u4'));
    expect(e.verdict).toBe('kept-apart');
    expect(e.blockers.map((b) => b.kind)).toEqual(['refused']);
    const b = e.blockers[0]!;
    if (b.kind === 'refused') expect(b.refused).toMatchObject({ row: 6, type: 'account', limit: 1, wouldHave: 2 });
  });

  it('says when nothing connects them, or an identifier is unknown', () => {
    expect(explainIdentity(g, id('account', 'u1'), id('account', 'u3')).verdict).toBe('not-connected');
    expect(explainIdentity(g, id('account', 'u1'), id('account', 'nobody')).verdict).toBe('unknown');
    expect(explainIdentity(g, id('phone', '13800138000'), id('phone', '0086-138-0013-8000')).verdict).toBe('same-identifier');
    expect(() => explainIdentity(g, { type: 1 } as never, id('account', 'u1'))).toThrow(/identifier a/);
  });
});
