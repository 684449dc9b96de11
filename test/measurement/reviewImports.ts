export { summarize } from '../../src/core/index.js';
export { diffInDiff, experimentCounts, holdoutLift, powerTwoProportions, syntheticDiD, timeBasedRegression } from '../../src/measurement/index.js';
