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

/*
 * Strings are built from char codes in module-level scratch arrays (one flat string per call, no
 * temporary arrays or intermediate strings: at 1M people these were ~1.5 KB of garbage a person).
 * `String.fromCharCode(...a)` reads the whole array, so there is one scratch array per length.
 */
const D0 = 48; // '0'
const PHONE_CODES = new Array<number>(11).fill(D0);

/** Canonical 11-digit mainland mobile number of person `i` (unique per i). */
export function canonicalPhone(i: number, salt: number): string {
  const x = mix32(i, salt);
  const prefix = PHONE_PREFIXES[Math.floor(x / 1e8)]!;
  const c = PHONE_CODES;
  c[0] = D0 + Math.floor(prefix / 100); c[1] = D0 + (Math.floor(prefix / 10) % 10); c[2] = D0 + (prefix % 10);
  let y = x % 1e8;
  for (let k = 10; k >= 3; k--) { c[k] = D0 + (y % 10); y = Math.floor(y / 10); }
  return String.fromCharCode(...c);
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
  switch (format) {
    case 0: return c;
    case 1: return joinParts(c, '+86 ', '-', '-', '', PHONE_F1);
    case 2: return joinParts(c, '+86', '', '', '', PHONE_F2);
    case 3: return joinParts(c, '0086 ', '', '', '', PHONE_F3);
    case 4: return joinParts(c, '86-', '', '', '', PHONE_F4);
    case 5: return joinParts(c, '', ' ', ' ', '', PHONE_F5);
    default: return joinParts(c, '(+86) ', ' ', ' ', '', PHONE_F6);
  }
}

const PHONE_F1 = new Array<number>(17).fill(D0), PHONE_F2 = new Array<number>(14).fill(D0), PHONE_F3 = new Array<number>(16).fill(D0);
const PHONE_F4 = new Array<number>(14).fill(D0), PHONE_F5 = new Array<number>(13).fill(D0), PHONE_F6 = new Array<number>(19).fill(D0);

/**
 * `head + c[0..3) + sep1 + c[3..7) + sep2 + c[7..11) + tail` for an 11-character `c`, written into
 * `out` (whose length is exactly the result's) as one flat string.
 */
function joinParts(c: string, head: string, sep1: string, sep2: string, tail: string, out: number[]): string {
  let at = 0;
  for (let k = 0; k < head.length; k++) out[at++] = head.charCodeAt(k);
  for (let k = 0; k < 3; k++) out[at++] = c.charCodeAt(k);
  for (let k = 0; k < sep1.length; k++) out[at++] = sep1.charCodeAt(k);
  for (let k = 3; k < 7; k++) out[at++] = c.charCodeAt(k);
  for (let k = 0; k < sep2.length; k++) out[at++] = sep2.charCodeAt(k);
  for (let k = 7; k < 11; k++) out[at++] = c.charCodeAt(k);
  for (let k = 0; k < tail.length; k++) out[at++] = tail.charCodeAt(k);
  return String.fromCharCode(...out);
}

const PAIR = ['', ''];

/** `a + sep + b` as one flat string (`join` on a reused array: no temporary array, no rope). */
export function joinPair(a: string, sep: string, b: string): string {
  PAIR[0] = a; PAIR[1] = b;
  return PAIR.join(sep);
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

const EMAIL_PARTS = new Array<string>(6).fill('');

/**
 * The draws of a canonical e-mail (surname, dot, given name, domain, in that order), packed:
 * surname | dot << 5 | given << 6 | domain << 11. {@link emailFromDraws} renders them.
 */
export function drawEmail(rng: Rng): number {
  const sur = rng.int(0, SURNAMES.length - 1);
  const dot = rng.bernoulli(0.4) ? 1 : 0;
  const given = rng.int(0, GIVEN.length - 1);
  const domain = rng.int(0, MAIL_DOMAINS.length - 1);
  return sur | (dot << 5) | (given << 6) | (domain << 11);
}

/** Canonical (lower-case) e-mail of person `i` from {@link drawEmail}'s draws: pinyin name + a unique number. */
export function emailFromDraws(i: number, salt: number, draws: number): string {
  const parts = EMAIL_PARTS;
  parts[0] = SURNAMES[draws & 31]!; parts[1] = (draws >>> 5) & 1 ? '.' : ''; parts[2] = GIVEN[(draws >>> 6) & 31]!;
  parts[3] = mix32(i, salt).toString(10); parts[4] = '@'; parts[5] = MAIL_DOMAINS[(draws >>> 11) & 7]!;
  return parts.join('');
}

/** Canonical (lower-case) e-mail of person `i`: pinyin name + a unique number. */
export function canonicalEmail(i: number, salt: number, rng: Rng): string {
  return emailFromDraws(i, salt, drawEmail(rng));
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

const HEX_UPPER = Array.from('0123456789ABCDEF', (ch) => ch.charCodeAt(0));

/** Writes the 8 hex digits (`digits`: lower- or upper-case table) of the 32-bit `x` into `codes[at..at+8)`. */
function hexInto(codes: number[], at: number, x: number, digits: readonly number[]): void {
  for (let k = 7; k >= 0; k--) { codes[at + k] = digits[x & 15]!; x >>>= 4; }
}

const HEX_DIGITS = new Array<number>(32).fill(D0);
const UUID_CODES = new Array<number>(36).fill(D0);
const VARIANT_LOWER = [56, 57, 97, 98], VARIANT_UPPER = [56, 57, 65, 66]; // 8 9 a b / 8 9 A B

/**
 * A random UUID v4 (36 chars, one flat string built from char codes), in upper case when `upper`
 * (the same characters as `toUpperCase()` of the lower-case one, without the second string).
 */
function uuid(a: number, b: number, c: number, d: number, variant: number, upper: boolean): string {
  const digits = upper ? HEX_UPPER : HEX;
  const h = HEX_DIGITS;
  hexInto(h, 0, a, digits); hexInto(h, 8, b, digits); hexInto(h, 16, c, digits); hexInto(h, 24, d, digits);
  // Layout: h[0..8) - h[8..12) - '4' h[13..16) - variant h[17..20) - h[20..32)
  const u = UUID_CODES;
  for (let k = 0; k < 8; k++) u[k] = h[k]!;
  u[8] = 45;
  for (let k = 8; k < 12; k++) u[k + 1] = h[k]!;
  u[13] = 45; u[14] = 52;
  for (let k = 13; k < 16; k++) u[k + 2] = h[k]!;
  u[18] = 45; u[19] = (upper ? VARIANT_UPPER : VARIANT_LOWER)[variant]!;
  for (let k = 17; k < 20; k++) u[k + 3] = h[k]!;
  u[23] = 45;
  for (let k = 20; k < 32; k++) u[k + 4] = h[k]!;
  return String.fromCharCode(...u);
}

/**
 * The draws of a device id: 4 uint32 into `words[at..at+4)`; returns variant | ios << 2 (in draw
 * order: the iOS flag, the 4 words, the variant). {@link deviceFromDraws} renders them.
 */
export function drawDevice(rng: Rng, words: Uint32Array, at: number): number {
  const ios = rng.bernoulli(0.55);
  words[at] = rng.nextUint32(); words[at + 1] = rng.nextUint32(); words[at + 2] = rng.nextUint32(); words[at + 3] = rng.nextUint32();
  const variant = rng.int(0, 3);
  return variant | (ios ? 4 : 0);
}

/** The device id of {@link drawDevice}'s draws: an iOS IDFA (upper-case UUID) or an Android OAID (lower-case UUID). */
export function deviceFromDraws(words: Uint32Array, at: number, meta: number): string {
  return uuid(words[at]!, words[at + 1]!, words[at + 2]!, words[at + 3]!, meta & 3, (meta & 4) !== 0);
}

const WORDS = new Uint32Array(6);

/** A device id: an iOS IDFA (upper-case UUID, 55 %) or an Android OAID (lower-case UUID). */
export function deviceId(rng: Rng): string {
  const meta = drawDevice(rng, WORDS, 0);
  return deviceFromDraws(WORDS, 0, meta);
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

const WECHAT_CODES = new Array<number>(28).fill(D0);

/** The 6 uint32 draws of a WeChat id into `words[at..at+6)`. */
export function drawWechat(rng: Rng, words: Uint32Array, at: number): void {
  for (let k = 0; k < 6; k++) words[at + k] = rng.nextUint32();
}

/** A WeChat-style openid / unionid: `o` + 27 base64url characters (28 chars, ~162 random bits). */
export function wechatId(rng: Rng): string {
  drawWechat(rng, WORDS, 0);
  return wechatFromDraws(WORDS, 0);
}

/** The WeChat id of {@link drawWechat}'s draws (5 characters from each word, 6 bits each). */
export function wechatFromDraws(words: Uint32Array, at: number): string {
  const codes = WECHAT_CODES;
  codes[0] = 111; // 'o'
  let w = at;
  for (let k = 1; k < 28; k++) {
    const x = words[w++]!;
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
  drawCookie(rng, WORDS, 0);
  return cookieFromDraws(WORDS, 0);
}

/** The 4 uint32 draws of a cookie id into `words[at..at+4)`. */
export function drawCookie(rng: Rng, words: Uint32Array, at: number): void {
  for (let k = 0; k < 4; k++) words[at + k] = rng.nextUint32();
}

/** The cookie id (32 lower-case hex characters) of {@link drawCookie}'s draws. */
export function cookieFromDraws(words: Uint32Array, at: number): string {
  const h = HEX_DIGITS;
  hexInto(h, 0, words[at]!, HEX); hexInto(h, 8, words[at + 1]!, HEX); hexInto(h, 16, words[at + 2]!, HEX); hexInto(h, 24, words[at + 3]!, HEX);
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
