/**
 * audience-kit/lookalike: expand a seed audience to the people most like it. Fit a model on seed
 * embeddings (centroid, prototypes, exact kNN, or a positive–unlabeled classifier), score
 * candidates, expand to a size or reach, evaluate (AUC, precision/recall/lift at reach, gains),
 * and explain a score per feature. Models are plain JSON (`kind: 'lookalike'`, `version: 1`).
 * @module
 */
export { fitLookalike, FitLookalikeOptionsSchema, MAX_PROTOTYPES } from './fitLookalike.js';
export type { FitLookalikeOptions } from './fitLookalike.js';
export { scoreLookalike, lookalikeKernel } from './scoreLookalike.js';
export { expandAudience, ExpandTargetSchema } from './expandAudience.js';
export type { ExpandTarget, ExpandAudienceOptions, ExpandedAudience } from './expandAudience.js';
export { evaluateLookalike, EvaluateLookalikeOptionsSchema } from './evaluateLookalike.js';
export type { EvaluateLookalikeOptions, LookalikeEvaluation, ReachMetrics } from './evaluateLookalike.js';
export { explainLookalike, ExplainLookalikeOptionsSchema } from './explainLookalike.js';
export type { ExplainLookalikeOptions, LookalikeExplanation, FeatureContribution } from './explainLookalike.js';
export {
  parseLookalikeModel, LookalikeModelSchema, CentroidModelSchema, PrototypesModelSchema, KnnModelSchema, ClassifierModelSchema,
  LOOKALIKE_MODEL_VERSION,
} from './model.js';
export type { LookalikeModel, LookalikeMethod, CentroidModel, PrototypesModel, KnnModel, ClassifierModel } from './model.js';
export { EmbeddingsSchema as LookalikeEmbeddingsSchema } from './internal/embeddings.js';
