import { beforeAll, describe, expect, it } from 'vitest';
import hyp2f1 from '@stdlib/math-base-special-hyp2f1';
import { WEEK_MS, personIndex, simulateWorld, type World } from '../../src/simulate/index.js';

/**
 * BG/NBD expected number of repeat purchases in (0, t] for a customer whose first purchase is at
 * 0 (Fader, Hardie & Lee 2005, "Counting your customers the easy way", eq. 9):
 *   E[X(t)] = (a+b−1)/(a−1) · [1 − (α/(α+t))^r · 2F1(r, b; a+b−1; t/(α+t))].
 * An analytic answer independent of the simulator's event-by-event generation.
 */
function expectedRepeats(t: number, r: number, alpha: number, a: number, b: number): number {
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, t / (alpha + t)));
}

describe('simulateWorld: repeat purchases follow the BG/NBD + Gamma-Gamma parameters in truth', () => {
  let w: World;
  // Many customers: raise the funnel so that most people buy early (the repeat process does not depend on it).
  beforeAll(() => {
    w = simulateWorld({
      people: 8000, seed: 21, weeks: 52,
      stageTransition: [[0.5, 0.2, 0.2, 0.1, 0], [0.3, 0.3, 0.2, 0.2, 0], [0.2, 0.2, 0.3, 0.3, 0], [0.4, 0.3, 0.2, 0.05, 0.05], [0.3, 0.3, 0.2, 0.1, 0.1]],
    });
  });

  it('publishes its parameters (defaults near the CDNOW estimates, in weeks)', () => {
    expect(w.truth.purchaseProcess).toEqual({ model: 'bg-nbd', r: 0.25, alpha: 4, a: 0.8, b: 2.5, p: 6, q: 4, gamma: 150 });
  });

  it('the mean purchase rate λ of customers is r/α within sampling error', () => {
    const { r, alpha } = w.truth.purchaseProcess;
    const lam: number[] = [];
    for (let i = 0; i < w.people; i++) if (w.truth.purchaseRate[i]! > 0) lam.push(w.truth.purchaseRate[i]!);
    expect(lam.length).toBeGreaterThan(4000);
    const mean = lam.reduce((s, x) => s + x, 0) / lam.length;
    // Gamma(r, α): mean r/α = 0.0625, sd √r/α = 0.125; standard error 0.125/√n.
    const se = Math.sqrt(r) / alpha / Math.sqrt(lam.length);
    expect(Math.abs(mean - r / alpha)).toBeLessThan(4 * se);
  });

  it('repeat purchase counts match the BG/NBD expectation E[X(T)] given each customer\'s time since the first purchase', () => {
    const { r, alpha, a, b } = w.truth.purchaseProcess;
    const end = w.start + w.weeks * WEEK_MS;
    const first = new Map<number, number>();
    const count = new Map<number, number>();
    for (const e of w.events) {
      if (e.type !== 'purchase') continue;
      const i = personIndex(e.personId);
      if (!first.has(i)) first.set(i, e.time);
      count.set(i, (count.get(i) ?? 0) + 1);
    }
    let obs = 0, exp = 0, ss = 0;
    const diffs: number[] = [];
    for (const [i, t0] of first) {
      const T = (end - t0) / WEEK_MS;
      const x = count.get(i)! - 1;
      const e = expectedRepeats(T, r, alpha, a, b);
      obs += x; exp += e; diffs.push(x - e);
    }
    const n = diffs.length;
    const md = (obs - exp) / n;
    for (const d of diffs) ss += (d - md) ** 2;
    const se = Math.sqrt(ss / (n - 1) / n);
    expect(obs).toBeGreaterThan(1000);
    expect(Math.abs(obs - exp) / n).toBeLessThan(4 * se);
  });

  it('order values have the Gamma-Gamma mean p·γ/(q−1) = 300 CNY within sampling error', () => {
    const { p, q, gamma } = w.truth.purchaseProcess;
    const v = w.events.filter((e) => e.type === 'purchase').map((e) => e.value!);
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1));
    expect(p * gamma / (q - 1)).toBe(300);
    // Purchases of one customer share ν, so values are clustered: allow 6 naive standard errors.
    expect(Math.abs(mean - 300)).toBeLessThan(6 * sd / Math.sqrt(v.length));
  });

  it('touches do not modulate the repeat process: λ does not depend on exposure', () => {
    const imps = new Float64Array(w.people);
    for (const e of w.events) if (e.type === 'impression') imps[personIndex(e.personId)]!++;
    const lo: number[] = [], hi: number[] = [];
    for (let i = 0; i < w.people; i++) {
      const l = w.truth.purchaseRate[i]!;
      if (l > 0) (imps[i]! >= 8 ? hi : lo).push(l);
    }
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const se = 0.125 * Math.sqrt(1 / lo.length + 1 / hi.length);
    expect(Math.abs(mean(hi) - mean(lo))).toBeLessThan(4 * se);
  });
});
