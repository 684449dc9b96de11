import { z } from 'zod';
import { AudienceKitError, parseWith } from '../../core/index.js';
import { tCdf, tQuantile } from '../internal/distributions.js';
import { buildPanel, PanelColumnsSchema, PanelRowsSchema, resolveDesign, TimeValue } from './panel.js';

export const DiffInDiffOptionsSchema = z.strictObject({
  treatedUnits: z.array(z.string()).min(1),
  /** First treated time (a value of the time column). */
  treatmentStart: TimeValue,
  level: z.number().gt(0).lt(1).default(0.9),
  columns: PanelColumnsSchema.optional(),
});

export interface DiffInDiffResult {
  readonly kind: 'diffInDiff';
  readonly level: number;
  /** Two-way fixed-effects effect of treatment (per treated unit and period). */
  readonly estimate: number;
  /** Unit-clustered (CR1) standard error. Unreliable with very few treated units: see the JSDoc. */
  readonly standardError: number;
  readonly lower: number;
  readonly upper: number;
  readonly pValue: number;
  readonly units: { readonly treated: number; readonly control: number };
  readonly periods: { readonly pre: number; readonly post: number };
}

/**
 * Difference-in-differences as two-way fixed effects, y_it = α_i + λ_t + τ·D_it + ε_it, on a
 * balanced panel with a block design (treated units treated from `treatmentStart` on). With
 * that design τ equals the 2×2 difference of means, (treated post − treated pre) − (control post −
 * control pre): on Proposition 99 it gives −27.349 (synthdid's `did_estimate`; Arkhangelsky et
 * al. 2021, Table 1). The standard error is clustered by unit with the CR1 correction
 * G/(G−1)·(n−1)/(n−k), k = units + periods; the interval and p-value use Student t with G − 1
 * degrees of freedom. With one treated unit the clustered SE is known to be too small (Conley &
 * Taber 2011); prefer the placebo SE of `syntheticDiD` then.
 *
 * Complexity: O(units × periods).
 * @throws AudienceKitError `INVALID_INPUT` for an unbalanced panel (naming the unit and time), an unknown treated unit, or a start with no pre/post period.
 */
export function diffInDiff(rows: readonly Readonly<Record<string, unknown>>[], options: z.input<typeof DiffInDiffOptionsSchema>): DiffInDiffResult {
  parseWith(PanelRowsSchema, rows, 'diffInDiff panel');
  const o = parseWith(DiffInDiffOptionsSchema, options, 'diffInDiff options');
  const panel = buildPanel(rows, o.columns);
  const d = resolveDesign(panel, o.treatedUnits, o.treatmentStart);
  const N = panel.units.length, T = panel.times.length, Y = panel.values;
  const treated = new Uint8Array(N);
  for (const u of d.treated) treated[u] = 1;
  const D = (u: number, t: number) => (treated[u] === 1 && t >= d.t0 ? 1 : 0);
  const rowMean = new Float64Array(N), colMean = new Float64Array(T), dRow = new Float64Array(N), dCol = new Float64Array(T);
  let grand = 0, dGrand = 0;
  for (let u = 0; u < N; u++) for (let t = 0; t < T; t++) {
    const y = Y[u * T + t]!, x = D(u, t);
    rowMean[u]! += y / T; colMean[t]! += y / N; grand += y / (N * T);
    dRow[u]! += x / T; dCol[t]! += x / N; dGrand += x / (N * T);
  }
  let sxy = 0, sxx = 0;
  const dd = new Float64Array(N * T), yy = new Float64Array(N * T);
  for (let u = 0; u < N; u++) for (let t = 0; t < T; t++) {
    const k = u * T + t;
    dd[k] = D(u, t) - dRow[u]! - dCol[t]! + dGrand;
    yy[k] = Y[k]! - rowMean[u]! - colMean[t]! + grand;
    sxy += dd[k] * yy[k]; sxx += dd[k] * dd[k];
  }
  const estimate = sxy / sxx;
  let meat = 0;
  for (let u = 0; u < N; u++) {
    let s = 0;
    for (let t = 0; t < T; t++) { const k = u * T + t; s += dd[k]! * (yy[k]! - estimate * dd[k]!); }
    meat += s * s;
  }
  const n = N * T, k = N + T, G = N;
  if (n - k < 1) throw new AudienceKitError('INVALID_INPUT', `panel of ${N} units × ${T} periods leaves no residual degrees of freedom for a standard error (needs units × periods > units + periods)`);
  const correction = (G / (G - 1)) * ((n - 1) / (n - k));
  const standardError = Math.sqrt((meat / (sxx * sxx)) * correction);
  const df = G - 1;
  const q = tQuantile(1 - (1 - o.level) / 2, df);
  const tStat = estimate / standardError;
  return {
    kind: 'diffInDiff', level: o.level, estimate, standardError,
    lower: estimate - q * standardError, upper: estimate + q * standardError,
    pValue: standardError > 0 ? 2 * tCdf(-Math.abs(tStat), df) : estimate === 0 ? 1 : 0,
    units: { treated: d.treated.length, control: d.control.length },
    periods: { pre: d.t0, post: T - d.t0 },
  };
}
