/**
 * WebAssembly SIMD (f32x4) path of the prototypes and knn scoring kernels; the source is
 * dotKernel.wat, compiled by scripts/build-wasm.mjs into dotKernelWasm.ts (bytes checked against the
 * source by a test). Instantiated synchronously (the module is ~1.9 KB, under the 4 KB main-thread
 * limit of browsers), once, on first use. When WebAssembly or its SIMD proposal is unavailable
 * (`WebAssembly.validate` fails) the callers fall back to the JS kernels of kernels.ts.
 *
 * Arithmetic: candidate rows are copied into wasm memory in chunks (~256 KB) and scaled to unit
 * length there (Float64 norm, as rowNorms computes it, then rounded to Float32); each dot product with a unit reference row is then an
 * f32 sum, k = 0..d−1 in order, of f32 products — the same sequence of operations for every
 * (candidate, reference) pair wherever it sits in a block, so chunked scoring still equals scoring
 * all at once, bit for bit. Against the JS kernel (Float64 sums) a score differs by f32 rounding
 * only: |Δ| ≤ (d + 4)·2⁻²⁴ (≈ 4e-6 at d = 64), checked by a property test.
 */
import { DOT_KERNEL_WASM } from './dotKernelWasm.js';

interface WasmMemory { readonly buffer: ArrayBuffer; grow(pages: number): number }
interface DotExports {
  readonly memory: WasmMemory;
  maxdot(a: number, groups: number, b: number, nblk: number, d: number, out: number): void;
  prep(src: number, count: number, d: number, dst: number, norms: number): void;
  topk(a: number, groups: number, b: number, nblk: number, d: number, R: number, k: number, heap: number, scratch: number): void;
}
/** The part of the WebAssembly namespace used here (tsconfig has no DOM lib; kept local, no global declaration). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}

/** Which kernel scores prototypes and knn: `auto` = WebAssembly SIMD when available, else JS. */
export type DotBackend = 'auto' | 'js' | 'wasm';
let backend: DotBackend = 'auto';
let instance: DotExports | null | undefined; // undefined: not tried yet; null: unavailable

/**
 * Internal switch (tests and benchmarks run both paths): `js` forces the JS kernels, `wasm` requires
 * the WebAssembly one (throws on use when unavailable), `auto` picks it when available.
 * Returns the previous setting.
 */
export function setDotBackend(b: DotBackend): DotBackend {
  const old = backend;
  backend = b;
  return old;
}

/** Whether the WebAssembly SIMD kernel is available in this runtime (instantiates it on first call). */
export function wasmDotAvailable(): boolean {
  return load() !== null;
}

function load(): DotExports | null {
  if (instance !== undefined) return instance;
  instance = null;
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  try {
    if (api !== undefined && api.validate(DOT_KERNEL_WASM)) {
      const inst = new api.Instance(new api.Module(DOT_KERNEL_WASM), {});
      instance = inst.exports as DotExports;
    }
  } catch {
    instance = null; // e.g. a content-security policy forbidding WebAssembly compilation
  }
  return instance;
}

/** The kernel scoring uses under the current backend setting. */
export function activeDotKernel(): 'wasm-simd' | 'js' {
  return backend !== 'js' && load() !== null ? 'wasm-simd' : 'js';
}

/** The kernel to use under the current backend setting, or null for the JS path. */
function active(): DotExports | null {
  if (backend === 'js') return null;
  const w = load();
  if (w === null && backend === 'wasm') throw new Error('lookalike: the WebAssembly SIMD kernel is not available in this runtime');
  return w;
}

/**
 * Float32 view of the module memory with at least `bytes` bytes (grows it as needed), or null when
 * it cannot grow that far (wasm32 addresses at most 4 GB; a browser may refuse less): the caller
 * then uses the JS kernel.
 */
function memoryView(w: DotExports, bytes: number): Float32Array | null {
  const have = w.memory.buffer.byteLength;
  if (have < bytes) {
    if (bytes > 2 ** 31) return null; // i32 addresses in the kernel are compared unsigned, but stay well clear
    try {
      w.memory.grow(Math.ceil((bytes - have) / 65536));
    } catch {
      return null;
    }
  }
  return new Float32Array(w.memory.buffer);
}

/**
 * Wasm memory can grow but never shrink: after a call that needed more than this, the instance is
 * dropped (its memory goes with it) and the next call instantiates the ~1.9 KB module again, so a
 * page that once scored against a very large seed set does not keep that memory for its lifetime.
 */
const RETAIN_BYTES = 32 * 1024 * 1024;

function releaseIfLarge(w: DotExports): void {
  if (instance === w && w.memory.buffer.byteLength > RETAIN_BYTES) instance = undefined;
}

/** Test hook: bytes of wasm memory the live instance holds (0 when none is instantiated). */
export function dotKernelMemoryBytes(): number {
  return instance ? instance.memory.buffer.byteLength : 0;
}

/** Test hook: forget the instance so the next use detects WebAssembly again. */
export function resetDotKernel(): void {
  instance = undefined;
}

/**
 * Writes references `0..R−1` (row-major in `refs`, `d` columns) as blocks of 8 interleaved by
 * dimension at float offset `base`, padded to `nblk · 8` rows with copies of row R−1 (never win a max)
 */
function writeBlocks(f: Float32Array, base: number, refs: Float32Array, R: number, d: number, nblk: number): void {
  for (let p = 0; p < nblk * 8; p++) {
    const src = (p < R ? p : R - 1) * d;
    const o = base + (p >> 3) * d * 8 + (p & 7);
    for (let k = 0; k < d; k++) f[o + k * 8] = refs[src + k]!;
  }
}

/** Float64 view of the module memory (after {@link memoryView} sized it). */
const f64View = (w: DotExports): Float64Array => new Float64Array(w.memory.buffer);

/**
 * Memory plan for one call: references at 0, then the candidate chunk as given (staging), its
 * row norms (f64), the unit rows in groups of 4, and `extra` bytes; every region 16-byte aligned.
 */
function plan(refBytes: number, ch: number, d: number, extra: number): { stage: number; norms: number; groups: number; extra: number; end: number } {
  const al = (x: number): number => Math.ceil(x / 16) * 16;
  const stage = al(refBytes), norms = stage + al(ch * d * 4), groups = norms + al(ch * 8), ex = groups + al(ch * d * 4);
  return { stage, norms, groups, extra: ex, end: ex + al(extra) };
}

/**
 * Copies candidate rows `s..s+count−1` into the staging area and lets the module compute their
 * norms and write them, scaled to unit length, as groups of 4. Calls `onBad(row)` (which throws)
 * for the first row with a non-finite value. Returns the norms view.
 */
function stageChunk(
  w: DotExports, f: Float32Array, A: Float32Array, s: number, count: number, d: number,
  at: { stage: number; norms: number; groups: number }, onBad: (row: number) => never,
): Float64Array {
  f.set(A.subarray(s * d, (s + count) * d), at.stage >> 2);
  w.prep(at.stage, count, d, at.groups, at.norms);
  const nv = f64View(w);
  const o = at.norms >> 3;
  for (let i = 0; i < count; i++) if (!Number.isFinite(nv[o + i]!)) onBad(s + i);
  return nv;
}

const clamp1 = (v: number): number => (v > 1 ? 1 : v < -1 ? -1 : v);
/** Candidate chunk size: about 256 KB of interleaved rows per call (a multiple of 4 rows). */
const chunkRows = (d: number, cap: number): number => Math.max(4, Math.min(cap, Math.floor(65536 / d) & ~3));

/**
 * Best cosine of each candidate row to a unit reference row: `out[i] = max_p x̂ᵢ·p` clamped to
 * [−1, 1], 0 for a zero row. Returns false (nothing written) when the JS path must be used.
 * `onBad(row)` is called (and must throw) for the first row holding a non-finite value.
 */
export function maxCosineWasm(
  A: Float32Array, rows: number, d: number, refs: Float32Array, R: number, out: Float32Array, onBad: (row: number) => never,
): boolean {
  const w = active();
  if (w === null) return false;
  const nblk = Math.ceil(R / 8);
  const ch = chunkRows(d, 1 << 20);
  const at = plan(nblk * d * 32, ch, d, ch * 4);
  const f = memoryView(w, at.end);
  if (f === null) return false;
  try {
    writeBlocks(f, 0, refs, R, d, nblk);
    const oF = at.extra >> 2;
    for (let s = 0; s < rows; s += ch) {
      const count = Math.min(ch, rows - s);
      const nv = stageChunk(w, f, A, s, count, d, at, onBad);
      w.maxdot(at.groups, (count + 3) >> 2, 0, nblk, d, at.extra);
      const nO = at.norms >> 3;
      for (let i = 0; i < count; i++) out[s + i] = nv[nO + i] === 0 ? 0 : clamp1(f[oF + i]!);
    }
  } finally {
    releaseIfLarge(w);
  }
  return true;
}

/**
 * Mean of the `k` largest cosines of each candidate row to the unit reference rows (exact):
 * `out[i]` clamped to [−1, 1], 0 for a zero row. The wasm kernel keeps the k largest f32 dot
 * products of each row in a descending list (a block of 8 is first compared with the row's k-th
 * largest, so insertion runs only for values that enter); they are summed in that order in
 * Float64. Returns false when the JS path must be used.
 */
export function topKMeanCosineWasm(
  A: Float32Array, rows: number, d: number, refs: Float32Array, R: number, k: number, out: Float32Array, onBad: (row: number) => never,
): boolean {
  const w = active();
  if (w === null) return false;
  const nblk = Math.ceil(R / 8);
  const ch = chunkRows(d, 1 << 20);
  const at = plan(nblk * d * 32, ch, d, ch * k * 4 + 32); // heaps, then 32 bytes of scratch
  const hOff = at.extra, sOff = hOff + Math.ceil((ch * k * 4) / 16) * 16;
  const f = memoryView(w, at.end);
  if (f === null) return false;
  try {
    writeBlocks(f, 0, refs, R, d, nblk);
    const hF = hOff >> 2;
    for (let s = 0; s < rows; s += ch) {
      const count = Math.min(ch, rows - s);
      const groups = (count + 3) >> 2;
      const nv = stageChunk(w, f, A, s, count, d, at, onBad);
      f.fill(-Infinity, hF, hF + groups * 4 * k);
      w.topk(at.groups, groups, 0, nblk, d, R, k, hOff, sOff);
      const nO = at.norms >> 3;
      for (let i = 0; i < count; i++) {
        if (nv[nO + i] === 0) { out[s + i] = 0; continue; }
        let sum = 0;
        const o = hF + i * k;
        for (let q = 0; q < k; q++) sum += f[o + q]!;
        out[s + i] = clamp1(sum / k);
      }
    }
  } finally {
    releaseIfLarge(w);
  }
  return true;
}
