/**
 * audience-kit/lifecycle: 4A / AIPL stage models and transitions (stages/), buy-till-you-die
 * models and customer lifetime value (ltv/).
 * @module
 */
export * from './stages/index.js';
export * from './ltv/index.js';
