/**
 * audience-kit/core: errors, validation helpers, the seeded PRNG, the Embeddings matrix type,
 * vector kernels, top-k selection and the mergeable-summary interface. Imports no other module.
 * @module
 */
export { AudienceKitError, fromZodError, parseWith, maskValue, formatPath } from './errors.js';
export type { ErrorCode, ErrorIssue } from './errors.js';
export { FiniteNumber, Probability, Seed, EpochMs, assertFiniteArray, assertNonEmpty, isReadonlyMap } from './validate.js';
export { createRng } from './rng.js';
export type { Rng } from './rng.js';
export type { Embeddings } from './embeddings.js';
export { isEventColumns, toEventColumns, EventColumnFieldsSchema, ToEventColumnsOptionsSchema } from './eventColumns.js';
export type { EventColumns, BuiltEventColumns, CodeColumn, ToEventColumnsOptions } from './eventColumns.js';
export { createEmbeddings, embeddingsFromRows, rowView, sliceRows, selectRows, l2NormalizeRows, toMatrix, fromMatrix } from './embeddings.js';
export { dot, l2Norm, cosine, neumaierSum } from './vector.js';
export { topK } from './topk.js';
export type { MergeableSummary } from './summary.js';
export { summarize, accumulate, mergeAll } from './summary.js';
export { minimizeLbfgs, minimizeNelderMead, numericGradient, numericHessian, invertPositiveDefinite } from './optimize.js';
export type { Objective, ObjectiveWithGradient, OptimizeResult, LbfgsOptions, NelderMeadOptions } from './optimize.js';
