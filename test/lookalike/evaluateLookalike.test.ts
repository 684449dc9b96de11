import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { evaluateLookalike } from '../../src/lookalike/index.js';

const err = (code: string, text?: string) => expect.objectContaining(text === undefined ? { code } : { code, message: expect.stringContaining(text) as string }) as Error;

/** Brute-force AUC: over all (positive, negative) pairs, 1 if pos > neg, ½ if equal. */
function pairAuc(s: number[], y: number[]): number {
  let u = 0, pairs = 0;
  s.forEach((a, i) => { if (y[i] !== 1) return; s.forEach((b, j) => { if (y[j] !== 0) return; pairs++; u += a > b ? 1 : a === b ? 0.5 : 0; }); });
  return u / pairs;
}

describe('evaluateLookalike', () => {
  it('AUC with ties by mid-rank (Mann–Whitney), hand-computed', () => {
    // scores 0.9 0.8 0.8 0.7 0.3 0.3 ; labels 1 0 1 1 0 0  — 3 positives, 3 negatives, 9 pairs.
    // pos 0.9 beats all 3 negatives: 3; pos 0.8 ties neg 0.8 (½) and beats 0.3, 0.3: 2.5;
    // pos 0.7 beats 0.3, 0.3, loses to 0.8: 2. U = 7.5, AUC = 7.5 / 9 = 0.8333…
    // Mid-ranks (ascending): 0.3,0.3 → 1.5,1.5; 0.7 → 3; 0.8,0.8 → 4.5,4.5; 0.9 → 6.
    // R₊ = 6 + 4.5 + 3 = 13.5, U = 13.5 − 3·4/2 = 7.5. ✓
    const e = evaluateLookalike([0.9, 0.8, 0.8, 0.7, 0.3, 0.3], [1, 0, 1, 1, 0, 0], { reaches: [0.5], gainsPoints: 2 });
    expect(e.auc).toBeCloseTo(7.5 / 9, 15);
    expect(e.positives).toBe(3);
    expect(e.baseRate).toBe(0.5);
    // top 50% = 3 people: idx 0 (1), idx 1 (0, tie with idx 2 broken to the lower index), idx 2 (1) → 2 positives
    expect(e.atReach[0]).toEqual({ reach: 0.5, size: 3, cutoff: 0.8, precision: 2 / 3, recall: 2 / 3, lift: (2 / 3) / 0.5 });
    expect(e.gains).toEqual([{ fraction: 0, captured: 0 }, { fraction: 0.5, captured: 2 / 3 }, { fraction: 1, captured: 1 }]);
  });
  it('perfect and inverted rankings give AUC 1 and 0; constant scores give 0.5', () => {
    expect(evaluateLookalike([3, 2, 1, 0], [1, 1, 0, 0]).auc).toBe(1);
    expect(evaluateLookalike([0, 1, 2, 3], [1, 1, 0, 0]).auc).toBe(0);
    expect(evaluateLookalike([1, 1, 1, 1], [true, false, true, false]).auc).toBe(0.5);
  });
  test.prop([fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.boolean()), { minLength: 2, maxLength: 80 })])('AUC equals the brute-force pair count', (pairs) => {
    const s = pairs.map((p) => p[0] / 2), y = pairs.map((p) => (p[1] ? 1 : 0));
    fc.pre(y.includes(1) && y.includes(0));
    expect(evaluateLookalike(s, y).auc).toBeCloseTo(pairAuc(s, y), 12);
  });
  it('bad input', () => {
    expect(() => evaluateLookalike([1, 2], [1])).toThrow(err('DIMENSION_MISMATCH'));
    expect(() => evaluateLookalike([1, 2], [1, 1])).toThrow(err('INVALID_INPUT', 'both classes'));
    expect(() => evaluateLookalike([1, 2], [1, 2])).toThrow(err('INVALID_INPUT', 'labels[1]'));
    expect(() => evaluateLookalike([1, Infinity], [1, 0])).toThrow(err('INVALID_INPUT', 'scores[1]'));
    expect(() => evaluateLookalike([1, 2], [1, 0], { reaches: [0] })).toThrow(err('INVALID_OPTION', 'reach'));
    expect(() => evaluateLookalike([1, 2], [1, 0], { reaches: [1.2] })).toThrow(err('INVALID_OPTION', 'reaches[0]'));
  });
  it('a decimal reach takes what it reads at evaluation too (0.145 of 100 is 15 people)', () => {
    const scores = Array.from({ length: 100 }, (_, i) => 100 - i), y = scores.map((_, i) => (i < 20 ? 1 : 0));
    const r = evaluateLookalike(scores, y, { reaches: [0.145] });
    expect(r.atReach[0]!.size).toBe(15);
    expect(r.atReach[0]!.precision).toBe(1); // the top 15 are all positives
  });
});
