/**
 * The identifier strings are built from char codes in reused scratch arrays (no temporary arrays
 * at 1M people). Each is checked here against the straightforward string-building version it
 * replaced, on random inputs, and the whole world against fingerprints recorded before the
 * rewrite (the world is the data every other module's tests and figures were measured on).
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../src/core/index.js';
import {
  canonicalEmail, canonicalPhone, cookieId, deviceId, formatPhone, joinPair, mix32, wechatId,
} from '../../src/simulate/internal/identifierValues.js';
import { simulateWorld, type SimulateOptions } from '../../src/simulate/index.js';
import { IdentifierKeyMap } from '../../src/simulate/internal/identifierKeyMap.js';

// ── the straightforward versions (as they were before the rewrite) ──
const PREFIXES = [
  130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 145, 147, 150, 151, 152, 153, 155, 156, 157, 158, 159, 162, 165, 166, 167,
  170, 171, 173, 175, 176, 177, 178, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 191, 198, 199,
];
const oracle = {
  phone: (i: number, salt: number): string => { const x = mix32(i, salt); return `${PREFIXES[Math.floor(x / 1e8)]!}${String(x % 1e8).padStart(8, '0')}`; },
  formatPhone(c: string, format: number): string {
    const a = c.slice(0, 3), b = c.slice(3, 7), d = c.slice(7);
    return [c, `+86 ${a}-${b}-${d}`, `+86${c}`, `0086 ${c}`, `86-${c}`, `${a} ${b} ${d}`, `(+86) ${a} ${b} ${d}`][format]!;
  },
  email(i: number, salt: number, rng: Rng): string {
    const sur = ['wang', 'li', 'zhang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou', 'xu', 'sun', 'ma', 'zhu', 'hu', 'guo', 'he', 'lin', 'luo', 'gao'][rng.int(0, 19)]!;
    const dot = rng.bernoulli(0.4) ? '.' : '';
    const given = ['wei', 'fang', 'na', 'min', 'jing', 'li', 'qiang', 'lei', 'jun', 'yang', 'yong', 'yan', 'jie', 'tao', 'ming', 'chao', 'xiu', 'xia', 'ping', 'hui'][rng.int(0, 19)]!;
    return `${sur}${dot}${given}${mix32(i, salt)}@${['qq.com', '163.com', '126.com', 'sina.com', 'foxmail.com', 'outlook.com', 'gmail.com', 'hotmail.com'][rng.int(0, 7)]!}`;
  },
  device(rng: Rng): string {
    const ios = rng.bernoulli(0.55);
    const hex = (x: number) => x.toString(16).padStart(8, '0');
    const a = rng.nextUint32(), b = rng.nextUint32(), c = rng.nextUint32(), d = rng.nextUint32();
    const variant = '89ab'[rng.int(0, 3)]!;
    const h = hex(a) + hex(b) + hex(c) + hex(d);
    const u = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`;
    return ios ? u.toUpperCase() : u;
  },
  wechat(rng: Rng): string {
    const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let s = 'o';
    while (s.length < 28) { let x = rng.nextUint32(); for (let k = 0; k < 5 && s.length < 28; k++) { s += abc[x & 63]; x >>>= 6; } }
    return s;
  },
  cookie: (rng: Rng): string => Array.from({ length: 4 }, () => rng.nextUint32().toString(16).padStart(8, '0')).join(''),
};

const u32 = fc.integer({ min: 0, max: 0xffffffff });

describe('identifier strings equal the straightforward versions', () => {
  it('phones: canonical and every raw format', () => {
    fc.assert(fc.property(fc.nat(5_000_000), u32, fc.integer({ min: 0, max: 6 }), (i, salt, format) => {
      const c = canonicalPhone(i, salt);
      expect(c).toBe(oracle.phone(i, salt));
      expect(formatPhone(c, format)).toBe(oracle.formatPhone(c, format));
    }), { numRuns: 300 });
  });

  it('e-mails, device ids, WeChat ids and cookies draw the same numbers and give the same strings', () => {
    fc.assert(fc.property(fc.integer(), fc.nat(5_000_000), u32, (seed, i, salt) => {
      const a = createRng(seed), b = createRng(seed);
      expect(canonicalEmail(i, salt, a)).toBe(oracle.email(i, salt, b));
      expect(deviceId(a)).toBe(oracle.device(b));
      expect(wechatId(a)).toBe(oracle.wechat(b));
      expect(cookieId(a)).toBe(oracle.cookie(b));
      expect(a.nextUint32()).toBe(b.nextUint32()); // same number of draws
    }), { numRuns: 300 });
  });

  it('joinPair is a + sep + b', () => {
    fc.assert(fc.property(fc.string(), fc.string({ maxLength: 2 }), fc.string(), (a, sep, b) => {
      expect(joinPair(a, sep, b)).toBe(a + sep + b);
    }));
  });
});

/** sha256 (16 hex) of the world's JSON with Maps and Sets spelled out and typed arrays hashed by their bytes. */
function fingerprint(options: SimulateOptions): string {
  const replacer = (_k: string, v: unknown): unknown =>
    v instanceof Map || v instanceof IdentifierKeyMap ? { __map: [...v.entries()] } : v instanceof Set ? { __set: [...v] }
      : ArrayBuffer.isView(v) ? { __bytes: createHash('sha256').update(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)).digest('hex') } : v;
  return createHash('sha256').update(JSON.stringify(simulateWorld(options), replacer)).digest('hex').slice(0, 16);
}

describe('the world is unchanged by the performance work', () => {
  // Recorded on the implementation before the allocation rewrite (commit 30dd24b).
  it('non-default options, campaign included', () => {
    expect(fingerprint({
      people: 2000, seed: 7, weeks: 30, sharedDeviceRate: 0.2, junkRate: 0.1, cookieChurn: 3,
      identifierMix: { email: 0.9, device: 0.8, unionid: 0.7 }, channelEffects: { qq_feed: 0.9 }, campaign: { startWeek: 5, weeks: 4 },
    })).toBe('2c3a76e746f62dd7');
  });
  it('two years from another start', () => {
    expect(fingerprint({ people: 1500, seed: 123, weeks: 104, start: Date.UTC(2024, 0, 1), exposureRates: { wechat_moments: 3 }, stageWindowDays: { aware: 3, act: 60 } }))
      .toBe('55fa0832a45ba6a9');
  });
  it('defaults with 5,000 people', () => {
    expect(fingerprint({ people: 5000 })).toBe('1e321b7a9b27e357');
  });
});
