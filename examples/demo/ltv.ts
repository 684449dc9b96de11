/**
 * Demo section: lifetime value. Summarizes the simulated world's purchases per customer, fits
 * BG/NBD (purchases and churn) and Gamma-Gamma (spend), prints the parameters beside the
 * simulator's truth, the top customers by 12-month CLV, and how many of the best customers are
 * at risk (P(alive) < 0.5). Leaves `ctx.shared.get('clv')`: Map personId → CLV.
 */
import {
  customerLifetimeValueMany, fitBgNbd, fitGammaGamma, probabilityAliveMany, summarizeTransactions,
} from '../../src/lifecycle/ltv/index.js';
import { personIndex, simulateWorld } from '../../src/simulate/index.js';
import { WEEK_MS, type World } from '../../src/simulate/types.js';
import { fmtInt, fmtPct, heading, printTable, type DemoContext } from './context.js';

export function ltvSection(ctx: DemoContext): void {
  heading('lifecycle/ltv: who is still a customer, and what are they worth?');
  const world = (ctx.shared.get('world') as World | undefined) ?? simulateWorld({ people: ctx.quick ? 5000 : 20_000 });
  const purchases = world.events.filter((e) => e.type === 'purchase');
  // Purchase times are whole seconds in the simulator, so purchases are counted per second (period 1000 ms).
  const summary = summarizeTransactions(purchases, {
    observationEnd: world.start + world.weeks * WEEK_MS, unit: 'week', period: 1000, customerId: 'personId', value: 'value',
  });
  const rows = summary.customers;
  console.log(`  ${fmtInt(purchases.length)} purchases by ${fmtInt(rows.length)} customers over ${world.weeks} weeks; ${fmtPct(rows.filter((c) => c.frequency > 0).length / rows.length)} bought again.`);

  const bg = fitBgNbd(rows);
  const gg = fitGammaGamma(rows);
  const truth = world.truth.purchaseProcess;
  const paramRow = (name: string, fitted: number, se: number | undefined, want: number) => ({ parameter: name, fitted, '± SE': se ?? Number.NaN, truth: want });
  printTable([
    paramRow('BG/NBD r', bg.params.r, bg.standardErrors?.r, truth.r),
    paramRow('BG/NBD α', bg.params.alpha, bg.standardErrors?.alpha, truth.alpha),
    paramRow('BG/NBD a', bg.params.a, bg.standardErrors?.a, truth.a),
    paramRow('BG/NBD b', bg.params.b, bg.standardErrors?.b, truth.b),
    paramRow('Gamma-Gamma p', gg.params.p, gg.standardErrors?.p, truth.p),
    paramRow('Gamma-Gamma q', gg.params.q, gg.standardErrors?.q, truth.q),
    paramRow('Gamma-Gamma γ', gg.params.gamma, gg.standardErrors?.gamma, truth.gamma),
  ]);
  console.log(`  frequency–spend correlation ${gg.fit.frequencyMonetaryCorrelation?.toFixed(3) ?? 'n/a'} (the spend model assumes ~0); BG/NBD log-likelihood ${bg.fit.logLikelihood.toFixed(1)} after ${bg.fit.iterations} iterations.`);

  const cols = {
    frequency: Float64Array.from(rows, (c) => c.frequency), recency: Float64Array.from(rows, (c) => c.recency),
    T: Float64Array.from(rows, (c) => c.T), monetary: Float64Array.from(rows, (c) => c.monetary),
  };
  const pAlive = probabilityAliveMany(bg, cols);
  const clv = customerLifetimeValueMany(bg, gg, cols, { horizon: 12, discountRate: 0.01, unit: 'week' });
  const clvMap = new Map<string, number>();
  rows.forEach((c, i) => clvMap.set(String(c.customerId), clv[i]!));
  ctx.shared.set('clv', clvMap);

  const order = Array.from(clv.keys()).sort((i, j) => clv[j]! - clv[i]! || i - j);
  console.log('  Top customers by 12-month CLV (1% monthly discount):');
  printTable(order.slice(0, 5).map((i) => ({
    customer: String(rows[i]!.customerId), repeats: rows[i]!.frequency, 'recency (wk)': rows[i]!.recency, 'T (wk)': rows[i]!.T,
    'avg order': rows[i]!.monetary, 'P(alive)': pAlive[i]!, 'CLV (CNY)': clv[i]!,
  })));

  // "Best" customers by what they have spent so far (top 10% by repeat spend); who of them may have churned?
  const past = rows.map((c) => c.frequency * c.monetary);
  const best = Array.from(past.keys()).sort((i, j) => past[j]! - past[i]! || i - j).slice(0, Math.max(1, Math.round(rows.length / 10)));
  const atRisk = best.filter((i) => pAlive[i]! < 0.5);
  const churned = atRisk.filter((i) => Number.isFinite(world.truth.dropoutTime[personIndex(String(rows[i]!.customerId))]!)).length;
  console.log(`  Of the ${fmtInt(best.length)} best customers (top 10% by past spend), ${fmtInt(atRisk.length)} are at risk (P(alive) < 0.5); the simulator says ${fmtInt(churned)} of those have truly churned.`);
}
