/**
 * audience-kit/identity: identifier normalization and hashing, the deterministic identity graph
 * (resolve/), and probabilistic Fellegi–Sunter record matching (match/).
 * @module
 */
export * from './resolve/index.js';
export * from './match/index.js';
