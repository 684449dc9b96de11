/**
 * Raw identifier values of the simulated world: unique canonical values per person (bijective
 * mixing of the person index, so no two people collide) written in the varied raw formats a real
 * DMP receives. Internal to simulate/.
 */
import type { Rng } from '../../core/index.js';

/**
 * A bijection of [0, 2^32) (the "lowbias32" integer hash of C. Wellons, each step invertible),
 * salted: distinct `i` give distinct outputs, so values derived from it never collide.
 */
export function mix32(i: number, salt: number): number {
  let x = (i ^ salt) >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

/** 45 mainland mobile prefixes (≥ 43 are needed: 2^32 / 10^8 < 43, so prefix + 8 digits is injective). */
const PHONE_PREFIXES = [
  130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 145, 147, 150, 151, 152, 153, 155, 156, 157, 158, 159, 162, 165, 166, 167,
  170, 171, 173, 175, 176, 177, 178, 180, 181, 182, 183, 184, 185, 186, 187, 188, 189, 191, 198, 199,
];

/** Canonical 11-digit mainland mobile number of person `i` (unique per i). */
export function canonicalPhone(i: number, salt: number): string {
  const x = mix32(i, salt);
  return [PHONE_PREFIXES[Math.floor(x / 1e8)]!, String(x % 1e8).padStart(8, '0')].join('');
}

/** Number of raw phone formats {@link formatPhone} knows. */
export const PHONE_FORMATS = 7;

/** Draws a phone format code (0 = plain 11 digits, the most common). */
export function pickPhoneFormat(rng: Rng): number {
  const u = rng.uniform();
  return u < 0.45 ? 0 : u < 0.6 ? 1 : u < 0.7 ? 2 : u < 0.78 ? 3 : u < 0.86 ? 4 : u < 0.94 ? 5 : 6;
}

/**
 * Raw rendering `format` of a canonical phone: 0 `13800138000`, 1 `+86 138-0013-8000`,
 * 2 `+8613800138000`, 3 `0086 13800138000`, 4 `86-13800138000`, 5 `138 0013 8000`,
 * 6 `(+86) 138 0013 8000`. Strings are built with `join` so they are flat (no rope of cons strings).
 */
export function formatPhone(c: string, format: number): string {
  const a = c.slice(0, 3), b = c.slice(3, 7), d = c.slice(7);
  switch (format) {
    case 0: return c;
    case 1: return ['+86 ', a, '-', b, '-', d].join('');
    case 2: return ['+86', c].join('');
    case 3: return ['0086 ', c].join('');
    case 4: return ['86-', c].join('');
    case 5: return [a, b, d].join(' ');
    default: return ['(+86)', a, b, d].join(' ');
  }
}

/** QQ number of person `i` (5–10 digits, unique per i). */
export function qqNumber(i: number, salt: number): string {
  return String(10000 + mix32(i, salt));
}

/** Commerce account id of person `i` (unique per i). */
export function accountId(i: number, salt: number): string {
  return `jd_${mix32(i, salt).toString(36).padStart(7, '0')}`;
}

const SURNAMES = ['wang', 'li', 'zhang', 'liu', 'chen', 'yang', 'huang', 'zhao', 'wu', 'zhou', 'xu', 'sun', 'ma', 'zhu', 'hu', 'guo', 'he', 'lin', 'luo', 'gao'];
const GIVEN = ['wei', 'fang', 'na', 'min', 'jing', 'li', 'qiang', 'lei', 'jun', 'yang', 'yong', 'yan', 'jie', 'tao', 'ming', 'chao', 'xiu', 'xia', 'ping', 'hui'];
const MAIL_DOMAINS = ['qq.com', '163.com', '126.com', 'sina.com', 'foxmail.com', 'outlook.com', 'gmail.com', 'hotmail.com'];

/** Canonical (lower-case) e-mail of person `i`: pinyin name + a unique number. */
export function canonicalEmail(i: number, salt: number, rng: Rng): string {
  const sur = SURNAMES[rng.int(0, SURNAMES.length - 1)]!;
  const dot = rng.bernoulli(0.4) ? '.' : '';
  const given = GIVEN[rng.int(0, GIVEN.length - 1)]!;
  return [sur, dot, given, mix32(i, salt).toString(10), '@', MAIL_DOMAINS[rng.int(0, MAIL_DOMAINS.length - 1)]!].join('');
}

/** Number of raw e-mail formats {@link formatEmail} knows. */
export const EMAIL_FORMATS = 6;

/** Draws an e-mail format code (0 = as is, the most common). */
export function pickEmailFormat(rng: Rng): number {
  const u = rng.uniform();
  return u < 0.55 ? 0 : u < 0.7 ? 1 : u < 0.8 ? 2 : u < 0.88 ? 3 : u < 0.95 ? 4 : 5;
}

/** Raw rendering `format` of an e-mail: 0 as is, 1 Capitalised, 2 UPPER-CASE domain, 3 ALL CAPS, 4 padded with spaces, 5 trailing tab. */
export function formatEmail(c: string, format: number): string {
  switch (format) {
    case 0: return c;
    case 1: return [c.charAt(0).toUpperCase(), c.slice(1)].join('');
    case 2: { const at = c.indexOf('@'); return [c.slice(0, at + 1), c.slice(at + 1).toUpperCase()].join(''); }
    case 3: return c.toUpperCase();
    case 4: return [' ', c, ' '].join('');
    default: return [c, '\t'].join('');
  }
}

const HEX = Array.from('0123456789abcdef', (ch) => ch.charCodeAt(0));

/** Writes the 8 lower-case hex digits of the 32-bit `x` into `codes[at..at+8)`. */
function hexInto(codes: number[], at: number, x: number): void {
  for (let k = 7; k >= 0; k--) { codes[at + k] = HEX[x & 15]!; x >>>= 4; }
}

/**
 * A random UUID v4 in lower case (36 chars, one flat string built from char codes: measured
 * faster than `toString(16).padStart` + `join`, 4 % of the generation time at 200k people).
 */
function uuid(rng: Rng): string {
  const a = rng.nextUint32(), b = rng.nextUint32(), c = rng.nextUint32(), d = rng.nextUint32();
  const variant = rng.int(0, 3);
  const h = new Array<number>(32);
  hexInto(h, 0, a); hexInto(h, 8, b); hexInto(h, 16, c); hexInto(h, 24, d);
  // Layout (as before): a | b[0..4) | '4' b[5..8) | variant c[1..4) | c[4..8) d
  const dash = 45;
  const codes = [
    h[0]!, h[1]!, h[2]!, h[3]!, h[4]!, h[5]!, h[6]!, h[7]!, dash,
    h[8]!, h[9]!, h[10]!, h[11]!, dash,
    52, h[13]!, h[14]!, h[15]!, dash,
    [56, 57, 97, 98][variant]!, h[17]!, h[18]!, h[19]!, dash,
    h[20]!, h[21]!, h[22]!, h[23]!, h[24]!, h[25]!, h[26]!, h[27]!, h[28]!, h[29]!, h[30]!, h[31]!,
  ];
  return String.fromCharCode(...codes);
}

/** A device id: an iOS IDFA (upper-case UUID, 55 %) or an Android OAID (lower-case UUID). */
export function deviceId(rng: Rng): string {
  const ios = rng.bernoulli(0.55);
  const u = uuid(rng);
  return ios ? u.toUpperCase() : u;
}

/** Draws a device format code: 0 as issued (90 %), 1 case-flipped (an IDFA in lower case, an OAID in upper case). */
export function pickDeviceFormat(rng: Rng): number {
  return rng.uniform() < 0.1 ? 1 : 0;
}

/** Raw rendering `format` of a device id (see {@link pickDeviceFormat}). */
export function formatDevice(value: string, format: number): string {
  if (format === 0) return value;
  return value === value.toUpperCase() ? value.toLowerCase() : value.toUpperCase();
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const B64URL_CODES = Array.from(B64URL, (ch) => ch.charCodeAt(0));

/** A WeChat-style openid / unionid: `o` + 27 base64url characters (28 chars, ~162 random bits). */
export function wechatId(rng: Rng): string {
  const codes = new Array<number>(28);
  codes[0] = 111; // 'o'
  for (let k = 1; k < 28; k++) {
    const x = rng.nextUint32();
    codes[k] = B64URL_CODES[x & 63]!;
    if (++k < 28) codes[k] = B64URL_CODES[(x >>> 6) & 63]!;
    if (++k < 28) codes[k] = B64URL_CODES[(x >>> 12) & 63]!;
    if (++k < 28) codes[k] = B64URL_CODES[(x >>> 18) & 63]!;
    if (++k < 28) codes[k] = B64URL_CODES[(x >>> 24) & 63]!;
  }
  return String.fromCharCode(...codes);
}

/** A browser cookie id: 32 lower-case hex characters. */
export function cookieId(rng: Rng): string {
  const h = new Array<number>(32);
  hexInto(h, 0, rng.nextUint32()); hexInto(h, 8, rng.nextUint32()); hexInto(h, 16, rng.nextUint32()); hexInto(h, 24, rng.nextUint32());
  return String.fromCharCode(...h);
}

/** Junk values attached to many people (the noise a real ID graph has). Keys `type:value`. */
export const JUNK_VALUES: readonly { readonly type: 'device' | 'cookie' | 'openid' | 'phone' | 'email' | 'qq'; readonly value: string }[] = [
  { type: 'device', value: '00000000-0000-0000-0000-000000000000' },
  { type: 'device', value: 'unknown' },
  { type: 'cookie', value: 'null' },
  { type: 'openid', value: 'null' },
  { type: 'phone', value: '00000000000' },
  { type: 'email', value: 'unknown' },
  { type: 'qq', value: '-1' },
];
