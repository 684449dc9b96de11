/**
 * MBG/NBD: the BG/NBD model in which a customer may also drop out right after the first purchase,
 * so a customer without repeat purchases is not certainly alive. Batislam, Denizel & Filiztekin
 * (2007), "Empirical validation and comparison of models for customer base analysis",
 * International Journal of Research in Marketing 24(3):201–209; `lifetimes`' `ModifiedBetaGeoFitter`.
 * @module
 */
import type { z } from 'zod';
import { parseWith } from '../../core/index.js';
import { digamma, gammaln } from './internal/special.js';
import type { CollapsedRows } from './internal/rows.js';
import { countModelSchema, fitCountModel } from './internal/fitCountModel.js';
import type { FitOptions } from './schemas.js';

const NAMES = ['r', 'alpha', 'a', 'b'] as const;

/** A fitted MBG/NBD model (plain JSON). */
export const ModifiedBgNbdModelSchema = countModelSchema('modified-bg-nbd', NAMES);
export type ModifiedBgNbdModel = z.infer<typeof ModifiedBgNbdModelSchema>;

/**
 * Validates a stored MBG/NBD model.
 *
 * @param json - the candidate model
 * @returns the model, typed
 * @throws AudienceKitError `INVALID_MODEL` naming the bad field
 * @example
 * loadModifiedBgNbdModel(JSON.parse(JSON.stringify(model))).kind; // => 'modified-bg-nbd'
 */
export function loadModifiedBgNbdModel(json: unknown): ModifiedBgNbdModel {
  return parseWith(ModifiedBgNbdModelSchema, json, 'MBG/NBD model', 'INVALID_MODEL');
}

/**
 * Total weighted MBG/NBD log-likelihood and its gradient in (r, α, a, b):
 * LL = lnΓ(r+x) − lnΓ(r) + r·ln α + ln B(a, b+x+1) − ln B(a, b) + ln[(α+T)^−(r+x) + a/(b+x)·(α+t_x)^−(r+x)].
 */
export function modifiedBgNbdLogLikelihood(rows: CollapsedRows, theta: ArrayLike<number>, grad: Float64Array | null): number {
  const r = theta[0]!, alpha = theta[1]!, a = theta[2]!, b = theta[3]!;
  const nx = rows.xs.length;
  const A12 = new Float64Array(nx), lnbx = new Float64Array(nx);
  const dr = new Float64Array(nx), da = new Float64Array(nx), db = new Float64Array(nx);
  const lgr = gammaln(r), lgb = gammaln(b), lgab = gammaln(a + b);
  const withGrad = grad !== null;
  const dgr = withGrad ? digamma(r) : 0, dgb = withGrad ? digamma(b) : 0, dgab = withGrad ? digamma(a + b) : 0;
  for (let k = 0; k < nx; k++) {
    const x = rows.xs[k]!;
    A12[k] = gammaln(r + x) - lgr + lgab + gammaln(b + x + 1) - lgb - gammaln(a + b + x + 1);
    lnbx[k] = Math.log(b + x);
    if (withGrad) {
      const dabx = digamma(a + b + x + 1);
      dr[k] = digamma(r + x) - dgr;
      da[k] = dgab - dabx;
      db[k] = dgab + digamma(b + x + 1) - dgb - dabx;
    }
  }
  const logAlpha = Math.log(alpha), logA = Math.log(a);
  let ll = 0, gr = 0, gal = 0, ga = 0, gb = 0;
  for (let i = 0; i < rows.x.length; i++) {
    const x = rows.x[i]!, w = rows.w[i]!, k = rows.xIndex[i]!;
    const lat = Math.log(alpha + rows.T[i]!), latx = Math.log(alpha + rows.tx[i]!);
    const A3 = -(r + x) * lat;
    const A4 = logA - lnbx[k]! - (r + x) * latx;
    const e = Math.exp(-Math.abs(A3 - A4));
    ll += w * (A12[k]! + r * logAlpha + (A3 > A4 ? A3 : A4) + Math.log1p(e));
    if (withGrad) {
      const big = 1 / (1 + e), small = e / (1 + e);
      const w3 = A3 > A4 ? big : small, w4 = A3 > A4 ? small : big;
      gr += w * (dr[k]! + logAlpha - w3 * lat - w4 * latx);
      gal += w * (r / alpha - (w3 * (r + x)) / (alpha + rows.T[i]!) - (w4 * (r + x)) / (alpha + rows.tx[i]!));
      ga += w * (da[k]! + w4 / a);
      gb += w * (db[k]! - w4 / (b + x));
    }
  }
  if (grad !== null) { grad[0] = gr; grad[1] = gal; grad[2] = ga; grad[3] = gb; }
  return ll;
}

/**
 * Fits the MBG/NBD model by maximum likelihood, exactly as {@link fitBgNbd} (L-BFGS in log
 * parameters, analytic gradient, collapsed rows, Hessian standard errors, `NOT_CONVERGED`).
 *
 * @param customers - one row per customer: `frequency`, `recency`, `T` (same time unit)
 * @param options - `penalizer` (L2 on the parameters), default 0
 * @returns a plain-JSON {@link ModifiedBgNbdModel}
 * @throws AudienceKitError `INVALID_INPUT`, `EMPTY_INPUT`, `INVALID_OPTION`, `NOT_CONVERGED`
 * @example
 * fitModifiedBgNbd(cdnowCustomers).params; // => { r: 0.5248, alpha: 6.1830, a: 0.8914, b: 1.6140 }
 */
export function fitModifiedBgNbd(customers: readonly { frequency: number; recency: number; T: number }[], options: FitOptions = {}): ModifiedBgNbdModel {
  const { params, standardErrors, fit } = fitCountModel(
    { model: 'MBG/NBD', fn: 'fitModifiedBgNbd', names: NAMES, timeScales: ['alpha'], hasGradient: true, logLik: modifiedBgNbdLogLikelihood },
    customers, options,
  );
  return { kind: 'modified-bg-nbd', version: 1, params, standardErrors, fit };
}
