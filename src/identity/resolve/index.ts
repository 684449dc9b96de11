/**
 * Deterministic identity resolution: identifier normalization and hashing, and the identity
 * graph (rules, limits, shared-identifier guard, explanations, evaluation).
 * @module
 */
export type { Identifier, IdentityLink } from './identifier.js';
export { IdentifierSchema, IdentityLinkSchema, IdentifierTypeSchema, identifierKey } from './identifier.js';
