/**
 * audience-kit/measurement: what did a campaign cause? Person-level holdout lift, its mergeable
 * counts and power; stage lift on the 4A ladder; geo and panel estimators (geo/); and report
 * sentences for every result.
 * @module
 */
export type { Interval } from './interval.js';
export { holdoutLift, probabilityBetaGreater, ArmSchema, HoldoutLiftInputSchema, HoldoutLiftOptionsSchema } from './holdoutLift.js';
export type { Arm, HoldoutLiftResult } from './holdoutLift.js';
export { experimentCounts } from './experimentCounts.js';
export type { ArmCounts, ExperimentCounts, ExperimentCountsState, ExperimentRow, FinishedArm } from './experimentCounts.js';
export { powerTwoProportions, PowerOptionsSchema } from './powerTwoProportions.js';
export type { PowerResult } from './powerTwoProportions.js';
export { stageLift, StageLiftInputSchema, StageLiftOptionsSchema } from './stageLift.js';
export type { StageLiftResult, ShareLift } from './stageLift.js';
export { summarizeMeasurement, chanceSentence } from './summarizeMeasurement.js';
export type { MeasurementResult } from './summarizeMeasurement.js';
export * from './geo/index.js';
