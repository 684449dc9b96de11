/**
 * Deterministic identity resolution: identifier normalization and hashing, and the identity
 * graph (rules, limits, shared-identifier guard, explanations, evaluation).
 * @module
 */
export type { Identifier, IdentityLink } from './identifier.js';
export { IdentifierSchema, IdentityLinkSchema, IdentifierTypeSchema, identifierKey } from './identifier.js';
export type { NormalizeOptions } from './normalizeIdentifier.js';
export { normalizeIdentifier, NormalizeOptionsSchema } from './normalizeIdentifier.js';
export type { HashFormat, HashOptions } from './hashIdentifier.js';
export { hashIdentifier, HashOptionsSchema } from './hashIdentifier.js';
export type { IdentityRules } from './rules.js';
export { DEFAULT_RULES, IdentityRulesSchema } from './rules.js';
export type { LinkState, LinkConfig, RejectedRow, RejectReason } from './linkSummary.js';
export { LinkStateSchema, linkStateFromJSON, mergeLinkStates } from './linkSummary.js';
export type { IdentityGraph, ResolveOptions, SharedIdentifier, RefusedMerge } from './resolveIdentities.js';
export { resolveIdentities, identityLinkSummary } from './resolveIdentities.js';
export type { ResolvedRules } from './rules.js';
export { personOf } from './personOf.js';
export { identifiersOf } from './identifiersOf.js';
export type { IdentityExplanation, ExplainStep, ExplainBlocker } from './explainIdentity.js';
export { explainIdentity } from './explainIdentity.js';
export type { ResolutionEvaluation } from './evaluateResolution.js';
export { evaluateResolution } from './evaluateResolution.js';
