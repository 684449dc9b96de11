/**
 * audience-kit/features: declarative feature specs, fitted vectorizers that are plain JSON
 * (mergeable fits), vectorization to row-major Float32 embeddings, event aggregates (windowed
 * counts, decayed engagement, RFM) and PCA.
 * @module
 */
export {
  defineFeatures, FeatureSpecSchema, FeatureDefinitionSchema, NumericFeatureSchema, CategoricalFeatureSchema,
  TagsFeatureSchema, HashedFeatureSchema, BucketizedFeatureSchema,
} from './defineFeatures.js';
export type { FeatureSpec, FeatureSpecInput, FeatureDefinition } from './defineFeatures.js';
export { fitVectorizer, vectorizerSummary, VectorizerFitStateJSONSchema } from './fitVectorizer.js';
export type { VectorizerFitState } from './fitVectorizer.js';
export { parseVectorizerModel, VectorizerModelSchema } from './vectorizerModel.js';
export type { VectorizerModel, FittedFeature } from './vectorizerModel.js';
export { vectorize, VectorizeOptionsSchema } from './vectorize.js';
export type { VectorizeOptions, CsrEmbeddings } from './vectorize.js';
export { featureNames } from './featureNames.js';
export { aggregateEvents, AggregateEventsOptionsSchema } from './aggregateEvents.js';
export type { AggregateEventsOptions, EventAggregateRow, EventAggregateColumns } from './aggregateEvents.js';
export { createAggregateWorkspace, AggregateWorkspace } from './aggregateWorkspace.js';
export { fitPca, projectPca, PcaModelSchema, PcaOptionsSchema } from './fitPca.js';
export type { PcaModel, PcaOptions } from './fitPca.js';
export { fitDenoiser, denoise, DenoiserModelSchema, DenoiserOptionsSchema } from './fitDenoiser.js';
export type { DenoiserModel, DenoiserOptions } from './fitDenoiser.js';
