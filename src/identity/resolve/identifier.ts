import { z } from 'zod';

/**
 * An identifier: a `type` (`'phone'`, `'email'`, `'account'`, `'device'`, `'openid'`, `'unionid'`,
 * `'qq'`, `'cookie'`, or any custom type) and its `value`. After {@link normalizeIdentifier} the
 * value is canonical, so two observations of the same identifier compare equal as strings.
 * Keys built from identifiers go into `Map`s (`type + ':' + value`), never plain objects.
 */
export interface Identifier {
  readonly type: string;
  readonly value: string;
}

/**
 * Identifiers observed together by one source at one time (a login, a CRM row, a POS scan):
 * the evidence the identity graph is built from. `source` names where it came from (it is kept
 * for the audit trail: `'commerce_login'`, `'crm_upload'`, `'probabilistic'`, …); `time` is epoch ms.
 */
export interface IdentityLink {
  readonly identifiers: readonly Identifier[];
  readonly source?: string;
  readonly time?: number;
}

/** Identifier types: letters, digits, `_`, `-`, `.`, starting with a letter (so `type:value` keys are unambiguous). */
export const IdentifierTypeSchema = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, 'must be letters, digits, _ . - starting with a letter');

/** Zod schema of an {@link Identifier} (shape only; the value is checked by `normalizeIdentifier`). */
export const IdentifierSchema = z.object({ type: IdentifierTypeSchema, value: z.string() });

/** Zod schema of an {@link IdentityLink} (shape only). */
export const IdentityLinkSchema = z.object({
  identifiers: z.array(IdentifierSchema),
  source: z.string().optional(),
  time: z.number().refine(Number.isFinite, { message: 'must be a finite time in epoch ms' }).optional(),
});

/**
 * The `Map` key of an identifier: `type + ':' + value` (the simulator's truth uses the same form).
 * @example
 * identifierKey({ type: 'phone', value: '+8613800138000' }); // => 'phone:+8613800138000'
 */
export function identifierKey(id: Identifier): string {
  return `${id.type}:${id.value}`;
}
