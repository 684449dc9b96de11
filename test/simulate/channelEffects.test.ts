import { beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, WEEK_MS, personIndex, simulateWorld, type World } from '../../src/simulate/index.js';

/** Spearman rank correlation of two vectors without ties (1 − 6Σd²/(n(n²−1))). */
function spearman(a: readonly number[], b: readonly number[]): number {
  const rank = (x: readonly number[]) => {
    const order = x.map((v, i) => [v, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(x.length);
    order.forEach(([, i], k) => { r[i] = k; });
    return r;
  };
  const ra = rank(a), rb = rank(b);
  let d2 = 0;
  for (let k = 0; k < a.length; k++) d2 += (ra[k]! - rb[k]!) ** 2;
  const n = a.length;
  return 1 - (6 * d2) / (n * (n * n - 1));
}

describe('simulateWorld: channels with a larger true effect convert more of the exposed (50,000 people)', () => {
  let w: World;
  let rate: number[];
  let exposedWeeks: number[];
  beforeAll(() => {
    w = simulateWorld({ people: 50_000, seed: 8 });
    const n = w.people;
    // Week of the first purchase per person (Infinity if none).
    const firstWeek = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
    for (const e of w.events) {
      if (e.type !== 'purchase') continue;
      const i = personIndex(e.personId);
      firstWeek[i] = Math.min(firstWeek[i]!, Math.floor((e.time - w.start) / WEEK_MS));
    }
    // Person-weeks exposed (an impression) on each channel while not yet a customer, and how many
    // of them end with the first purchase in that same week.
    const seen = CHANNELS.map(() => new Set<number>());
    const conv = CHANNELS.map(() => 0);
    for (const e of w.events) {
      if (e.type !== 'impression') continue;
      const i = personIndex(e.personId);
      const wk = Math.floor((e.time - w.start) / WEEK_MS);
      if (firstWeek[i]! < wk) continue;
      const c = CHANNELS.indexOf(e.channel);
      const key = wk * n + i;
      if (seen[c]!.has(key)) continue;
      seen[c]!.add(key);
      if (firstWeek[i] === wk) conv[c]!++;
    }
    exposedWeeks = seen.map((s) => s.size);
    rate = conv.map((x, c) => x / exposedWeeks[c]!);
  });

  it('conversion rates among the exposed rank like the true effects (Spearman >= 0.7)', () => {
    const effects = CHANNELS.map((c) => w.truth.channelEffects.find((x) => x.channel === c)!.effect);
    expect(exposedWeeks.every((x) => x > 10_000)).toBe(true);
    expect(spearman(rate, effects)).toBeGreaterThanOrEqual(0.7);
  });

  it('the three strongest channels convert more of the exposed than the three weakest (pooled)', () => {
    const byEffect = [...w.truth.channelEffects].sort((a, b) => b.effect - a.effect).map((x) => CHANNELS.indexOf(x.channel));
    const pooled = (cs: number[]) => cs.reduce((s, c) => s + rate[c]! * exposedWeeks[c]!, 0) / cs.reduce((s, c) => s + exposedWeeks[c]!, 0);
    const top = pooled(byEffect.slice(0, 3)), bottom = pooled(byEffect.slice(-3));
    expect(top).toBeGreaterThan(1.5 * bottom);
  });
});
