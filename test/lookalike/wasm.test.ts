import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import wabtInit from 'wabt';
import { embeddingsFromRows, sliceRows } from '../../src/core/index.js';
import { expandAudience, fitLookalike, lookalikeKernel, scoreLookalike } from '../../src/lookalike/index.js';
import type { LookalikeModel } from '../../src/lookalike/index.js';
import { dotKernelMemoryBytes, resetDotKernel, setDotBackend, wasmDotAvailable } from '../../src/lookalike/internal/dotKernel.js';
import { DOT_KERNEL_WASM } from '../../src/lookalike/internal/dotKernelWasm.js';
import { naiveKnn, rowsOf } from './helpers.js';

afterEach(() => { setDotBackend('auto'); });

const scoreWith = (backend: 'js' | 'wasm', m: LookalikeModel, rows: number[][]): Float32Array => {
  const old = setDotBackend(backend);
  try { return scoreLookalike(m, embeddingsFromRows(rows)); } finally { setDotBackend(old); }
};

describe('WebAssembly SIMD kernel: binary and availability', () => {
  it('the embedded bytes are exactly what wabt compiles from dotKernel.wat (no drift from the source)', async () => {
    const wabt = await wabtInit();
    const wat = readFileSync(new URL('../../src/lookalike/internal/dotKernel.wat', import.meta.url), 'utf8');
    const mod = wabt.parseWat('dotKernel.wat', wat, { simd: true, relaxed_simd: false });
    mod.resolveNames();
    mod.validate();
    const bytes = new Uint8Array(mod.toBinary({ log: false, write_debug_names: false }).buffer);
    mod.destroy();
    expect(Array.from(DOT_KERNEL_WASM)).toEqual(Array.from(bytes));
  });
  it('is small enough for synchronous compilation on a browser main thread (< 4 KB) and valid here (Node 20 has SIMD)', () => {
    expect(DOT_KERNEL_WASM.length).toBeLessThan(4096);
    expect((globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } }).WebAssembly.validate(DOT_KERNEL_WASM)).toBe(true);
    expect(wasmDotAvailable()).toBe(true);
  });
});

// Random models and candidates with odd dimensions (not a multiple of 4), odd seed / prototype
// counts (not a multiple of 8) and odd candidate counts (not a multiple of 4), zero rows included.
const dArb = fc.integer({ min: 1, max: 13 });
const rowsArb = (d: number, min: number, max: number) =>
  fc.array(fc.array(fc.float({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true }), { minLength: d, maxLength: d }), { minLength: min, maxLength: max });
const caseArb = dArb.chain((d) => fc.record({
  d: fc.constant(d),
  seeds: rowsArb(d, 1, 37).filter((r) => r.some((row) => row.some((v) => v !== 0))),
  cands: rowsArb(d, 1, 23),
  k: fc.integer({ min: 1, max: 12 }),
  P: fc.integer({ min: 1, max: 11 }),
}));
// f32 sums of d f32 products of unit vectors (each |error| ≤ d·2⁻²⁴), plus the Float32 rounding of
// the unit candidate row and of both outputs.
const tol = (d: number): number => (d + 4) * 2 ** -24;

describe('WebAssembly SIMD kernel equals the JS kernel (within f32 rounding)', () => {
  test.prop([caseArb], { numRuns: 60 })('prototypes and knn: WASM scores = JS scores ± (d + 4)·2⁻²⁴', ({ d, seeds, cands, k, P }) => {
    const nonzero = seeds.filter((r) => r.some((v) => v !== 0));
    const models = [
      fitLookalike(embeddingsFromRows(nonzero), { method: 'knn', k: Math.min(k, nonzero.length) }),
      fitLookalike(embeddingsFromRows(nonzero), { method: 'prototypes', prototypes: Math.min(P, nonzero.length), seed: 3 }),
    ];
    const withZero = [...cands, new Array<number>(d).fill(0)];
    for (const m of models) {
      const js = scoreWith('js', m, withZero), wasm = scoreWith('wasm', m, withZero);
      expect(wasm).toHaveLength(js.length);
      for (let i = 0; i < js.length; i++) {
        expect(Math.abs(wasm[i]! - js[i]!)).toBeLessThanOrEqual(tol(d));
        expect(wasm[i]).toBeGreaterThanOrEqual(-1);
        expect(wasm[i]).toBeLessThanOrEqual(1);
      }
      expect(wasm[withZero.length - 1]).toBe(0); // a zero row scores 0 on both paths
    }
  });

  test.prop([caseArb, fc.nat()], { numRuns: 40 })('both paths: chunked scoring equals scoring all at once, bit for bit; ties in expandAudience go to the lower index', ({ seeds, cands, k }, cutSeed) => {
    const nonzero = seeds.filter((r) => r.some((v) => v !== 0));
    const m = fitLookalike(embeddingsFromRows(nonzero), { method: 'knn', k: Math.min(k, nonzero.length) });
    const p = fitLookalike(embeddingsFromRows(nonzero), { method: 'prototypes', prototypes: Math.min(3, nonzero.length), seed: 1 });
    const doubled = [...cands, ...cands]; // duplicate rows: equal scores, so ties
    for (const backend of ['js', 'wasm'] as const) {
      setDotBackend(backend);
      for (const model of [m, p]) {
        const e = embeddingsFromRows(doubled);
        const whole = scoreLookalike(model, e);
        const cut = cutSeed % (e.rows + 1);
        const parts = new Float32Array(e.rows);
        parts.set(scoreLookalike(model, sliceRows(e, 0, cut)), 0);
        parts.set(scoreLookalike(model, sliceRows(e, cut, e.rows)), cut);
        expect(parts).toEqual(whole);
        for (let i = 0; i < cands.length; i++) expect(whole[i + cands.length]).toBe(whole[i]);
        const order = Array.from({ length: e.rows }, (_, i) => i).sort((a, b) => whole[b]! - whole[a]! || a - b);
        expect(Array.from(expandAudience(whole, { size: e.rows }).indices)).toEqual(order);
      }
    }
  });

  it('knn against the naive Float64 oracle on both paths; k = the seed count; 8·j ± 1 seeds', () => {
    for (const S of [1, 7, 8, 9, 15, 17]) {
      const rng = fc.sample(rowsArb(5, S, S), { seed: S, numRuns: 1 })[0]!.map((r) => r.map((v, j) => v + j + 1)); // nonzero rows
      const cands = fc.sample(rowsArb(5, 9, 9), { seed: 100 + S, numRuns: 1 })[0]!;
      for (const k of [1, Math.ceil(S / 2), S]) {
        const m = fitLookalike(embeddingsFromRows(rng), { method: 'knn', k });
        const seedsF = rowsOf(embeddingsFromRows(rng));
        for (const backend of ['js', 'wasm'] as const) {
          const s = scoreWith(backend, m, cands);
          rowsOf(embeddingsFromRows(cands)).forEach((r, i) => {
            const want = r.every((v) => v === 0) ? 0 : naiveKnn(r, seedsF, k);
            expect(Math.abs(s[i]! - want)).toBeLessThanOrEqual(tol(5));
          });
        }
      }
    }
  });

  it('candidates stream through wasm memory in chunks: a bad value in a later chunk is named by its row; results equal the JS path', () => {
    const d = 100, n = 1500; // chunks of 652 rows at d = 100
    const data = Float32Array.from({ length: n * d }, (_, i) => Math.sin(i * 0.7) * (1 + (i % 13)));
    const seeds = embeddingsFromRows([Array.from({ length: d }, (_, j) => Math.cos(j)), Array.from({ length: d }, (_, j) => (j % 3) - 1)]);
    for (const m of [fitLookalike(seeds, { method: 'knn', k: 2 }), fitLookalike(seeds, { method: 'prototypes', prototypes: 2, seed: 1 })]) {
      setDotBackend('js');
      const js = scoreLookalike(m, { rows: n, cols: d, data });
      setDotBackend('wasm');
      const wasm = scoreLookalike(m, { rows: n, cols: d, data });
      for (let i = 0; i < n; i++) expect(Math.abs(wasm[i]! - js[i]!)).toBeLessThanOrEqual(tol(d));
      const bad = data.slice();
      bad[1400 * d + 37] = NaN;
      expect(() => scoreLookalike(m, { rows: n, cols: d, data: bad })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringContaining('candidates row 1400, column 37') as string }) as Error);
    }
  });

  it('without WebAssembly (or when validate refuses the SIMD bytes) scoring falls back to the JS kernel', () => {
    const m = fitLookalike(embeddingsFromRows([[1, 0, 2], [0, 1, 1], [2, 2, 0]]), { method: 'knn', k: 2 });
    const rows = [[1, 1, 1], [0, 0, 0], [3, -1, 2]];
    const js = scoreWith('js', m, rows);
    const g = globalThis as unknown as { WebAssembly: { validate(b: Uint8Array): boolean } | undefined };
    const real = g.WebAssembly;
    try {
      for (const stub of [undefined, { ...real!, validate: () => false }]) {
        g.WebAssembly = stub;
        resetDotKernel();
        expect(wasmDotAvailable()).toBe(false);
        expect(lookalikeKernel()).toBe('js');
        expect(scoreLookalike(m, embeddingsFromRows(rows))).toEqual(js);
      }
    } finally {
      g.WebAssembly = real;
      resetDotKernel();
    }
    expect(wasmDotAvailable()).toBe(true);
    expect(lookalikeKernel()).toBe('wasm-simd');
    setDotBackend('js');
    expect(lookalikeKernel()).toBe('js');
  });

  it("backend 'js' never touches WebAssembly; 'auto' uses it when available", () => {
    const m = fitLookalike(embeddingsFromRows([[1, 0, 0], [0, 1, 0]]), { method: 'prototypes', prototypes: 2, seed: 1 });
    expect(Array.from(scoreWith('js', m, [[1, 1, 0], [0, 0, 0], [-1, 0, 0]]))).toEqual([Math.fround(Math.SQRT1_2), 0, 0]);
    expect(Array.from(scoreWith('wasm', m, [[1, 1, 0], [0, 0, 0], [-1, 0, 0]]))).toEqual([Math.fround(Math.SQRT1_2), 0, 0]);
  });
});

describe('WebAssembly SIMD kernel: memory', () => {
  it('does not keep the memory of a large call: the instance is dropped after it and the next call still scores right', () => {
    // 9,000 seeds × 1,000 dims = 36 MB of reference blocks (> the 32 MB kept between calls).
    const d = 1000, R = 9000;
    const seedData = new Float32Array(R * d);
    for (let i = 0; i < seedData.length; i++) seedData[i] = Math.sin(i * 0.37) + ((i * 7919) % 13) / 13;
    const seeds = { rows: R, cols: d, data: seedData };
    const cand = { rows: 3, cols: d, data: seedData.slice(0, 3 * d) };
    const model = fitLookalike(seeds, { method: 'knn', k: 1 });
    setDotBackend('wasm');
    const big = scoreLookalike(model, cand);
    // Each candidate is seed 0, 1, 2 itself: k = 1 nearest seed is itself, cosine 1 (f32 rounding).
    for (const v of big) expect(v).toBeCloseTo(1, 5);
    expect(dotKernelMemoryBytes()).toBe(0);
    // A small call after it instantiates again and keeps its (small) memory.
    const small = fitLookalike(embeddingsFromRows([[1, 0, 0], [0, 1, 0]]), { method: 'knn', k: 1 });
    const s2 = scoreLookalike(small, embeddingsFromRows([[2, 0, 0], [0, 0, 1]]));
    expect(s2[0]).toBeCloseTo(1, 6);
    expect(s2[1]).toBeCloseTo(0, 6);
    expect(dotKernelMemoryBytes()).toBeGreaterThan(0);
    expect(dotKernelMemoryBytes()).toBeLessThanOrEqual(32 * 1024 * 1024);
  });
});
