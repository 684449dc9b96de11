// A direct, slow reading of the stage rule (the definition in /tmp/STAGE-CONTRACT.md and the
// defineStageModel docs), used as an independent oracle for the columnar implementation.
import type { StageModel } from '../../../src/lifecycle/stages/index.js';

export interface Ev { personId: string; time: number; type: string; channel: string }
export const DAY = 86_400_000;

export function naiveStage(events: readonly Ev[], model: StageModel, personId: string, asOf: number): number {
  const mine = events.filter((e) => e.personId === personId);
  let best = 0;
  model.stages.forEach((s, si) => {
    for (const r of s.rules) {
      const w = (r.windowDays ?? s.windowDays) * DAY;
      const matches = (e: Ev) => r.eventTypes.includes(e.type) && (r.channels === undefined || r.channels.includes(e.channel));
      const n = mine.filter((e) => matches(e) && e.time > asOf - w && e.time <= asOf
        && (!r.repeat || mine.some((x) => matches(x) && x.time < e.time))).length;
      if (n >= r.minCount) best = Math.max(best, si + 1);
    }
  });
  return best;
}
