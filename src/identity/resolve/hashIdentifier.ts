import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { parseWith } from '../../core/index.js';
import { IdentifierSchema, type Identifier } from './identifier.js';
import { normalizeIdentifier, NormalizeOptionsSchema, type NormalizeOptions } from './normalizeIdentifier.js';

/**
 * How the normalized value is written before hashing, per ad-platform convention:
 * - `'e164'` (default): phone `+8613800138000`; email trimmed + lower-case. Google Ads Customer
 *   Match / Display & Video 360 ("E.164 … include the country code"), TikTok customer files.
 * - `'google'`: as `'e164'`, and dots removed from the local part of `gmail.com` /
 *   `googlemail.com` addresses (Campaign Manager 360 enhanced conversions).
 * - `'digits'`: phone digits with the country code and no `+` (`8613800138000`), as Meta custom
 *   audiences ask ("digits only, include the country code").
 * - `'national'`: phone national number without country code (`13800138000`), for platforms and
 *   in-house lists that hash the bare 11-digit mainland mobile (TikTok also accepts this form).
 */
export type HashFormat = 'e164' | 'google' | 'digits' | 'national';

/** Options of {@link hashIdentifier}. */
export interface HashOptions extends NormalizeOptions {
  /** Prepended to the rendered value before hashing (`sha256(salt + value)`); default none. */
  readonly salt?: string;
  /** {@link HashFormat}; default `'e164'`. */
  readonly format?: HashFormat;
}

/** Zod schema of {@link HashOptions}. */
export const HashOptionsSchema = NormalizeOptionsSchema.extend({
  salt: z.string().optional(),
  format: z.enum(['e164', 'google', 'digits', 'national']).optional(),
});

const HEX64 = /^[0-9a-f]{64}$/;

/** Lower-case hex SHA-256 of a UTF-8 string (@noble/hashes, audited, no Node built-ins). @internal */
export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

function render(id: Identifier, format: HashFormat, cc: string): string {
  const { type, value } = id;
  if (type === 'phone' && value.startsWith('+')) {
    if (format === 'digits') return value.slice(1);
    if (format === 'national') {
      // The country code is the default one when the number starts with it, else the longest known one.
      const digits = value.slice(1);
      return digits.startsWith(cc) ? digits.slice(cc.length) : digits;
    }
  }
  if (type === 'email' && format === 'google') {
    const at = value.lastIndexOf('@');
    const domain = value.slice(at + 1);
    if (domain === 'gmail.com' || domain === 'googlemail.com') return `${value.slice(0, at).replaceAll('.', '')}@${domain}`;
  }
  return value;
}

/**
 * Hashes an identifier for a hashed customer-list upload: normalizes it
 * ({@link normalizeIdentifier}), renders it in the platform's `format`, and returns the same type
 * with `value` = lower-case hex SHA-256 (FIPS 180-4) of `salt + rendered value`. A value that is
 * already a SHA-256 hash (64 hex characters) passes through unchanged (lower-cased), so hashed and
 * clear lists can be joined on the hashed form. SHA-256 comes from `@noble/hashes` (audited,
 * synchronous, runs in browsers). Complexity O(length of the value).
 *
 * @param id - the identifier (raw or normalized).
 * @param options - `salt`, `format` ({@link HashFormat}) and the {@link NormalizeOptions}.
 * @returns `{ type, value: <64 hex> }`.
 * @throws AudienceKitError `INVALID_IDENTIFIER` when the value cannot be normalized;
 *   `INVALID_INPUT` / `INVALID_OPTION` for malformed arguments.
 * @example
 * hashIdentifier({ type: 'email', value: ' Test@Example.com ' });
 * // => { type: 'email', value: '973dfe463ec85785f5f95af5ba3906eedb2d931c24e69824a89ea65dba4e813b' }
 * hashIdentifier({ type: 'phone', value: '138 0013 8000' }, { format: 'digits' }).value; // sha256('8613800138000')
 */
export function hashIdentifier(id: Identifier, options: HashOptions = {}): Identifier {
  const parsed = parseWith(IdentifierSchema, id, 'identifier');
  const opts = parseWith(HashOptionsSchema, options, 'hashIdentifier options', 'INVALID_OPTION');
  const trimmed = parsed.value.trim().toLowerCase();
  if (HEX64.test(trimmed)) return { type: parsed.type, value: trimmed };
  const normOpts: NormalizeOptions = opts.defaultCountryCode === undefined ? {} : { defaultCountryCode: opts.defaultCountryCode };
  const norm = normalizeIdentifier(parsed, opts.gmailCanonical === undefined ? normOpts : { ...normOpts, gmailCanonical: opts.gmailCanonical });
  const text = render(norm, opts.format ?? 'e164', opts.defaultCountryCode ?? '86');
  return { type: parsed.type, value: sha256Hex((opts.salt ?? '') + text) };
}
