/**
 * Lifecycle stages: 4A / AIPL stage models, stage assignment with evidence, stage transitions
 * (a mergeable summary) and Markov projections, value per stage.
 * @module
 */
export { defineStageModel, StageModelSpecSchema, StageModelSchema, StageRuleSchema, StageSpecSchema, NO_STAGE, MAX_RULES } from './stageModel.js';
export type { StageModel, StageModelSpec, StageRule, StageSpec } from './stageModel.js';
export { FOUR_A, AIPL } from './presets.js';
export { EventFieldsSchema } from './internal/columnar.js';
export type { EventFields } from './internal/columnar.js';
export { assignStages, AssignStagesOptionsSchema } from './assignStages.js';
export type { AssignStagesOptions, PersonStage, StageAssignment } from './assignStages.js';
export { createStageWorkspace, StageWorkspace } from './workspace.js';
export { stageTransitions, stageTransitionSummary, StageTransitionsOptionsSchema, StageTransitionStateSchema, PeriodsSchema } from './stageTransitions.js';
export type { StageTransitions, StageTransitionsOptions, StageTransitionState, TransitionStep, Periods } from './stageTransitions.js';
export { stageFlows, StageFlowsOptionsSchema } from './stageFlows.js';
export type { StageFlow, StageFlowsOptions } from './stageFlows.js';
export type { TransitionInput } from './internal/stochastic.js';
export { forecastStages } from './forecastStages.js';
export { steadyState } from './steadyState.js';
export { expectedTimeToStage } from './expectedTimeToStage.js';
export type { TimeToStage } from './expectedTimeToStage.js';
export { stageValue, StageValueOptionsSchema } from './stageValue.js';
export type { StagedPeople, PersonValues, StageValueOptions, StageValueRow, StageUpgrade } from './stageValue.js';
export { explainStage, ExplainStageOptionsSchema } from './explainStage.js';
export type { ExplainStageOptions } from './explainStage.js';
