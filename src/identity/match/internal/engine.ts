import { AudienceKitError, createRng, parseWith } from '../../../core/index.js';
import { MatchConfigSchema } from '../matchConfig.js';
import type { MatchConfig } from '../matchConfig.js';
import { parseMatchModel } from '../matchModel.js';
import type { MatchModel } from '../matchModel.js';
import type { MatchResult } from '../matchResult.js';
import { candidatePairs } from './blocking.js';
import { readColumns } from './columns.js';
import { compileComparators, patternOf } from './compare.js';
import type { Comparator } from './compare.js';
import { estimateU, expectationMaximization, patternTable } from './estimate.js';

/** Options of `matchRecords` / `linkRecords`. */
export interface MatchOptions {
  /** A fitted model to apply instead of estimating one (its config fields must equal `config.fields`). */
  readonly model?: unknown;
}

const LOG2E = Math.LOG2E;

function checkList(records: unknown, name: string): readonly unknown[] {
  if (!Array.isArray(records)) throw new AudienceKitError('INVALID_INPUT', `${name} must be an array of records`, { issues: [{ path: [name], message: 'must be an array' }] });
  if (records.length === 0) throw new AudienceKitError('EMPTY_INPUT', `${name} is empty`);
  return records;
}

function checkModel(json: unknown, config: MatchConfig, mode: 'dedupe' | 'link'): MatchModel {
  const model = parseMatchModel(json);
  if (model.mode !== mode) throw new AudienceKitError('INVALID_MODEL', `the model was fitted for ${model.mode}, not ${mode}`);
  if (JSON.stringify(model.config.fields) !== JSON.stringify(config.fields)) {
    throw new AudienceKitError('INVALID_MODEL', 'the model was fitted with other field comparisons than config.fields', { issues: [{ path: ['config', 'fields'], message: 'differs from the model' }] });
  }
  return model;
}

/** The whole pipeline: validate, read columns, block, compare, estimate (unless given), score, cluster. */
export function runMatching(lists: { name: string; records: unknown }[], mode: 'dedupe' | 'link', configInput: unknown, options: MatchOptions): MatchResult {
  const config = parseWith(MatchConfigSchema, configInput, 'match config', 'INVALID_OPTION');
  const given = options.model === undefined ? undefined : checkModel(options.model, config, mode);
  const checked = lists.map((l) => ({ name: l.name, records: checkList(l.records, l.name) }));
  const nLeft = checked[0]!.records.length;
  const nRight = mode === 'link' ? checked[1]!.records.length : 0;
  const n = nLeft + nRight;
  const { columns, ids } = readColumns(checked, config);

  const rules = config.blocking.map((rule) => rule.map((f) => columns.get(f)!));
  const cand = candidatePairs(rules, nLeft, nRight, config.maxCandidatePairs);
  const comparators = compileComparators(config.fields, columns);
  const F = comparators.length;
  const patterns = new Int32Array(cand.length);
  for (let p = 0; p < cand.length; p++) patterns[p] = patternOf(comparators, cand.a[p]!, cand.b[p]!);
  const totalPairs = mode === 'dedupe' ? (n * (n - 1)) / 2 : nLeft * nRight;

  let model: MatchModel;
  if (given) model = given;
  else {
    const u = estimateU(comparators, nLeft, nRight, config.uSamplePairs, createRng(config.seed));
    const table = patternTable(patterns, cand.length, comparators);
    const em = expectationMaximization(table, comparators, u, totalPairs, config.maxIterations, config.tolerance);
    model = {
      kind: 'audience-kit/match-model', version: 1, mode, config, prior: em.prior,
      fields: comparators.map((c, f) => ({ field: c.field, levels: [...c.labels], m: Array.from(em.m[f]!), u: Array.from(u[f]!) })),
      estimation: { iterations: em.iterations, converged: em.converged, candidatePairs: cand.length, recordPairs: totalPairs },
    };
  }

  // Per field, the weight (bits) of each level; term-frequency fields need u_exact and value frequencies.
  const weights = model.fields.map((p) => Float64Array.from(p.m, (m, k) => Math.log(m / p.u[k]!) * LOG2E));
  const priorWeight = Math.log(model.prior / (1 - model.prior)) * LOG2E;
  const tfIdx: number[] = [];
  comparators.forEach((c, f) => { if (c.spec.termFrequency) tfIdx.push(f); });
  const T = tfIdx.length;
  const patternWeight = new Map<number, number>();

  const matchWeight = new Float64Array(cand.length);
  const tfAdj = new Float64Array(cand.length * T);
  for (let p = 0; p < cand.length; p++) {
    const code = patterns[p]!;
    let w = patternWeight.get(code);
    if (w === undefined) {
      w = priorWeight;
      for (let f = 0; f < F; f++) {
        const c = comparators[f]!;
        const d = Math.floor(code / c.stride) % (c.levels + 1);
        if (d > 0) w += weights[f]![d - 1]!;
      }
      patternWeight.set(code, w);
    }
    for (let t = 0; t < T; t++) {
      const c = comparators[tfIdx[t]!]!;
      if (Math.floor(code / c.stride) % (c.levels + 1) !== 1) continue;
      const adj = tfAdjustment(c, model.fields[tfIdx[t]!]!.u[0]!, cand.a[p]!);
      tfAdj[p * T + t] = adj;
      w += adj;
    }
    matchWeight[p] = w;
  }
  const probability = new Float64Array(cand.length);
  for (let p = 0; p < cand.length; p++) probability[p] = 1 / (1 + Math.pow(2, -matchWeight[p]!));

  const { cluster, clusterCount } = clusters(n, cand.a, cand.b, probability, config.threshold);
  const keep: number[] = [];
  const minP = config.minPairProbability;
  let kept = cand.length;
  if (minP > 0) { for (let p = 0; p < cand.length; p++) if (probability[p]! >= minP) keep.push(p); kept = keep.length; }
  const at = (k: number): number => (minP > 0 ? keep[k]! : k);
  const left = new Int32Array(kept), right = new Int32Array(kept), pat = new Int32Array(kept);
  const mw = minP > 0 ? new Float64Array(kept) : matchWeight;
  const pr = minP > 0 ? new Float64Array(kept) : probability;
  const ta = minP > 0 ? new Float64Array(kept * T) : tfAdj;
  for (let k = 0; k < kept; k++) {
    const p = at(k);
    left[k] = cand.a[p]!;
    right[k] = mode === 'link' ? cand.b[p]! - nLeft : cand.b[p]!;
    pat[k] = patterns[p]!;
    if (minP > 0) {
      mw[k] = matchWeight[p]!; pr[k] = probability[p]!;
      for (let t = 0; t < T; t++) ta[k * T + t] = tfAdj[p * T + t]!;
    }
  }
  return {
    mode, model, leftCount: nLeft, rightCount: nRight, ids,
    pairs: { length: kept, left, right, matchWeight: mw, probability: pr, pattern: pat, tfAdjustment: ta, tfFields: tfIdx.map((f) => comparators[f]!.field) },
    cluster, clusterCount, candidatePairs: cand.length,
  };
}

/**
 * Splink's term-frequency adjustment of an exact agreement on the value of record i:
 * log2(u_exact / tf(v)), tf(v) = share of records (both lists) with value v.
 */
function tfAdjustment(c: Comparator, uExact: number, i: number): number {
  const code = c.column.codes[i]!;
  const tf = c.column.counts[code]! / c.column.nonMissing;
  return Math.log(uExact / tf) * LOG2E;
}

/** Connected components of the pairs with probability >= threshold; label = smallest member index. */
function clusters(n: number, a: Int32Array, b: Int32Array, probability: Float64Array, threshold: number): { cluster: Int32Array; clusterCount: number } {
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) parent[i] = i;
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[x] !== r) { const nx = parent[x]!; parent[x] = r; x = nx; }
    return r;
  };
  for (let p = 0; p < probability.length; p++) {
    if (!(probability[p]! >= threshold)) continue;
    const ra = find(a[p]!), rb = find(b[p]!);
    if (ra === rb) continue;
    if (ra < rb) parent[rb] = ra; else parent[ra] = rb;
  }
  const cluster = new Int32Array(n);
  let count = 0;
  for (let i = 0; i < n; i++) { const r = find(i); cluster[i] = r; if (r === i) count++; }
  return { cluster, clusterCount: count };
}
