import { AudienceKitError } from '../core/index.js';
import type { HoldoutLiftResult } from './holdoutLift.js';
import type { PowerResult } from './powerTwoProportions.js';
import type { StageLiftResult } from './stageLift.js';
import type { Interval } from './interval.js';
import type { DiffInDiffResult } from './geo/diffInDiff.js';
import type { SyntheticControlResult } from './geo/syntheticControl.js';
import type { SyntheticDiDResult } from './geo/syntheticDiD.js';
import type { TbrResult } from './geo/timeBasedRegression.js';
import type { RegressionImpactResult } from './geo/regressionImpact.js';

const int = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : x > 0 ? 'unbounded' : '-unbounded');
const pct = (x: number, d = 1) => `${(100 * x).toFixed(d)}%`;
const num = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3));
const pp = (x: number) => `${(100 * x).toFixed(2)} points`;
const span = (i: Interval, f: (x: number) => string) => `${f(i.lower)} to ${f(i.upper)}`;

/** "arises by chance 1% of the time" — what a p-value says, in words. */
export function chanceSentence(pValue: number, alternative = 'two-sided'): string {
  const p = pValue < 0.001 ? 'less than 0.1%' : pct(pValue, pValue < 0.01 ? 1 : 0);
  const size = alternative === 'two-sided' ? 'this large' : 'this far in that direction';
  const verdict = pValue < 0.05 ? '' : pValue < 0.1 ? ' — weak evidence' : ' — too often to tell the effect from noise';
  return `a result ${size} arises by chance ${p} of the time when the campaign has no effect${verdict}`;
}

/** Any result of the measurement module (each carries its `kind`). */
export type MeasurementResult = HoldoutLiftResult | PowerResult | StageLiftResult | DiffInDiffResult | SyntheticControlResult | SyntheticDiDResult | TbrResult | RegressionImpactResult;

/**
 * The few sentences an analyst pastes into a report, for any measurement result: what the
 * campaign caused, with its interval and level, the relative lift, and what the p-value means in
 * words ("a result this large arises by chance 1% of the time when the campaign has no effect").
 *
 * @throws AudienceKitError `INVALID_INPUT` for an object that is not a measurement result.
 * @example
 * summarizeMeasurement(holdoutLift(counts, { spend: 50_000 }));
 * // => 'The campaign caused 4,667 incremental conversions (90% interval 3,120 to 6,214), a 5.4% lift; ...'
 */
export function summarizeMeasurement(result: MeasurementResult): string {
  switch (result.kind) {
    case 'holdoutLift': {
      const r = result;
      const lvl = pct(r.level, 0);
      const parts = [
        `The campaign caused ${int(r.incrementalConversions.estimate)} incremental conversions (${lvl} interval ${span(r.incrementalConversions, int)})` +
          (r.relativeLift ? `, a ${pct(r.relativeLift.estimate)} lift (${span(r.relativeLift, (x) => pct(x))})` : '') +
          `; ${chanceSentence(r.pValue, r.alternative)}.`,
        `Conversion rate ${pct(r.rates.treatment.estimate, 2)} with the campaign vs ${pct(r.rates.control.estimate, 2)} in the holdout (${int(r.users.treatment)} and ${int(r.users.control)} people); the probability that the campaign helped is ${pct(r.probabilityOfLift)}.`,
      ];
      if (r.incrementalValue) parts.push(`Incremental value ${int(r.incrementalValue.estimate)} (${span(r.incrementalValue, int)}).`);
      if (r.iROAS) parts.push(`iROAS ${r.iROAS.estimate.toFixed(2)} (${r.iROAS.lower.toFixed(2)} to ${r.iROAS.upper.toFixed(2)}).`);
      if (r.costPerIncrementalConversion) parts.push(`Cost per incremental conversion ${r.costPerIncrementalConversion.estimate.toFixed(2)} (${span(r.costPerIncrementalConversion, (x) => (Number.isFinite(x) ? x.toFixed(2) : 'unbounded'))}).`);
      return parts.join(' ');
    }
    case 'powerTwoProportions': {
      const r = result;
      return `With ${int(r.n)} people in the first group and ${int(r.n * r.ratio)} in the second, a ${r.alternative} test at α = ${r.alpha} detects a change in conversion rate from ${pct(r.p1, 2)} to ${pct(r.p2, 2)} with probability ${pct(r.power)} (solved for ${r.solvedFor}).`;
    }
    case 'stageLift': {
      const r = result;
      const m = r.movedUp;
      const best = r.reach.slice().sort((a, b) => a.pValue - b.pValue)[0];
      return `${pct(m.treatment)} of the campaign group moved up at least one stage vs ${pct(m.control)} of the holdout: ${pp(m.lift.estimate)} more (${pct(r.level, 0)} interval ${span(m.lift, pp)}); ${chanceSentence(m.pValue)}.` +
        (best ? ` The clearest stage effect: reaching '${best.stage}' (${pct(best.treatment)} vs ${pct(best.control)}, p = ${best.pValue.toPrecision(2)}).` : '');
    }
    case 'diffInDiff': {
      const r = result;
      return `Difference-in-differences: the treated units changed by ${num(r.estimate)} per period relative to the controls (${pct(r.level, 0)} interval ${num(r.lower)} to ${num(r.upper)}, unit-clustered); ${chanceSentence(r.pValue)}.` +
        (r.units.treated < 5 ? ` With ${r.units.treated} treated unit${r.units.treated === 1 ? '' : 's'} the clustered interval is too narrow; prefer synthetic DiD's placebo standard error.` : '');
    }
    case 'syntheticControl': {
      const r = result;
      const top = r.weights.slice(0, 3).map((w) => `${w.unit} ${pct(w.weight)}`).join(', ');
      return `The campaign caused ${int(r.incremental.estimate)} incremental units (${pct(r.level, 0)} conformal interval ${span(r.incremental, int)}), a ${pct(r.relativeLift.estimate)} lift; ${chanceSentence(r.pValue)}.` +
        ` The synthetic control is built mostly from ${top}; its pre-period fit is ${pct(r.scaledL2Imbalance)} of the imbalance of an equal-weight control (scaled L2).`;
    }
    case 'syntheticDiD': {
      const r = result;
      return `Synthetic difference-in-differences estimates an effect of ${num(r.estimate)} per treated unit and period` +
        (r.standardError !== undefined && r.lower !== undefined && r.upper !== undefined && r.pValue !== undefined
          ? ` (placebo standard error ${num(r.standardError)}, ${pct(r.level, 0)} interval ${num(r.lower)} to ${num(r.upper)}); ${chanceSentence(r.pValue)}.`
          : ' (no standard error: too few control units for placebos).');
    }
    case 'timeBasedRegression': {
      const r = result;
      return `Time-based regression: the test markets gained ${int(r.incrementalResponse.estimate)} incremental units over the test (${pct(r.level, 0)} interval ${span(r.incrementalResponse, int)})${r.relativeLift ? `, a ${pct(r.relativeLift.estimate)} lift` : ''}; ${chanceSentence(r.pValue, r.alternative)}.` +
        (r.iROAS ? ` iROAS ${r.iROAS.estimate.toFixed(2)} ± ${r.iROAS.precision.toFixed(2)} on ${int(r.incrementalCost ?? 0)} of incremental spend.` : '');
    }
    case 'regressionImpact': {
      const r = result;
      return `Against a counterfactual predicted from the covariates, the series gained ${int(r.cumulative.estimate)} in total (${pct(r.level, 0)} interval ${span(r.cumulative, int)}), ${num(r.average.estimate)} per period, a ${pct(r.relative.estimate)} change; ${chanceSentence(r.pValue)}. (Least-squares counterfactual, not CausalImpact's Bayesian model.)`;
    }
    default: {
      const k = (result as { kind?: unknown }).kind;
      throw new AudienceKitError('INVALID_INPUT', `summarizeMeasurement: unknown result kind ${typeof k === 'string' ? `'${k}'` : typeof k}`);
    }
  }
}
