/**
 * Input schemas of the lifetime-value models (exported so callers can validate early). A
 * customer is the `lifetimes` summary triple: `frequency` = repeat purchases (periods with a
 * purchase after the first), `recency` = time from the first to the last purchase, `T` = time
 * from the first purchase to the end of observation, all in one time unit of the caller's choice.
 * @module
 */
import { z } from 'zod';

const finiteNonNegative = z.number().nonnegative().refine(Number.isFinite, { message: 'must be finite' });

/** One customer's (frequency, recency, T); `recency <= T`. */
export const CustomerSchema = z
  .object({
    frequency: z.number().int().nonnegative().refine(Number.isFinite, { message: 'must be finite' }),
    recency: finiteNonNegative,
    T: finiteNonNegative,
  })
  .refine((c) => c.recency <= c.T, { message: 'recency must be <= T', path: ['recency'] });
export type Customer = z.infer<typeof CustomerSchema>;

/** A customer with the mean value of their repeat purchases (`monetary`, > 0 when frequency > 0). */
export const SpendCustomerSchema = z.object({
  frequency: z.number().int().nonnegative().refine(Number.isFinite, { message: 'must be finite' }),
  monetary: finiteNonNegative,
});
export type SpendCustomer = z.infer<typeof SpendCustomerSchema>;

/** Options of every fit: an L2 penalty on the natural parameters (`lifetimes`' `penalizer_coef`, default 0). */
export const FitOptionsSchema = z
  .object({ penalizer: finiteNonNegative.optional() })
  .strict();
export type FitOptions = z.input<typeof FitOptionsSchema>;

/** A positive finite parameter. */
export const PositiveParam = z.number().positive().refine(Number.isFinite, { message: 'must be finite' });

/** The optimization report carried by every fitted model. */
export const FitInfoSchema = z.object({
  logLikelihood: z.number().refine(Number.isFinite, { message: 'must be finite' }),
  iterations: z.number().int().nonnegative(),
  converged: z.boolean(),
  gradientNorm: z.number().nonnegative(),
  optimizer: z.string(),
  customers: z.number().nonnegative(),
  distinctRows: z.number().int().nonnegative(),
  penalizer: z.number().nonnegative(),
});
