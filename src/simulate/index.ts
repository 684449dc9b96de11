/**
 * audience-kit/simulate: a deterministic synthetic market with ground truth (identifiers and
 * identity links with noise, profiles, touchpoints with known channel effects, a latent 4A
 * lifecycle, BG/NBD repeat purchases) — the embedded default data of the demo, tests and benchmarks.
 * @module
 */
export { simulateWorld, personIdOf } from './simulateWorld.js';
export { personIndex } from './personIndex.js';
export { stageAt } from './stageAt.js';
export { summarizeWorld } from './summarizeWorld.js';
export type { WorldSummary } from './summarizeWorld.js';
export {
  SimulateOptionsSchema, DEFAULT_CHANNEL_EFFECTS, DEFAULT_EXPOSURE_RATES, DEFAULT_IDENTIFIER_MIX, DEFAULT_STAGE_TRANSITION,
  DEFAULT_INITIAL_ACTIVITY, DEFAULT_PURCHASE_PROCESS, DEFAULT_STAGE_WINDOW_DAYS, MAX_PEOPLE, TOUCH_CAP,
  CampaignOptionsSchema, DEFAULT_CAMPAIGN,
} from './options.js';
export type { SimulateOptions, ResolvedSimulateOptions, ResolvedCampaignOptions } from './options.js';
export * from './types.js';
