// Accuracy against the simulated market's truth (src/simulate): the simulator computes each
// person's true stage per week from its latent activity with its own code (stage contract).
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { World } from '../../../src/simulate/types.js';
import { WEEK_MS } from '../../../src/simulate/types.js';
import { FOUR_A, assignStages, stageTransitions } from '../../../src/lifecycle/stages/index.js';

const hasSimulator = existsSync(new URL('../../../src/simulate/simulateWorld.ts', import.meta.url));

describe.skipIf(!hasSimulator)('FOUR_A on simulateWorld (5,000 people)', () => {
  let world: World;
  beforeAll(async () => {
    const sim = (await import('../../../src/simulate/index.js')) as { simulateWorld: (o: { people: number }) => World };
    world = sim.simulateWorld({ people: 5000 });
  });

  it('agrees with the true stage for >= 95% of people at several week ends', () => {
    const N = world.people;
    for (const w of [12, Math.floor(world.weeks / 2), world.weeks - 1]) {
      const asOf = world.start + (w + 1) * WEEK_MS - 1;
      const r = assignStages(world.events, FOUR_A, { asOf, people: world.personIds, evidenceLimit: 0 });
      const byId = new Map(r.people.map((p) => [p.personId, p.code]));
      let agree = 0;
      for (let i = 0; i < N; i++) if (byId.get(world.personIds[i]!) === world.truth.stage[w * N + i]) agree++;
      expect(agree / N, `week ${w}`).toBeGreaterThanOrEqual(0.95);
    }
  });

  it('the weekly transition matrix recovered from events matches truth.transition within 0.02 per cell', () => {
    const t = stageTransitions(world.events, FOUR_A, { periods: { start: world.start, lengthDays: 7, count: world.weeks }, people: world.personIds });
    expect(t.stages).toEqual(['none', 'aware', 'appeal', 'act', 'advocate']);
    let worst = 0;
    t.probabilities.forEach((row, i) => { row.forEach((p, j) => { worst = Math.max(worst, Math.abs(p - world.truth.transition[i]![j]!)); }); });
    expect(worst).toBeLessThanOrEqual(0.02);
    for (const row of t.probabilities) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });
});
