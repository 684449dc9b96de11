import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { createRng } from '../../../src/core/index.js';
import { DDSketch, DDSketchJSONSchema } from '../../../src/features/internal/ddsketch.js';

/** The paper's quantile: the element of 0-based rank ⌊q(n−1)⌋ of the sorted data. */
function exactQuantile(sorted: readonly number[], q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

const QS = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1];

describe('DDSketch', () => {
  it('meets the relative-error bound |x̂ − x_q| <= α|x_q| on heavy-tailed data (lognormal, Pareto, mixed sign)', () => {
    const rng = createRng(7);
    const n = 50_000;
    const data: Record<string, number[]> = {
      lognormal: Array.from({ length: n }, () => Math.exp(rng.normal(3, 2))),
      pareto: Array.from({ length: n }, () => Math.pow(1 - rng.uniform(), -1 / 1.2)),
      mixed: Array.from({ length: n }, () => (rng.bernoulli(0.1) ? 0 : rng.normal(0, 100))),
    };
    for (const alpha of [0.01, 0.005, 0.001]) {
      for (const [name, xs] of Object.entries(data)) {
        const s = new DDSketch(alpha);
        for (const x of xs) s.add(x);
        const sorted = xs.slice().sort((a, b) => a - b);
        let worst = 0;
        for (const q of QS) {
          const exact = exactQuantile(sorted, q);
          const est = s.quantile(q)!;
          const err = exact === 0 ? Math.abs(est) : Math.abs(est - exact) / Math.abs(exact);
          worst = Math.max(worst, err);
        }
        expect(worst, `${name} at α=${alpha}`).toBeLessThanOrEqual(alpha * (1 + 1e-9));
      }
    }
  });

  it('returns exact min and max at q = 0 and 1, undefined when empty', () => {
    const s = new DDSketch(0.01);
    expect(s.quantile(0.5)).toBeUndefined();
    for (const x of [3.3, -7.25, 0, 12.5]) s.add(x);
    expect(s.quantile(0)).toBe(-7.25);
    expect(s.quantile(1)).toBe(12.5);
    // rank ⌊0.5·3⌋ = 1 → second smallest = 0, counted exactly in the zero bucket.
    expect(s.quantile(0.5)).toBe(0);
  });

  // Values x/7 for integers |x| <= 1e7: mixed signs, zeros, six decades of magnitude.
const value = fc.integer({ min: -10_000_000, max: 10_000_000 }).map((x) => x / 7);

test.prop([fc.array(value, { maxLength: 200 }), fc.array(value, { maxLength: 200 })])(
    'merge is exact: sketch(A ∪ B) == merge(sketch(A), sketch(B)) == merge(sketch(B), sketch(A))',
    (a, b) => {
      const whole = new DDSketch(0.005), sa = new DDSketch(0.005), sb = new DDSketch(0.005);
      for (const x of a) { whole.add(x); sa.add(x); }
      for (const x of b) { whole.add(x); sb.add(x); }
      const ab = new DDSketch(0.005); ab.merge(sa); ab.merge(sb);
      const ba = new DDSketch(0.005); ba.merge(sb); ba.merge(sa);
      expect(ab.toJSON()).toEqual(whole.toJSON());
      expect(ba.toJSON()).toEqual(whole.toJSON());
      for (const q of QS) expect(ab.quantile(q)).toBe(whole.quantile(q));
    },
  );

  it('round-trips through JSON and rejects inconsistent JSON', () => {
    const s = new DDSketch(0.005);
    for (let i = -50; i < 300; i++) s.add(i * 1.5);
    const json = DDSketchJSONSchema.parse(JSON.parse(JSON.stringify(s.toJSON())));
    const back = DDSketch.fromJSON(json, 'sketch');
    for (const q of QS) expect(back.quantile(q)).toBe(s.quantile(q));
    expect(() => DDSketch.fromJSON({ ...json, count: json.count + 1 }, 'sketch')).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
  });

  it('refuses to merge sketches of different accuracy', () => {
    expect(() => new DDSketch(0.01).merge(new DDSketch(0.02))).toThrow(expect.objectContaining({ code: 'DIMENSION_MISMATCH' }));
  });
});
