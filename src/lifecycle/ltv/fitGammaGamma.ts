/**
 * Gamma-Gamma model of spend per transaction: a customer's order values are Gamma(p, ν) with
 * ν ~ Gamma(q, γ) across customers, independent of the purchase process. Fader, Hardie & Lee
 * (2005), "RFM and CLV: using iso-value curves for customer base analysis", Journal of Marketing
 * Research 42(4):415–430; Fader & Hardie (2013), "The Gamma-Gamma model of monetary value"
 * (brucehardie.com note 025).
 * @module
 */
import { z } from 'zod';
import { sampleCorrelation } from 'simple-statistics';
import { AudienceKitError, parseWith } from '../../core/index.js';
import { digamma, gammaln } from './internal/special.js';
import { fitMle, named, type FitInfo } from './internal/mle.js';
import { isValidSpendCustomer, parseRows } from './internal/rows.js';
import { FitInfoSchema, FitOptionsSchema, PositiveParam, SpendCustomerSchema, type FitOptions } from './schemas.js';

const NAMES = ['p', 'q', 'gamma'] as const;
const ParamsSchema = z.object({ p: PositiveParam, q: PositiveParam, gamma: PositiveParam }).strict();

/** A fitted Gamma-Gamma spend model (plain JSON). */
export const GammaGammaModelSchema = z.object({
  kind: z.literal('gamma-gamma'),
  version: z.literal(1),
  params: ParamsSchema,
  standardErrors: ParamsSchema.nullable(),
  fit: FitInfoSchema.extend({
    /** Customers left out because they have no repeat purchase (frequency 0): no spend to model. */
    excludedNoRepeat: z.number().int().nonnegative(),
    /**
     * Pearson correlation of frequency and mean spend among the repeat customers: the model
     * assumes independence, so values far from 0 (FHL 2005 report 0.11 on CDNOW) are a warning.
     * null when it is undefined (fewer than 2 customers or no variation).
     */
    frequencyMonetaryCorrelation: z.number().min(-1).max(1).nullable(),
  }),
});
export type GammaGammaModel = z.infer<typeof GammaGammaModelSchema>;

/**
 * Validates a stored Gamma-Gamma model (e.g. parsed from JSON).
 *
 * @param json - the candidate model
 * @returns the model, typed
 * @throws AudienceKitError `INVALID_MODEL` naming the bad field
 * @example
 * loadGammaGammaModel(JSON.parse(JSON.stringify(model))).kind; // => 'gamma-gamma'
 */
export function loadGammaGammaModel(json: unknown): GammaGammaModel {
  return parseWith(GammaGammaModelSchema, json, 'Gamma-Gamma model', 'INVALID_MODEL');
}

interface SpendRows { readonly x: Float64Array; readonly logM: Float64Array; readonly m: Float64Array; readonly w: Float64Array; readonly xIndex: Int32Array; readonly xs: Float64Array; readonly total: number }

function collapse(pairs: readonly { x: number; m: number }[]): SpendRows {
  // Nested numeric-key Maps, then only the distinct keys are sorted: the order of the input does not matter.
  const byX = new Map<number, Map<number, number>>();
  for (const e of pairs) {
    let byM = byX.get(e.x);
    if (!byM) { byM = new Map(); byX.set(e.x, byM); }
    byM.set(e.m, (byM.get(e.m) ?? 0) + 1);
  }
  const x: number[] = [], m: number[] = [], w: number[] = [], xIndex: number[] = [];
  const xs = [...byX.keys()].sort((a, b) => a - b);
  xs.forEach((xv, k) => {
    const byM = byX.get(xv)!;
    for (const mv of [...byM.keys()].sort((a, b) => a - b)) { x.push(xv); m.push(mv); w.push(byM.get(mv)!); xIndex.push(k); }
  });
  return {
    x: Float64Array.from(x), m: Float64Array.from(m), logM: Float64Array.from(m, Math.log), w: Float64Array.from(w),
    xIndex: Int32Array.from(xIndex), xs: Float64Array.from(xs), total: pairs.length,
  };
}

/**
 * Total weighted log-likelihood of the mean spends (FHL 2005 JMR eq. (3), Fader & Hardie 2013
 * note 025 eq. (5)) and its gradient in (p, q, γ):
 * ln f(m̄ | x) = lnΓ(px+q) − lnΓ(px) − lnΓ(q) + q·ln γ + (px−1)·ln m̄ + px·ln x − (px+q)·ln(γ + x·m̄).
 */
function logLikelihood(rows: SpendRows, theta: ArrayLike<number>, grad: Float64Array | null): number {
  const p = theta[0]!, q = theta[1]!, v = theta[2]!;
  const nx = rows.xs.length;
  const G = new Float64Array(nx), dGp = new Float64Array(nx), dGq = new Float64Array(nx), xlx = new Float64Array(nx);
  const lgq = gammaln(q), dgq = grad === null ? 0 : digamma(q);
  for (let k = 0; k < nx; k++) {
    const x = rows.xs[k]!;
    G[k] = gammaln(p * x + q) - gammaln(p * x) - lgq;
    xlx[k] = x * Math.log(x);
    if (grad !== null) {
      const dpq = digamma(p * x + q);
      dGp[k] = x * (dpq - digamma(p * x));
      dGq[k] = dpq - dgq;
    }
  }
  const lv = Math.log(v);
  let ll = 0, gp = 0, gq = 0, gv = 0;
  for (let i = 0; i < rows.x.length; i++) {
    const x = rows.x[i]!, k = rows.xIndex[i]!, w = rows.w[i]!, lm = rows.logM[i]!;
    const s = x * rows.m[i]! + v, ls = Math.log(s);
    const px = p * x;
    ll += w * (G[k]! + q * lv + (px - 1) * lm + p * xlx[k]! - (px + q) * ls);
    if (grad !== null) {
      gp += w * (dGp[k]! + x * lm + xlx[k]! - x * ls);
      gq += w * (dGq[k]! + lv - ls);
      gv += w * (q / v - (px + q) / s);
    }
  }
  if (grad !== null) { grad[0] = gp; grad[1] = gq; grad[2] = gv; }
  return ll;
}

/** Mean spend summed in sorted order, so the optimizer's start (and the fit, bit for bit) does not depend on row order. */
function meanSpend(pairs: readonly { x: number; m: number }[]): number {
  const ms = pairs.map((e) => e.m).sort((a, b) => a - b);
  let s = 0;
  for (const m of ms) s += m;
  return s / ms.length;
}

/**
 * Fits the Gamma-Gamma spend model by maximum likelihood on the repeat customers (frequency > 0)
 * and their mean repeat-purchase value, as `lifetimes`' `GammaGammaFitter`: L-BFGS in log
 * parameters with the analytic gradient, start (p, q, γ) = (1, 2, mean spend), identical (frequency, monetary) pairs
 * collapsed with weights, standard errors from the inverse Hessian in (p, q, γ). Also reports the
 * frequency–monetary correlation (the model assumes none). O(distinct pairs) per evaluation.
 *
 * @param customers - `frequency` (repeat purchases) and `monetary` (mean value of the repeat purchases)
 * @param options - `penalizer`: L2 penalty on the parameters (`lifetimes`' `penalizer_coef`), default 0
 * @returns a plain-JSON {@link GammaGammaModel}
 * @throws AudienceKitError `INVALID_INPUT` (e.g. `[3].monetary` not > 0 for a repeat customer), `EMPTY_INPUT` (no repeat customer), `INVALID_OPTION`, `NOT_CONVERGED`
 * @example
 * fitGammaGamma(cdnowRepeatCustomers).params; // => { p: 6.2488, q: 3.7446, gamma: 15.4477 }  (FHL 2005: 6.25, 3.74, 15.44)
 */
export function fitGammaGamma(customers: readonly { frequency: number; monetary: number }[], options: FitOptions = {}): GammaGammaModel {
  const opts = parseWith(FitOptionsSchema, options, 'fitGammaGamma options', 'INVALID_OPTION');
  const rows = parseRows(customers, SpendCustomerSchema, isValidSpendCustomer, 'fitGammaGamma customers');
  const pairs: { x: number; m: number }[] = [];
  let excluded = 0;
  rows.forEach((c, i) => {
    if (c.frequency === 0) { excluded++; return; }
    if (!(c.monetary > 0)) {
      throw new AudienceKitError('INVALID_INPUT', `fitGammaGamma customers[${i}].monetary must be > 0 for a repeat customer`, { issues: [{ path: [i, 'monetary'], message: 'must be > 0 when frequency > 0' }] });
    }
    pairs.push({ x: c.frequency, m: c.monetary });
  });
  if (pairs.length === 0) throw new AudienceKitError('EMPTY_INPUT', 'fitGammaGamma customers has no repeat customer (frequency > 0)');
  const data = collapse(pairs);
  const penalizer = opts.penalizer ?? 0;
  const res = fitMle({
    // γ is a scale parameter: start it at the data's scale (the mean spend) so the fit is unit-free.
    model: 'Gamma-Gamma', names: NAMES, start: [1, 2, meanSpend(pairs)], hasGradient: true, totalWeight: data.total, penalizer,
    logLik: (theta, grad) => logLikelihood(data, theta, grad),
  });
  let corr: number | null = null;
  if (pairs.length >= 2) {
    const c = sampleCorrelation(pairs.map((e) => e.x), pairs.map((e) => e.m));
    corr = Number.isFinite(c) ? Math.max(-1, Math.min(1, c)) : null;
  }
  const fit: FitInfo & { excludedNoRepeat: number; frequencyMonetaryCorrelation: number | null } = {
    logLikelihood: res.logLikelihood, iterations: res.iterations, converged: true, gradientNorm: res.gradientNorm,
    optimizer: res.optimizer, customers: data.total, distinctRows: data.x.length, penalizer,
    excludedNoRepeat: excluded, frequencyMonetaryCorrelation: corr,
  };
  return {
    kind: 'gamma-gamma', version: 1, params: named(NAMES, res.theta),
    standardErrors: res.standardErrors === null ? null : named(NAMES, res.standardErrors), fit,
  };
}
