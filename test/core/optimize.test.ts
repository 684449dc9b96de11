import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { invertPositiveDefinite, minimizeLbfgs, minimizeNelderMead, numericGradient, numericHessian } from '../../src/core/optimize.js';

// Rosenbrock: minimum f = 0 at (1, 1) (Rosenbrock 1960; Nocedal & Wright p. 27).
const rosen = (x: Float64Array): number => (1 - x[0]!) ** 2 + 100 * (x[1]! - x[0]! ** 2) ** 2;
// Its gradient by hand: d/dx0 = -2(1-x0) - 400 x0 (x1 - x0²), d/dx1 = 200 (x1 - x0²).
const rosenGrad = (x: Float64Array, g: Float64Array): number => {
  g[0] = -2 * (1 - x[0]!) - 400 * x[0]! * (x[1]! - x[0]! ** 2);
  g[1] = 200 * (x[1]! - x[0]! ** 2);
  return rosen(x);
};

describe('minimizeLbfgs', () => {
  it('finds the Rosenbrock minimum (1, 1) from (-1.2, 1) with an analytic gradient', () => {
    const r = minimizeLbfgs(rosen, [-1.2, 1], { gradient: rosenGrad });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
    expect(r.value).toBeLessThan(1e-12);
  });
  it('finds it with the numeric-gradient fallback', () => {
    const r = minimizeLbfgs(rosen, [-1.2, 1]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });
  it('treats non-finite values as too far (log barrier, minimum of x - log x at x = 1)', () => {
    const f = (x: Float64Array): number => (x[0]! > 0 ? x[0]! - Math.log(x[0]!) : Number.NaN);
    const r = minimizeLbfgs(f, [20]);
    expect(r.x[0]).toBeCloseTo(1, 5);
  });
  it('reports a non-finite start instead of returning garbage', () => {
    const r = minimizeLbfgs(() => Number.NaN, [0]);
    expect(r.converged).toBe(false);
    expect(r.message).toMatch(/not finite/);
  });
  it('does not modify x0', () => {
    const x0 = Float64Array.of(-1.2, 1);
    minimizeLbfgs(rosen, x0, { gradient: rosenGrad });
    expect(Array.from(x0)).toEqual([-1.2, 1]);
  });
  it('minimizes any positive-definite quadratic to its closed-form minimum A⁻¹b (property)', () => {
    fc.assert(fc.property(
      fc.double({ min: 0.5, max: 10, noNaN: true }), fc.double({ min: 0.5, max: 10, noNaN: true }), fc.double({ min: -0.4, max: 0.4, noNaN: true }),
      fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true }),
      (a, d, rho, b0, b1) => {
        const c = rho * Math.sqrt(a * d); // |c| < sqrt(ad): positive definite
        const f = (x: Float64Array) => 0.5 * (a * x[0]! ** 2 + 2 * c * x[0]! * x[1]! + d * x[1]! ** 2) - b0 * x[0]! - b1 * x[1]!;
        const det = a * d - c * c;
        const r = minimizeLbfgs(f, [0, 0], { gradient: (x, g) => { g[0] = a * x[0]! + c * x[1]! - b0; g[1] = c * x[0]! + d * x[1]! - b1; return f(x); } });
        expect(r.x[0]).toBeCloseTo((d * b0 - c * b1) / det, 5);
        expect(r.x[1]).toBeCloseTo((a * b1 - c * b0) / det, 5);
      }), { numRuns: 50 });
  });
});

describe('minimizeNelderMead', () => {
  it('finds the Rosenbrock minimum', () => {
    const r = minimizeNelderMead(rosen, [-1.2, 1], { maxIterations: 2000 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(1, 4);
  });
  it('flags an exhausted budget', () => {
    const r = minimizeNelderMead(rosen, [-1.2, 1], { maxIterations: 5 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(5);
  });
});

describe('numericGradient / numericHessian / invertPositiveDefinite', () => {
  it('match hand derivatives of f = x0² x1 + exp(x1) at (1, 2)', () => {
    // grad = (2 x0 x1, x0² + e^x1) = (4, 1 + e²); Hessian = [[2 x1, 2 x0], [2 x0, e^x1]] = [[4, 2], [2, e²]].
    const f = (x: Float64Array) => x[0]! ** 2 * x[1]! + Math.exp(x[1]!);
    const x = Float64Array.of(1, 2);
    const g = numericGradient(f, x);
    expect(g[0]).toBeCloseTo(4, 7);
    expect(g[1]).toBeCloseTo(1 + Math.exp(2), 7);
    const H = numericHessian(f, x);
    expect(H[0]).toBeCloseTo(4, 4);
    expect(H[1]).toBeCloseTo(2, 4);
    expect(H[2]).toBeCloseTo(2, 4);
    expect(H[3]).toBeCloseTo(Math.exp(2), 4);
    const Hg = numericHessian(f, x, { gradient: (p, out) => { out[0] = 2 * p[0]! * p[1]!; out[1] = p[0]! ** 2 + Math.exp(p[1]!); return f(p); } });
    expect(Hg[3]).toBeCloseTo(Math.exp(2), 7);
    expect(Hg[1]).toBeCloseTo(2, 7);
  });
  it('inverts [[4, 2], [2, 3]] to [[3, -2], [-2, 4]] / 8 and refuses an indefinite matrix', () => {
    const inv = invertPositiveDefinite(Float64Array.of(4, 2, 2, 3), 2)!;
    expect(Array.from(inv).map((v) => v * 8)).toEqual([3, -2, -2, 4].map((v) => expect.closeTo(v, 10) as unknown as number));
    expect(invertPositiveDefinite(Float64Array.of(1, 2, 2, 1), 2)).toBeNull();
    expect(invertPositiveDefinite(Float64Array.of(1, Number.NaN, 0, 1), 2)).toBeNull();
  });
});

describe('numericHessian forward differences of an analytic gradient', () => {
  it('match the hand Hessian of f = x0² x1 + exp(x1) at (1, 2) to ~1e-6', () => {
    const f = (x: Float64Array) => x[0]! ** 2 * x[1]! + Math.exp(x[1]!);
    const H = numericHessian(f, Float64Array.of(1, 2), { forward: true, relativeStep: true, gradient: (p, out) => { out[0] = 2 * p[0]! * p[1]!; out[1] = p[0]! ** 2 + Math.exp(p[1]!); return f(p); } });
    expect(H[0]).toBeCloseTo(4, 5);
    expect(H[1]).toBeCloseTo(2, 5);
    expect(H[3]).toBeCloseTo(Math.exp(2), 5);
  });
});
