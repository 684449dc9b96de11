import { z } from 'zod';
import { AudienceKitError, parseWith } from '../../core/index.js';
import type { StageTransitions } from './stageTransitions.js';

/** One Sankey link: people at stage `from` at period end `step` who are at `to` at end `step + 1`. */
export interface StageFlow {
  /** Node id of the left column: `${from}@${step}`. */
  readonly source: string;
  /** Node id of the right column: `${to}@${step + 1}`. */
  readonly target: string;
  readonly from: string;
  readonly to: string;
  /** Index of the step (period end `step` → `step + 1`). */
  readonly step: number;
  readonly count: number;
}

/** Options of {@link stageFlows}. */
export const StageFlowsOptionsSchema = z.object({
  /** Only this step (default: every step, a multi-column Sankey). */
  step: z.number().int().min(0).optional(),
  /** Keep links with count 0 (default false). */
  includeZero: z.boolean().default(false),
}).strict();
export type StageFlowsOptions = z.input<typeof StageFlowsOptionsSchema>;

/**
 * The transitions of {@link stageTransitions} as source → target → count rows, ready for a Sankey
 * chart (d3-sankey links, Vega-Lite/Plotly sankey data): node ids carry the period index so the
 * same stage at two period ends is two nodes.
 *
 * Complexity: O(steps · stages²).
 *
 * @param transitions - the result of {@link stageTransitions}.
 * @param options - `{ step?, includeZero? }`.
 * @returns rows ordered by step, then source stage, then target stage.
 * @throws AudienceKitError `INVALID_OPTION` for a step out of range.
 * @example
 * stageFlows(t, { step: 0 })[0];
 * // => { source: 'none@0', target: 'none@1', from: 'none', to: 'none', step: 0, count: 812 }
 */
export function stageFlows(transitions: StageTransitions, options: StageFlowsOptions = {}): StageFlow[] {
  const o = parseWith(StageFlowsOptionsSchema, options, 'stageFlows options', 'INVALID_OPTION');
  const steps = transitions.steps;
  if (o.step !== undefined && o.step >= steps.length) {
    throw new AudienceKitError('INVALID_OPTION', `stageFlows: step ${o.step} out of range [0, ${steps.length})`, { issues: [{ path: ['step'], message: 'out of range' }] });
  }
  const names = transitions.stages;
  const rows: StageFlow[] = [];
  steps.forEach((s, k) => {
    if (o.step !== undefined && k !== o.step) return;
    s.counts.forEach((row, i) => {
      row.forEach((count, j) => {
        if (count === 0 && !o.includeZero) return;
        const from = names[i]!, to = names[j]!;
        rows.push({ source: `${from}@${k}`, target: `${to}@${k + 1}`, from, to, step: k, count });
      });
    });
  });
  return rows;
}
