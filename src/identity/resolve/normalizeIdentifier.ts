import { z } from 'zod';
import { AudienceKitError, maskValue, parseWith } from '../../core/index.js';
import { IdentifierSchema, type Identifier } from './identifier.js';

/** Options of {@link normalizeIdentifier}. */
export interface NormalizeOptions {
  /** Country calling code for phone numbers written without one (digits, no `+`). Default `'86'`. */
  readonly defaultCountryCode?: string;
  /**
   * Gmail canonical form for `email`: drop dots and a `+tag` from the local part of `gmail.com` /
   * `googlemail.com` addresses and write the domain as `gmail.com` (Gmail delivers all of these to
   * one mailbox). Default `false`: plain trim + lower-case, as most platforms expect.
   */
  readonly gmailCanonical?: boolean;
}

/** Zod schema of {@link NormalizeOptions}. */
export const NormalizeOptionsSchema = z.object({
  defaultCountryCode: z.string().regex(/^[1-9]\d{0,2}$/, 'must be 1–3 digits, not starting with 0').optional(),
  gmailCanonical: z.boolean().optional(),
});

const HEX64 = /^[0-9a-fA-F]{64}$/;
const UUID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/;

/** National significant number lengths of a few calling codes (ITU-T E.164 national plans). */
function nationalOk(cc: string, nsn: string): boolean {
  switch (cc) {
    // China: mobile 1[3-9] + 9 digits; landline area code (10, 2x, or 3 digits 3xx–9xx) + 7–8 digits.
    case '86': return /^1[3-9]\d{9}$/.test(nsn) || /^(?:10|2\d|[3-9]\d\d)\d{7,8}$/.test(nsn);
    case '1': return /^[2-9]\d{9}$/.test(nsn); // NANP: 10 digits
    case '852': case '853': case '65': return /^\d{8}$/.test(nsn); // Hong Kong, Macau, Singapore
    case '886': return /^\d{8,9}$/.test(nsn); // Taiwan
    case '44': return /^\d{9,10}$/.test(nsn); // UK
    case '81': return /^\d{9,10}$/.test(nsn); // Japan
    default: return nsn.length >= 4 && cc.length + nsn.length <= 15; // E.164: at most 15 digits
  }
}

/** Known calling codes tried when a number starts with `+`/`00` (longest first). */
const KNOWN_CC = ['852', '853', '886', '86', '65', '44', '81', '1'];

/**
 * Why a raw identifier cannot be normalized, or `undefined` and the normalized value in `out[0]`.
 * The non-throwing core shared by {@link normalizeIdentifier} and the resolver.
 * @internal
 */
export function normalizeValue(type: string, raw: string, cc: string, gmail: boolean, out: string[]): string | undefined {
  const v = raw.trim();
  if (v === '') return 'empty value';
  if (type === 'email' || type === 'phone') {
    if (HEX64.test(v)) { out[0] = v.toLowerCase(); return undefined; } // already SHA-256 hashed
  }
  switch (type) {
    case 'email': {
      const s = v.toLowerCase();
      const at = s.lastIndexOf('@');
      if (at <= 0 || at === s.length - 1 || s.indexOf('@') !== at) return 'an email needs exactly one @ with text on both sides';
      if (/\s/.test(s)) return 'an email cannot contain spaces';
      let local = s.slice(0, at);
      let domain = s.slice(at + 1);
      if (!/^[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(domain)) return 'the email domain is not a valid host name';
      if (gmail && (domain === 'gmail.com' || domain === 'googlemail.com')) {
        const plus = local.indexOf('+');
        if (plus >= 0) local = local.slice(0, plus);
        local = local.replaceAll('.', '');
        domain = 'gmail.com';
        if (local === '') return 'the gmail local part is empty';
      }
      out[0] = `${local}@${domain}`;
      return undefined;
    }
    case 'phone': {
      const s = v.replace(/[\s\-().\u00a0/]/g, '');
      if (!/^\+?\d+$/.test(s)) return 'a phone number may contain only digits, spaces, dashes, dots, parentheses and a leading +';
      let intl: string | undefined; // digits with country code
      if (s.startsWith('+')) intl = s.slice(1);
      else if (s.startsWith('00')) intl = s.slice(2);
      if (intl !== undefined) {
        for (const k of KNOWN_CC) {
          if (intl.startsWith(k)) {
            let nsn = intl.slice(k.length);
            if (k !== '1' && nsn.startsWith('0')) nsn = nsn.slice(1); // written trunk prefix: +86 (0)10 …
            if (!nationalOk(k, nsn)) return `impossible length or prefix for country code +${k}`;
            out[0] = `+${k}${nsn}`;
            return undefined;
          }
        }
        if (intl.length < 7 || intl.length > 15 || intl.startsWith('0')) return 'an international number has 7–15 digits (E.164)';
        out[0] = `+${intl}`;
        return undefined;
      }
      // No international prefix: a bare country code (86 + mobile) or a national number.
      if (s.startsWith(cc) && nationalOk(cc, s.slice(cc.length)) && !nationalOk(cc, s) && !nationalOk(cc, s.replace(/^0/, ''))) {
        out[0] = `+${s}`;
        return undefined;
      }
      if (cc === '86' && s.length === 13 && s.startsWith('86') && /^1[3-9]\d{9}$/.test(s.slice(2))) { out[0] = `+${s}`; return undefined; }
      const nsn = cc !== '1' && s.startsWith('0') ? s.slice(1) : s;
      if (!nationalOk(cc, nsn)) return `impossible length or prefix for a national number of country code +${cc}`;
      out[0] = `+${cc}${nsn}`;
      return undefined;
    }
    case 'device': case 'idfa': case 'gaid': case 'oaid': {
      if (/\s/.test(v)) return 'a device id cannot contain spaces';
      if (/^[0-9a-fA-F-]+$/.test(v) && /^[0-]+$/.test(v)) return 'an all-zero device id (tracking disabled)';
      // IDFA is written upper-case, GAID/OAID lower-case (as the OS reports them). A plain `device`
      // in UUID form is the same id whatever its case: upper-case it (IDFA convention) so both join.
      const upper = type === 'idfa' || (type === 'device' && UUID.test(v));
      out[0] = upper ? v.toUpperCase() : v.toLowerCase();
      return undefined;
    }
    case 'qq': {
      const s = v.replace(/\s/g, '');
      if (!/^[1-9]\d{4,11}$/.test(s)) return 'a QQ number has 5–12 digits and does not start with 0';
      out[0] = s;
      return undefined;
    }
    default:
      out[0] = v;
      return undefined;
  }
}

/**
 * Normalizes an identifier to its canonical form, so the same person's identifier written two
 * ways compares equal:
 * - `email`: trimmed, lower-cased; Gmail dots/`+tag` only with `gmailCanonical`.
 * - `phone`: E.164 (`+8613800138000`), accepting spaces, dashes, dots, parentheses, `+86`, `0086`,
 *   a bare `86` before a mobile number, a national trunk `0`; the country code for national
 *   numbers is `defaultCountryCode` (default `86`); impossible lengths are refused (China:
 *   mobile `1[3-9]` + 9 digits, landline area code + 7–8 digits; E.164 at most 15 digits).
 * - `device` (and `idfa`, `gaid`, `oaid`): `idfa` upper-case, `gaid`/`oaid` lower-case, a `device`
 *   in UUID form upper-case, other device ids lower-case; all-zero ids are refused.
 * - `qq`: 5–12 digits. Every other type (`account`, `openid`, `unionid`, `cookie`, custom): trimmed,
 *   case kept (openids are case-sensitive).
 * - `email`/`phone` values that are already SHA-256 hashes (64 hex) pass through lower-cased.
 *
 * Reference: ITU-T E.164; Google Ads Customer Match and Meta custom-audience normalization guides.
 * Complexity O(length of the value).
 *
 * @param id - the raw identifier.
 * @param options - {@link NormalizeOptions}.
 * @returns the normalized identifier (a new object).
 * @throws AudienceKitError `INVALID_IDENTIFIER` saying why (value masked); `INVALID_INPUT` for a
 *   malformed `id`; `INVALID_OPTION` for bad options.
 * @example
 * normalizeIdentifier({ type: 'phone', value: '+86 138-0013-8000' }); // => { type: 'phone', value: '+8613800138000' }
 * normalizeIdentifier({ type: 'email', value: ' Li.Lei@Example.COM ' }); // => { type: 'email', value: 'li.lei@example.com' }
 */
export function normalizeIdentifier(id: Identifier, options: NormalizeOptions = {}): Identifier {
  const parsed = parseWith(IdentifierSchema, id, 'identifier');
  const opts = parseWith(NormalizeOptionsSchema, options, 'normalizeIdentifier options', 'INVALID_OPTION');
  const out: string[] = [''];
  const why = normalizeValue(parsed.type, parsed.value, opts.defaultCountryCode ?? '86', opts.gmailCanonical ?? false, out);
  if (why !== undefined) {
    throw new AudienceKitError('INVALID_IDENTIFIER', `Invalid ${parsed.type} ${maskValue(parsed.value)}: ${why}`, {
      issues: [{ path: ['value'], message: why }],
    });
  }
  return { type: parsed.type, value: out[0]! };
}
