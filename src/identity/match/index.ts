/**
 * Probabilistic record matching (Fellegi–Sunter) for records without a shared key.
 * @module
 */
export { matchRecords } from './matchRecords.js';
export type { MatchOptions } from './matchRecords.js';
export { linkRecords } from './linkRecords.js';
export { MatchConfigSchema, FieldComparisonSchema } from './matchConfig.js';
export type { MatchConfig, MatchConfigInput, FieldComparison, FieldComparisonInput, MatchRecord } from './matchConfig.js';
export { MatchModelSchema, parseMatchModel } from './matchModel.js';
export type { MatchModel } from './matchModel.js';
export type { MatchResult, ScoredPairs } from './matchResult.js';
export { jaro, jaroWinkler } from './jaroWinkler.js';
export type { JaroWinklerOptions } from './jaroWinkler.js';
export { explainPair, describeBayesFactor } from './explainPair.js';
export type { PairExplanation, FieldContribution } from './explainPair.js';
export { toIdentityLinks, IdentityLinkOptionsSchema } from './toIdentityLinks.js';
export type { ProbabilisticLink, IdentityLinkOptions } from './toIdentityLinks.js';
