/**
 * audience-kit: audience modeling as pure functions — identity resolution, feature vectors,
 * lookalike scoring, lifecycle stages and lifetime value, multi-touch attribution and campaign
 * measurement, on a deterministic simulated market. Every module is also a subpath
 * (`audience-kit/core`, ...).
 * @module
 */
export * from './core/index.js';
export * from './segments/index.js';
export * from './attribution/index.js';
export * from './measurement/index.js';
export * from './lifecycle/index.js';
export * from './lookalike/index.js';
export * from './simulate/index.js';
export * from './identity/index.js';
export * from './features/index.js';
