import { z } from 'zod';
import { parseWith } from '../../core/index.js';
import { IdentifierTypeSchema } from './identifier.js';

/**
 * Rules of {@link resolveIdentities}. Every field is optional; see {@link DEFAULT_RULES}.
 */
export interface IdentityRules {
  /**
   * Identifier types from strongest to weakest. A person's canonical id is a stable hash of its
   * strongest identifier (ties: the lexicographically smallest value); types not listed rank
   * after the listed ones, alphabetically.
   */
  readonly priority?: readonly string[];
  /**
   * At most N identifiers of a type per person (`{ account: 1 }`). A merge that would break a
   * limit is refused and recorded with the link that asked for it. The guard also uses them to
   * count people: two accounts with limit 1 are two people. Replaces the default object whole.
   */
  readonly limits?: Readonly<Record<string, number>>;
  /**
   * Shared-identifier guard: an identifier observed with more than this many people — counted from
   * the strong identities (components of person-level identifiers) seen with it in some link, as
   * the largest `identifiers of a limited type / limit` — is not used to merge and is reported in
   * `graph.shared`. Default 1. `Infinity` turns the guard off.
   */
  readonly maxPeoplePerIdentifier?: number;
  /**
   * Types of device- and browser-level identifiers that several people can share (a family tablet,
   * a shared computer's cookie). The other types are person-level: their components over the links
   * are the "strong identities" the shared-identifier guard counts. Default
   * `['device', 'idfa', 'gaid', 'oaid', 'cookie']`.
   */
  readonly weakTypes?: readonly string[];
  /**
   * Values never used: a string matches a normalized value exactly or a `type:value` key; a RegExp
   * is tested against the normalized value. Added to the built-in junk list (`unknown`,
   * `anonymous`, `null`, `undefined`, `none`, `n/a`, `-1`, all-zero ids, empty strings).
   */
  readonly blocked?: readonly (string | RegExp)[];
  /** Prepended to the strongest identifier before hashing it into the person id. Default `''`. */
  readonly personIdSalt?: string;
}

/**
 * The defaults: a customer-data platform's usual trust order, and strict limits — one of each
 * person-level identifier per person (raise `phone: 2` where customers often register two numbers;
 * each raise lets more over-merges through). Devices and cookies are unlimited (people have several).
 */
export const DEFAULT_RULES = {
  priority: ['account', 'unionid', 'phone', 'email', 'qq', 'openid', 'device', 'cookie'],
  limits: { account: 1, unionid: 1, openid: 1, qq: 1, phone: 1, email: 1 },
  maxPeoplePerIdentifier: 1,
  weakTypes: ['device', 'idfa', 'gaid', 'oaid', 'cookie'],
  blocked: [],
  personIdSalt: '',
} as const satisfies Required<IdentityRules>;

/** Zod schema of {@link IdentityRules}. */
export const IdentityRulesSchema = z.object({
  priority: z.array(IdentifierTypeSchema).optional(),
  limits: z.record(IdentifierTypeSchema, z.number().int().min(1)).optional(),
  maxPeoplePerIdentifier: z.union([z.number().int().min(1), z.literal(Infinity)]).optional(),
  weakTypes: z.array(IdentifierTypeSchema).optional(),
  blocked: z.array(z.union([z.string(), z.instanceof(RegExp)])).optional(),
  personIdSalt: z.string().optional(),
});

/** Rules with every default filled in, in a JSON-safe form (RegExps as `{ pattern, flags }`). @internal */
export interface ResolvedRules {
  readonly priority: readonly string[];
  readonly limits: readonly (readonly [string, number])[];
  readonly maxPeoplePerIdentifier: number;
  readonly weakTypes: readonly string[];
  readonly blocked: readonly ({ readonly value: string } | { readonly pattern: string; readonly flags: string })[];
  readonly personIdSalt: string;
}

/** Validates rules and fills defaults. @internal */
export function resolveRules(rules: unknown): ResolvedRules {
  const r = parseWith(IdentityRulesSchema, rules ?? {}, 'identity rules', 'INVALID_OPTION');
  const limits = r.limits === undefined ? Object.entries(DEFAULT_RULES.limits) : Object.entries(r.limits);
  limits.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    priority: r.priority ?? DEFAULT_RULES.priority,
    limits,
    maxPeoplePerIdentifier: r.maxPeoplePerIdentifier ?? DEFAULT_RULES.maxPeoplePerIdentifier,
    weakTypes: r.weakTypes ?? DEFAULT_RULES.weakTypes,
    blocked: (r.blocked ?? []).map((b) => (typeof b === 'string' ? { value: b } : { pattern: b.source, flags: b.flags })),
    personIdSalt: r.personIdSalt ?? '',
  };
}
