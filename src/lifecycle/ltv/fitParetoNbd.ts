/**
 * Pareto/NBD model of repeat buying: while alive a customer buys at Poisson rate λ ~ Gamma(r, α)
 * and has an exponential lifetime with rate μ ~ Gamma(s, β). Schmittlein, Morrison & Colombo
 * (1987), "Counting your customers: who are they and what will they do next?", Management
 * Science 33(1); likelihood as in Fader, Hardie & Lee (2005), "A note on deriving the Pareto/NBD
 * model and related expressions" (brucehardie.com note 009).
 * @module
 */
import type { z } from 'zod';
import { parseWith } from '../../core/index.js';
import { digamma, gammaln, logAddExp } from './internal/special.js';
import type { CollapsedRows } from './internal/rows.js';
import { countModelSchema, fitCountModel } from './internal/fitCountModel.js';
import { paretoLogIWithGradient, paretoLogLikRest } from './internal/paretoNbdMath.js';
import type { FitOptions } from './schemas.js';

const NAMES = ['r', 'alpha', 's', 'beta'] as const;

/** A fitted Pareto/NBD model (plain JSON). */
export const ParetoNbdModelSchema = countModelSchema('pareto-nbd', NAMES);
export type ParetoNbdModel = z.infer<typeof ParetoNbdModelSchema>;

/**
 * Validates a stored Pareto/NBD model (e.g. parsed from JSON).
 *
 * @param json - the candidate model
 * @returns the model, typed
 * @throws AudienceKitError `INVALID_MODEL` naming the bad field
 * @example
 * loadParetoNbdModel(JSON.parse(JSON.stringify(model))).kind; // => 'pareto-nbd'
 */
export function loadParetoNbdModel(json: unknown): ParetoNbdModel {
  return parseWith(ParetoNbdModelSchema, json, 'Pareto/NBD model', 'INVALID_MODEL');
}

/**
 * Total weighted Pareto/NBD log-likelihood over collapsed rows, and its gradient in (r, α, s, β)
 * when `grad` is given:
 * LL = lnΓ(r+x) − lnΓ(r) + r·ln α + s·ln β + ln[(α+T)^−(r+x)(β+T)^−s + (s/(r+s+x))·A₀]
 * (FHL note 009 eq. (19)–(21)), A₀ via the hypergeometric terms in log space, the gradient by
 * differentiating their series (no closed form is published for it).
 */
export function paretoNbdLogLikelihood(rows: CollapsedRows, theta: ArrayLike<number>, grad: Float64Array | null = null): number {
  const r = theta[0]!, alpha = theta[1]!, s = theta[2]!, beta = theta[3]!;
  const p = { r, alpha, s, beta };
  const nx = rows.xs.length;
  const A1 = new Float64Array(nx), dA1 = new Float64Array(nx);
  const lgr = gammaln(r), dgr = grad === null ? 0 : digamma(r);
  for (let k = 0; k < nx; k++) {
    A1[k] = gammaln(r + rows.xs[k]!) - lgr;
    if (grad !== null) dA1[k] = digamma(r + rows.xs[k]!) - dgr;
  }
  const la = Math.log(alpha), lb = Math.log(beta), ls = Math.log(s);
  const base = r * la + s * lb;
  let ll = 0;
  if (grad === null) {
    for (let i = 0; i < rows.x.length; i++) {
      ll += rows.w[i]! * (A1[rows.xIndex[i]!]! + paretoLogLikRest(p, rows.x[i]!, rows.tx[i]!, rows.T[i]!));
    }
    return ll;
  }
  const g1 = new Float64Array(4), g2 = new Float64Array(4), buf = new Float64Array(4);
  let gr = 0, gal = 0, gs = 0, gbe = 0;
  for (let i = 0; i < rows.x.length; i++) {
    const x = rows.x[i]!, tx = rows.tx[i]!, T = rows.T[i]!, w = rows.w[i]!, k = rows.xIndex[i]!;
    const laT = Math.log(alpha + T), lbT = Math.log(beta + T);
    const alive = -(r + x) * laT - s * lbT;
    let dead = Number.NEGATIVE_INFINITY;
    let d0 = 0, d1 = 0, d2 = 0, d3 = 0;
    if (tx < T) {
      const I1 = paretoLogIWithGradient(r, alpha, s, beta, x, tx, g1, buf);
      const I2 = paretoLogIWithGradient(r, alpha, s, beta, x, T, g2, buf);
      const q = Math.exp(I2 - I1), oneMinusQ = -Math.expm1(I2 - I1);
      if (oneMinusQ > 0) {
        dead = ls + I1 + Math.log(oneMinusQ);
        d0 = (g1[0]! - q * g2[0]!) / oneMinusQ;
        d1 = (g1[1]! - q * g2[1]!) / oneMinusQ;
        d2 = (g1[2]! - q * g2[2]!) / oneMinusQ + 1 / s;
        d3 = (g1[3]! - q * g2[3]!) / oneMinusQ;
      }
    }
    const L = logAddExp(alive, dead);
    ll += w * (A1[k]! + base + L);
    const wa = Math.exp(alive - L), wd = dead === Number.NEGATIVE_INFINITY ? 0 : Math.exp(dead - L);
    gr += w * (dA1[k]! + la - wa * laT + wd * d0);
    gal += w * (r / alpha - (wa * (r + x)) / (alpha + T) + wd * d1);
    gs += w * (lb - wa * lbT + wd * d2);
    gbe += w * (s / beta - (wa * s) / (beta + T) + wd * d3);
  }
  grad[0] = gr; grad[1] = gal; grad[2] = gs; grad[3] = gbe;
  return ll;
}

/**
 * Fits the Pareto/NBD model by maximum likelihood: L-BFGS in log parameters with the gradient
 * obtained by differentiating the 2F1 series term by term, start 1 for
 * the shapes and the mean T for the time scales (the fit does not depend on the time unit); identical (frequency, recency, T) rows are collapsed with weights; standard
 * errors from the numeric Hessian of the log-likelihood in (r, α, s, β). Cost: O(distinct rows)
 * per evaluation, each row two short hypergeometric series.
 *
 * @param customers - one row per customer: `frequency`, `recency`, `T` (same time unit)
 * @param options - `penalizer`: L2 penalty on the parameters (`lifetimes`' `penalizer_coef`), default 0
 * @returns a plain-JSON {@link ParetoNbdModel}
 * @throws AudienceKitError `INVALID_INPUT` (row index and field), `EMPTY_INPUT`, `INVALID_OPTION`, `NOT_CONVERGED` (with `details`)
 * @example
 * fitParetoNbd(cdnowCustomers).params; // => { r: 0.5533, alpha: 10.5776, s: 0.6062, beta: 11.6679 }  (SMC/FHL published: 0.553, 10.578, 0.606, 11.669)
 */
export function fitParetoNbd(customers: readonly { frequency: number; recency: number; T: number }[], options: FitOptions = {}): ParetoNbdModel {
  const { params, standardErrors, fit } = fitCountModel(
    { model: 'Pareto/NBD', fn: 'fitParetoNbd', names: NAMES, timeScales: ['alpha', 'beta'], hasGradient: true, logLik: paretoNbdLogLikelihood },
    customers, options,
  );
  return { kind: 'pareto-nbd', version: 1, params, standardErrors, fit };
}
