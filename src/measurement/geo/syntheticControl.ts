import { z } from 'zod';
import { createRng, parseWith } from '../../core/index.js';
import { simplexLeastSquares } from '../internal/simplexLeastSquares.js';
import { buildPanel, PanelColumnsSchema, PanelRowsSchema, resolveDesign, TimeValue, type Panel, type Design } from './panel.js';

export const SyntheticControlOptionsSchema = z.strictObject({
  treatedUnits: z.array(z.string()).min(1),
  treatmentStart: TimeValue,
  /** Last treated time (inclusive); later periods are ignored. Default: the panel's last time. */
  treatmentEnd: TimeValue.optional(),
  /** Residual permutations of the conformal test. */
  permutations: z.number().int().min(19).default(1000),
  seed: z.number().int().default(0),
  /** Level of the conformal interval of the ATT (test inversion). */
  level: z.number().gt(0).lt(1).default(0.9),
  /** Compute the conformal interval (about 40 refits); off gives only the p-value. */
  interval: z.boolean().default(true),
  columns: PanelColumnsSchema.optional(),
});

export interface SyntheticControlResult {
  readonly kind: 'syntheticControl';
  readonly level: number;
  /** Donor weights, largest first (zero weights omitted). */
  readonly weights: readonly { readonly unit: string; readonly weight: number }[];
  /** Average treatment effect on the treated per treated unit per period, with its conformal interval. */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  /** ATT per post period (per treated unit). */
  readonly att: readonly { readonly time: number | string; readonly estimate: number }[];
  /** Σ effect / Σ counterfactual over the post period (fraction), with the interval mapped from the ATT's. */
  readonly relativeLift: { readonly estimate: number; readonly lower: number; readonly upper: number };
  /** ATT × treated units × post periods. */
  readonly incremental: { readonly estimate: number; readonly lower: number; readonly upper: number };
  /** √Σ_pre (treated − synthetic)², de-meaned units. */
  readonly l2Imbalance: number;
  /** l2Imbalance divided by that of equal donor weights (GeoLift's scaled L2 imbalance). */
  readonly scaledL2Imbalance: number;
  /** Treated mean and its synthetic counterfactual per period, in the outcome's units. */
  readonly series: readonly { readonly time: number | string; readonly treated: number; readonly counterfactual: number }[];
  /**
   * Conformal p-value of "no effect in any post period": GeoLift's two-sided "Total" test,
   * statistic Σ|post residuals| (what GeoLift reports).
   */
  readonly pValue: number;
  /**
   * Conformal p-value of "no average effect", statistic |Σ post residuals|: the test whose
   * inversion gives `lower`/`upper`, so interval and this p-value always agree. It can be much
   * larger than `pValue` when the effect varies from period to period.
   */
  readonly pValueAverage: number;
}

interface Fit { weights: Float64Array; resid: Float64Array; synth: Float64Array; treatedMean: Float64Array; treatedPreMean: number; l2: number; l2Uniform: number }

/** Fit on periods [0, fitEnd) with the treated post outcomes shifted down by h0 from t0 on. */
function fit(panel: Panel, d: Design, fitEnd: number, tEnd: number, h0: number): Fit {
  const T = panel.times.length, Y = panel.values;
  const J = d.control.length;
  const mean = (u: number) => { let s = 0; for (let t = 0; t < fitEnd; t++) s += Y[u * T + t]!; return s / fitEnd; };
  const treatedMean = new Float64Array(tEnd);
  for (const u of d.treated) for (let t = 0; t < tEnd; t++) treatedMean[t]! += Y[u * T + t]! / d.treated.length;
  for (let t = d.t0; t < tEnd; t++) treatedMean[t]! -= h0;
  let treatedPreMean = 0;
  for (let t = 0; t < fitEnd; t++) treatedPreMean += treatedMean[t]! / fitEnd;
  const donorMeans = d.control.map(mean);
  const A = new Float64Array(fitEnd * J), b = new Float64Array(fitEnd);
  for (let t = 0; t < fitEnd; t++) {
    b[t] = treatedMean[t]! - treatedPreMean;
    for (let j = 0; j < J; j++) A[t * J + j] = Y[d.control[j]! * T + t]! - donorMeans[j]!;
  }
  const weights = simplexLeastSquares(A, fitEnd, J, b);
  const synth = new Float64Array(tEnd), resid = new Float64Array(tEnd);
  let l2 = 0, l2Uniform = 0;
  for (let t = 0; t < tEnd; t++) {
    let s = 0, su = 0;
    for (let j = 0; j < J; j++) { const v = Y[d.control[j]! * T + t]! - donorMeans[j]!; s += weights[j]! * v; su += v / J; }
    synth[t] = s;
    resid[t] = treatedMean[t]! - treatedPreMean - s;
    if (t < d.t0) { l2 += resid[t]! ** 2; l2Uniform += (treatedMean[t]! - treatedPreMean - su) ** 2; }
  }
  return { weights, resid, synth, treatedMean, treatedPreMean, l2: Math.sqrt(l2), l2Uniform: Math.sqrt(l2Uniform) };
}

/**
 * Synthetic control with GeoLift's conventions (Meta's GeoLift on augsynth, no augmentation,
 * fixed effects): each unit de-meaned by its pre-period mean, the treated series the mean of the
 * treated units, donor weights on the simplex minimising the pre-period squared error (solved
 * exactly by an active-set method, so weights match GeoLift's to 1e-4 on its walkthrough data).
 *
 * Inference is conformal (Chernozhukov, Wüthrich & Zhu 2021, as augsynth implements it): refit
 * under the null on all periods, permute the residuals (`permutations` iid shuffles, seeded), and
 * compare a statistic of the post residuals with its permutation distribution. `pValue` uses
 * GeoLift's two-sided "Total" statistic Σ|x| (0.009 on the walkthrough data with seed 0; GeoLift
 * prints 0.01). The interval of the average ATT inverts the test of a constant effect h0 with the
 * statistic |Σx| (`pValueAverage` at h0 = 0): the h0 not rejected at 1 − level, found by bisection
 * on each side with the same permutations (common random numbers). GeoLift itself reports a
 * jackknife+ interval instead, because the Σ|x| test rejects every constant effect when daily
 * effects vary, as they do in its walkthrough data.
 *
 * Complexity: O(permutations × periods) per test, one active-set QP (donors ≤ a few hundred) per refit.
 * @throws AudienceKitError `INVALID_INPUT` for an unbalanced panel, an unknown treated unit, no pre/post period.
 * @example
 * syntheticControl(geoLiftRows, { treatedUnits: ['chicago', 'portland'], treatmentStart: '2021-04-01', columns: { unit: 'location', time: 'date', outcome: 'Y' } }).estimate; // => 155.556
 */
export function syntheticControl(rows: readonly Readonly<Record<string, unknown>>[], options: z.input<typeof SyntheticControlOptionsSchema>): SyntheticControlResult {
  parseWith(PanelRowsSchema, rows, 'syntheticControl panel');
  const o = parseWith(SyntheticControlOptionsSchema, options, 'syntheticControl options');
  const panel = buildPanel(rows, o.columns);
  const d = resolveDesign(panel, o.treatedUnits, o.treatmentStart, o.treatmentEnd);
  const { t0, tEnd } = d;
  const post = tEnd - t0, nTreated = d.treated.length;
  const main = fit(panel, d, t0, tEnd, 0);
  let effectSum = 0, treatedPostSum = 0;
  const att: { time: number | string; estimate: number }[] = [];
  const series: { time: number | string; treated: number; counterfactual: number }[] = [];
  for (let t = 0; t < tEnd; t++) {
    const cf = main.treatedPreMean + main.synth[t]!;
    series.push({ time: panel.times[t]!, treated: main.treatedMean[t]!, counterfactual: cf });
    if (t >= t0) { att.push({ time: panel.times[t]!, estimate: main.resid[t]! }); effectSum += main.resid[t]!; treatedPostSum += main.treatedMean[t]!; }
  }
  const estimate = effectSum / post;

  // Conformal test: one set of permutations reused for every h0.
  const rng = createRng(o.seed);
  const perms: Int32Array[] = [];
  for (let k = 0; k < o.permutations; k++) perms.push(rng.sampleIndices(tEnd, post));
  // One refit per h0 gives both statistics: Σ|r| (GeoLift's "Total") and |Σ r| (the average effect).
  const testAt = (h0: number): { sumAbs: number; absSum: number } => {
    const r = fit(panel, d, tEnd, tEnd, h0).resid;
    let obsSumAbs = 0, obsSum = 0;
    for (let t = t0; t < tEnd; t++) { obsSumAbs += Math.abs(r[t]!); obsSum += r[t]!; }
    const obsAbsSum = Math.abs(obsSum);
    let a = 0, b = 0;
    for (const p of perms) {
      let sa = 0, ss = 0;
      for (let i = 0; i < post; i++) { const v = r[p[i]!]!; sa += Math.abs(v); ss += v; }
      if (obsSumAbs <= sa) a++;
      if (obsAbsSum <= Math.abs(ss)) b++;
    }
    return { sumAbs: a / perms.length, absSum: b / perms.length };
  };
  const atZero = testAt(0);
  const pValue = atZero.sumAbs;
  const pValueAverage = atZero.absSum;
  const pValueAt = (h0: number): number => testAt(h0).absSum;

  let lower = Number.NaN, upper = Number.NaN;
  const alpha = 1 - o.level;
  if (o.interval) {
    const scale = Math.max(Math.abs(estimate), main.l2 / Math.sqrt(t0), 1e-9);
    const edge = (dir: 1 | -1): number => {
      let inside = estimate, step = scale, outside = estimate + dir * step;
      for (let i = 0; i < 40 && pValueAt(outside) >= alpha; i++) { inside = outside; step *= 2; outside = estimate + dir * step; }
      for (let i = 0; i < 30; i++) { const mid = 0.5 * (inside + outside); if (pValueAt(mid) >= alpha) inside = mid; else outside = mid; if (Math.abs(outside - inside) < 1e-6 * scale) break; }
      return inside;
    };
    lower = edge(-1); upper = edge(1);
  }
  const rel = (h: number) => (post * h) / (treatedPostSum - post * h);
  const weights = d.control.map((u, j) => ({ unit: panel.units[u]!, weight: main.weights[j]! }))
    .filter((w) => w.weight > 1e-10).sort((a, b) => b.weight - a.weight || (a.unit < b.unit ? -1 : 1));
  return {
    kind: 'syntheticControl', level: o.level, weights, estimate,
    lower: o.interval ? lower : estimate, upper: o.interval ? upper : estimate,
    att,
    relativeLift: { estimate: rel(estimate), lower: o.interval ? rel(lower) : rel(estimate), upper: o.interval ? rel(upper) : rel(estimate) },
    incremental: { estimate: estimate * nTreated * post, lower: (o.interval ? lower : estimate) * nTreated * post, upper: (o.interval ? upper : estimate) * nTreated * post },
    l2Imbalance: main.l2, scaledL2Imbalance: main.l2 / main.l2Uniform,
    series, pValue, pValueAverage,
  };
}
