import { describe, expect, it } from 'vitest';
import { AudienceKitError } from '../../../src/core/index.js';
import { hashIdentifier, sha256Hex } from '../../../src/identity/resolve/hashIdentifier.js';

// Expected digests computed independently with Node's OpenSSL binding:
//   node -e "console.log(require('crypto').createHash('sha256').update(S).digest('hex'))"
const SHA = {
  abc: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', // also FIPS 180-2 appendix B.1
  'test@example.com': '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b',
  '+8613800138000': 'ec61f3c620a98bdead8c1f1f0ae747abd1b62a0c2dba4fd4bc22cf0d1d8653e5',
  '8613800138000': 'bf08aacce7f9b2452863cf99373043c3333f0e3127f1f787c4abb46ab6cf2b83',
  '13800138000': 'a6942f9771d67f34034d2f1926988ed3fad3bf1b4e7cedb9a31f31398dea43bc',
  'johndoe@gmail.com': '06a240d11cc201676da976f7b49341181fd180da37cbe40a77432c0a366c80c3',
  'pepper:+8613800138000': '81549374091f4d34dd9a1af7c7091a5990ebed7d6b989c81f558395b77d1a277',
} as const;

describe('hashIdentifier', () => {
  it('SHA-256 matches the FIPS vector', () => {
    expect(sha256Hex('abc')).toBe(SHA.abc);
  });
  it('hashes the normalized value, lower-case hex', () => {
    expect(hashIdentifier({ type: 'email', value: ' Test@Example.COM ' })).toEqual({ type: 'email', value: SHA['test@example.com'] });
    expect(hashIdentifier({ type: 'phone', value: '138 0013 8000' }).value).toBe(SHA['+8613800138000']);
  });
  it('renders each platform format before hashing', () => {
    const p = { type: 'phone', value: '+86 138-0013-8000' };
    expect(hashIdentifier(p, { format: 'e164' }).value).toBe(SHA['+8613800138000']);
    expect(hashIdentifier(p, { format: 'google' }).value).toBe(SHA['+8613800138000']);
    expect(hashIdentifier(p, { format: 'digits' }).value).toBe(SHA['8613800138000']);
    expect(hashIdentifier(p, { format: 'national' }).value).toBe(SHA['13800138000']);
    expect(hashIdentifier({ type: 'email', value: 'John.Doe@gmail.com' }, { format: 'google' }).value).toBe(SHA['johndoe@gmail.com']);
    expect(hashIdentifier({ type: 'email', value: 'John.Doe@gmail.com' }).value).not.toBe(SHA['johndoe@gmail.com']);
  });
  it('prepends the salt', () => {
    expect(hashIdentifier({ type: 'phone', value: '13800138000' }, { salt: 'pepper:' }).value).toBe(SHA['pepper:+8613800138000']);
  });
  it('passes a hashed value through, so hashed and clear lists join', () => {
    const clear = hashIdentifier({ type: 'phone', value: '13800138000' });
    expect(hashIdentifier(clear)).toEqual(clear);
    expect(hashIdentifier({ type: 'phone', value: ` ${SHA['+8613800138000'].toUpperCase()} ` })).toEqual(clear);
  });
  it('refuses values that cannot be normalized, and bad options', () => {
    const c = (f: () => unknown) => { try { f(); return 'none'; } catch (e) { return (e as AudienceKitError).code; } };
    expect(c(() => hashIdentifier({ type: 'phone', value: '12' }))).toBe('INVALID_IDENTIFIER');
    expect(c(() => hashIdentifier({ type: 'phone', value: '13800138000' }, { format: 'md5' as never }))).toBe('INVALID_OPTION');
  });
});
