import { beforeAll, describe, expect, it } from 'vitest';
import { simulateWorld, personIndex } from '../../../src/simulate/index.js';
import { WEEK_MS, type World } from '../../../src/simulate/types.js';
import {
  fitBgNbd, fitGammaGamma, probabilityAliveMany, summarizeTransactions,
  type BgNbdModel, type CustomerSummary, type GammaGammaModel,
} from '../../../src/lifecycle/ltv/index.js';

// The simulator draws repeat purchases from a BG/NBD process (λ ~ Gamma(r, α) per week, dropout
// p ~ Beta(a, b) after each repeat purchase) and order values from Gamma-Gamma (truth.purchaseProcess).
// Purchase times are whole seconds, so transactions are summarized per second (period 1000 ms): the
// continuous-time process the model describes, with no same-day collapsing.
let world: World;
let customers: CustomerSummary[];
let bg: BgNbdModel;
let gg: GammaGammaModel;

beforeAll(() => {
  world = simulateWorld({ people: 20_000 });
  const purchases = world.events.filter((e) => e.type === 'purchase');
  customers = summarizeTransactions(purchases, {
    observationEnd: world.start + world.weeks * WEEK_MS, unit: 'week', period: 1000, customerId: 'personId', value: 'value',
  }).customers;
  bg = fitBgNbd(customers);
  gg = fitGammaGamma(customers);
}, 60_000);

/** Mann–Whitney AUC: P(score of a random positive > score of a random negative), ties count 1/2. */
function auc(scores: Float64Array, positive: boolean[]): number {
  const idx = Array.from(scores.keys()).sort((i, j) => scores[i]! - scores[j]!);
  let rankSumPos = 0, nPos = 0;
  for (let k = 0; k < idx.length;) {
    let e = k;
    while (e + 1 < idx.length && scores[idx[e + 1]!] === scores[idx[k]!]) e++;
    const midRank = (k + e) / 2 + 1;
    for (let j = k; j <= e; j++) if (positive[idx[j]!]) { rankSumPos += midRank; nPos++; }
    k = e + 1;
  }
  const nNeg = idx.length - nPos;
  return (rankSumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

describe('BG/NBD and Gamma-Gamma on simulateWorld() purchases (20,000 people, 52 weeks)', () => {
  it('recovers the simulator\'s r, α, a, b within 2 standard errors', () => {
    const truth = world.truth.purchaseProcess;
    const se = bg.standardErrors!;
    expect(customers.length).toBeGreaterThan(1000);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(bg.params[k] - truth[k]) / se[k]).toBeLessThan(2);
    }
  });
  it('recovers p, q, γ of the spend process within 2 standard errors', () => {
    const truth = world.truth.purchaseProcess;
    const se = gg.standardErrors!;
    for (const k of ['p', 'q', 'gamma'] as const) {
      expect(Math.abs(gg.params[k] - truth[k]) / se[k]).toBeLessThan(2);
    }
    // Spend is drawn independently of the purchase rate, so the correlation check is near 0.
    expect(Math.abs(gg.fit.frequencyMonetaryCorrelation!)).toBeLessThan(0.15);
  });
  it('probabilityAlive ranks truly alive customers above churned ones with AUC >= 0.85', () => {
    const p = probabilityAliveMany(bg, {
      frequency: customers.map((c) => c.frequency), recency: customers.map((c) => c.recency), T: customers.map((c) => c.T),
    });
    const alive = customers.map((c) => world.truth.dropoutTime[personIndex(String(c.customerId))] === Number.POSITIVE_INFINITY);
    expect(alive.some((a) => !a)).toBe(true);
    expect(auc(p, alive)).toBeGreaterThanOrEqual(0.85);
  });
});
