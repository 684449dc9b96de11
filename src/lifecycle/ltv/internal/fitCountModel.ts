/**
 * What the three purchase-count fits (BG/NBD, MBG/NBD, Pareto/NBD) share: the model's JSON schema
 * and the fit wrapper (options, validation, collapsing, maximum likelihood, the model object).
 * @module
 */
import { z } from 'zod';
import { parseWith } from '../../../core/index.js';
import { fitMle, named, type FitInfo } from './mle.js';
import { collapseCustomers, parseCustomers, timeScale, type CollapsedRows } from './rows.js';
import { FitInfoSchema, FitOptionsSchema, PositiveParam } from '../schemas.js';

/** Schema of a fitted count model: `{ kind, version: 1, params, standardErrors, fit }`. */
export function countModelSchema<K extends string, N extends string>(kind: K, names: readonly [N, ...N[]]) {
  const shape = Object.fromEntries(names.map((n) => [n, PositiveParam])) as Record<N, typeof PositiveParam>;
  const params = z.object(shape).strict();
  return z.object({
    kind: z.literal(kind),
    version: z.literal(1),
    params,
    /** Standard errors from the inverse observed information; null when the Hessian is not positive definite. */
    standardErrors: params.nullable(),
    fit: FitInfoSchema,
  });
}

export interface CountModelSpec<N extends string> {
  /** Name in messages (`'BG/NBD'`) and the function name (`'fitBgNbd'`). */
  readonly model: string;
  readonly fn: string;
  readonly names: readonly N[];
  /** Which parameters are time scales (started at the mean T); the others start at 1. */
  readonly timeScales: readonly N[];
  readonly hasGradient: boolean;
  readonly logLik: (rows: CollapsedRows, theta: ArrayLike<number>, grad: Float64Array | null) => number;
}

export function fitCountModel<N extends string>(spec: CountModelSpec<N>, customers: unknown, options: unknown): {
  params: Record<N, number>; standardErrors: Record<N, number> | null; fit: FitInfo;
} {
  const opts = parseWith(FitOptionsSchema, options, `${spec.fn} options`, 'INVALID_OPTION');
  const rows = collapseCustomers(parseCustomers(customers, `${spec.fn} customers`));
  const penalizer = opts.penalizer ?? 0;
  const scale = timeScale(rows);
  const res = fitMle({
    model: spec.model, names: spec.names, start: spec.names.map((n) => (spec.timeScales.includes(n) ? scale : 1)),
    hasGradient: spec.hasGradient, totalWeight: rows.totalWeight, penalizer,
    logLik: (theta, grad) => spec.logLik(rows, theta, grad),
  });
  return {
    params: named(spec.names, res.theta),
    standardErrors: res.standardErrors === null ? null : named(spec.names, res.standardErrors),
    fit: {
      logLikelihood: res.logLikelihood, iterations: res.iterations, converged: true, gradientNorm: res.gradientNorm,
      optimizer: res.optimizer, customers: rows.totalWeight, distinctRows: rows.x.length, penalizer,
    },
  };
}
