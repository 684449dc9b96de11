/**
 * audience-kit/attribution: multi-touch attribution on customer journeys — columnar journey
 * tables (parsed from path strings, built from touchpoints, or summed as a mergeable summary),
 * heuristic models, exact Markov removal effects, and Shapley values.
 * @module
 */
export { RESERVED_STATES, JourneySchema, JourneysSchema, journeyTable, toJourneys, journeyCount, isReservedState } from './journeyTable.js';
export type { Journey, JourneyTable, JourneyInput } from './journeyTable.js';
export { parsePaths, ParsePathsOptionsSchema } from './parsePaths.js';
export type { ParsePathsOptions } from './parsePaths.js';
export { journeyCounts, aggregateJourneys, JourneyCountsJsonSchema } from './journeyCounts.js';
export type { JourneyCountsState, JourneyCountsJson } from './journeyCounts.js';
export { journeysFromTouchpoints, TouchpointSchema, ConversionSchema, JourneysFromTouchpointsOptionsSchema } from './journeysFromTouchpoints.js';
export type { Touchpoint, Conversion, JourneysFromTouchpointsOptions, JourneysFromTouchpointsResult } from './journeysFromTouchpoints.js';
export { heuristicAttribution, HEURISTIC_MODELS, HeuristicOptionsSchema } from './heuristicAttribution.js';
export type { HeuristicModel, HeuristicOptions, HeuristicResult } from './heuristicAttribution.js';
export { markovAttribution, MarkovOptionsSchema } from './markovAttribution.js';
export type { MarkovOptions, MarkovResult, RemovalEffect, SparseTransitions } from './markovAttribution.js';
export { shapleyAttribution, ShapleyOptionsSchema, SHAPLEY_EXACT_MAX_CHANNELS } from './shapleyAttribution.js';
export type { ShapleyOptions, ShapleyResult, ShapleyStandardError } from './shapleyAttribution.js';
export type { AttributionResult, ChannelCredit } from './result.js';
