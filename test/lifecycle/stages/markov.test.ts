import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { AudienceKitError } from '../../../src/core/index.js';
import { expectedTimeToStage, forecastStages, steadyState } from '../../../src/lifecycle/stages/index.js';

const code = (f: () => unknown) => { try { f(); } catch (e) { return [(e as AudienceKitError).code, (e as AudienceKitError).message]; } return ['no error', '']; };

// A small chain A, B, C with C the target:
//   P = [[0.5, 0.5, 0], [0.25, 0.25, 0.5], [0, 0, 1]]
// Q (A, B) = [[0.5, 0.5], [0.25, 0.25]];  I − Q = [[0.5, −0.5], [−0.25, 0.75]];  det = 0.375 − 0.125 = 0.25
// N = (I − Q)⁻¹ = (1 / 0.25)·[[0.75, 0.5], [0.25, 0.5]] = [[3, 2], [1, 2]];  t = N·1 = [5, 3]
// Check: t_A = 1 + 0.5·5 + 0.5·3 = 5,  t_B = 1 + 0.25·5 + 0.25·3 = 3.
const P = [[0.5, 0.5, 0], [0.25, 0.25, 0.5], [0, 0, 1]];

describe('expectedTimeToStage', () => {
  it('matches the chain solved by hand', () => {
    const r = expectedTimeToStage(P, 2);
    expect(r.transient).toEqual([0, 1]);
    r.fundamental.flat().forEach((v, i) => expect(v).toBeCloseTo([3, 2, 1, 2][i]!, 12));
    r.steps.forEach((v, i) => expect(v).toBeCloseTo([5, 3, 0][i]!, 12));
  });
  it('by stage name; Infinity where the target may never be reached', () => {
    // D is absorbing; from B the chain may fall into D, so B and A (which reaches B) never surely reach C.
    const t = { stages: ['A', 'B', 'C', 'D'], probabilities: [[0.5, 0.5, 0, 0], [0, 0.5, 0.25, 0.25], [0, 0, 1, 0], [0, 0, 0, 1]] };
    expect(expectedTimeToStage(t, 'C').steps).toEqual([Infinity, Infinity, 0, Infinity]);
    // geometric: from B to D or C … target B from A: 1/0.5 = 2 steps
    expect(expectedTimeToStage(t, 'B').steps[0]).toBeCloseTo(2, 12);
    expect(code(() => expectedTimeToStage(t, 'Z'))[0]).toBe('INVALID_INPUT');
  });
});

describe('steadyState', () => {
  it('two-state chain solved by hand', () => {
    // π = π P with P = [[0.9, 0.1], [0.5, 0.5]]: 0.1 π0 = 0.5 π1 and π0 + π1 = 1 → π = [5/6, 1/6]
    const pi = steadyState([[0.9, 0.1], [0.5, 0.5]]);
    expect(pi[0]).toBeCloseTo(5 / 6, 14);
    expect(pi[1]).toBeCloseTo(1 / 6, 14);
  });
  it('a chain with two closed classes has no unique answer', () => {
    expect(code(() => steadyState([[1, 0], [0, 1]]))[0]).toBe('INVALID_INPUT');
  });
});

describe('forecastStages', () => {
  it('0 steps is the identity; two steps by hand', () => {
    expect(forecastStages(P, [10, 20, 30], 0)).toEqual([10, 20, 30]);
    // [100, 0] · [[0.5, 0.5], [0, 1]] = [50, 50]; · again = [25, 75]
    expect(forecastStages([[0.5, 0.5], [0, 1]], [100, 0], 2)).toEqual([25, 75]);
  });
  it('rejects a non-stochastic matrix, naming the row', () => {
    const [c, m] = code(() => forecastStages([[0.5, 0.4], [0, 1]], [1, 0], 1));
    expect(c).toBe('INVALID_INPUT');
    expect(m).toContain('probabilities[0]');
    expect(code(() => forecastStages([[1.5, -0.5], [0, 1]], [1, 0], 1))[1]).toContain('probabilities[0][1]');
    expect(code(() => forecastStages([[1, 0]], [1], 1))[0]).toBe('DIMENSION_MISMATCH');
    expect(code(() => forecastStages([], [], 1))[0]).toBe('EMPTY_INPUT');
    expect(code(() => forecastStages([[1]], [1], 1.5))[0]).toBe('INVALID_OPTION');
    expect(code(() => forecastStages([[1]], [NaN], 1))[0]).toBe('INVALID_INPUT');
  });
});

const arbStochastic = fc.integer({ min: 2, max: 5 }).chain((n) => fc.array(fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: n, maxLength: n }), { minLength: n, maxLength: n }))
  .map((rows) => rows.map((r) => { const s = r.reduce((a, b) => a + b, 0); return r.map((v) => v / s); }));

test.prop([arbStochastic, fc.integer({ min: 0, max: 20 })])('forecasts keep the total; the steady state is a fixed point summing to 1', (P, steps) => {
  const d = P.map((_, i) => i + 1);
  const f = forecastStages(P, d, steps);
  expect(f.reduce((a, b) => a + b, 0)).toBeCloseTo(d.reduce((a, b) => a + b, 0), 9);
  const pi = steadyState(P);
  expect(pi.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  forecastStages(P, pi, 1).forEach((v, i) => expect(v).toBeCloseTo(pi[i]!, 9));
});
