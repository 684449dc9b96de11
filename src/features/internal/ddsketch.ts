import { z } from 'zod';
import { AudienceKitError } from '../../core/index.js';

/**
 * DDSketch (Masson, Rim & Lee, "DDSketch: A Fast and Fully-Mergeable Quantile Sketch with
 * Relative-Error Guarantees", VLDB 2019): values are counted in logarithmic buckets
 * `(γ^(k−1), γ^k]` with `γ = (1 + α) / (1 − α)`, so every bucket's representative
 * `2γ^k / (γ + 1)` is within relative error `α` of every value in it. Hence the q-quantile
 * estimate `x̂` satisfies `|x̂ − x_q| ≤ α·|x_q|`, where `x_q` is the element of 0-based rank
 * `⌊q·(n − 1)⌋` of the sorted data (the paper's definition). Negative values use a mirrored
 * store; zeros are counted apart. The estimate is clamped to the exact [min, max], and q = 0 / 1
 * return the exact min / max.
 *
 * Merging adds bucket counts, which is exact: a sketch of A ∪ B equals the merge of the sketches
 * of A and B, bucket for bucket, in any order. No bucket collapsing is done (memory is
 * O(log(max/min) / α) buckets: about 4,600 for values spanning 1e-9…1e11 at α = 0.005).
 *
 * add: O(1) amortized; merge: O(buckets); quantile: O(buckets).
 */
export class DDSketch {
  readonly alpha: number;
  private readonly lnGamma: number;
  private readonly gamma: number;
  count = 0;
  zeroCount = 0;
  min = Infinity;
  max = -Infinity;
  readonly positive = new DenseStore();
  readonly negative = new DenseStore();

  constructor(alpha: number) {
    if (!(alpha > 0 && alpha < 1)) throw new AudienceKitError('INVALID_OPTION', `DDSketch relative accuracy must be in (0, 1), got ${String(alpha)}`);
    this.alpha = alpha;
    this.gamma = (1 + alpha) / (1 - alpha);
    this.lnGamma = Math.log(this.gamma);
  }

  /** Adds a finite value (the caller validated it). */
  add(x: number): void {
    this.count++;
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    if (x > 0) this.positive.add(Math.ceil(Math.log(x) / this.lnGamma), 1);
    else if (x < 0) this.negative.add(Math.ceil(Math.log(-x) / this.lnGamma), 1);
    else this.zeroCount++;
  }

  /** Adds `other`'s counts into this sketch (`other` is not modified). */
  merge(other: DDSketch): void {
    if (other.alpha !== this.alpha) throw new AudienceKitError('DIMENSION_MISMATCH', `cannot merge DDSketches with relative accuracy ${this.alpha} and ${other.alpha}`);
    this.count += other.count;
    this.zeroCount += other.zeroCount;
    if (other.min < this.min) this.min = other.min;
    if (other.max > this.max) this.max = other.max;
    this.positive.mergeFrom(other.positive);
    this.negative.mergeFrom(other.negative);
  }

  /** The q-quantile estimate (q in [0, 1]); `undefined` for an empty sketch. */
  quantile(q: number): number | undefined {
    if (this.count === 0) return undefined;
    if (q <= 0) return this.min;
    if (q >= 1) return this.max;
    const rank = q * (this.count - 1);
    let est: number;
    const negTotal = this.negative.total;
    if (rank < negTotal) {
      // Most negative first: highest |x| key first.
      const k = this.negative.keyAtRankDescending(rank);
      est = -this.value(k);
    } else if (rank < negTotal + this.zeroCount) {
      est = 0;
    } else {
      est = this.value(this.positive.keyAtRankAscending(rank - negTotal - this.zeroCount));
    }
    return est < this.min ? this.min : est > this.max ? this.max : est;
  }

  private value(key: number): number {
    return (2 * Math.pow(this.gamma, key)) / (this.gamma + 1);
  }

  toJSON(): DDSketchJSON {
    return {
      alpha: this.alpha, count: this.count, zeroCount: this.zeroCount,
      min: this.count === 0 ? null : this.min, max: this.count === 0 ? null : this.max,
      positive: this.positive.toJSON(), negative: this.negative.toJSON(),
    };
  }

  /** Rebuilds a sketch from {@link DDSketchJSONSchema}-valid JSON, checking that the counts add up. */
  static fromJSON(json: DDSketchJSON, path: string): DDSketch {
    const s = new DDSketch(json.alpha);
    s.count = json.count;
    s.zeroCount = json.zeroCount;
    s.min = json.min ?? Infinity;
    s.max = json.max ?? -Infinity;
    s.positive.load(json.positive);
    s.negative.load(json.negative);
    if (s.positive.total + s.negative.total + s.zeroCount !== s.count || (s.count > 0) !== (json.min !== null && json.max !== null) || s.min > s.max && s.count > 0) {
      throw new AudienceKitError('INVALID_MODEL', `${path}: DDSketch counts do not add up to count ${json.count} or min/max are inconsistent`);
    }
    return s;
  }

  /** Number of non-empty buckets (for memory reports). */
  get buckets(): number { return this.positive.nonEmpty() + this.negative.nonEmpty(); }
}

/** Counts by integer key in one Float64Array window `[offset, offset + counts.length)`. */
class DenseStore {
  counts = new Float64Array(0);
  offset = 0;
  total = 0;

  add(key: number, n: number): void {
    this.ensure(key, key);
    this.counts[key - this.offset]! += n;
    this.total += n;
  }

  private ensure(lo: number, hi: number): void {
    const len = this.counts.length;
    if (len > 0 && lo >= this.offset && hi < this.offset + len) return;
    const curLo = len === 0 ? lo : Math.min(lo, this.offset);
    const curHi = len === 0 ? hi : Math.max(hi, this.offset + len - 1);
    const span = curHi - curLo + 1;
    const pad = Math.max(16, span >> 1); // amortized O(1) growth at either end
    const newLo = curLo - (lo < this.offset || len === 0 ? pad : 0);
    const newLen = span + pad;
    const next = new Float64Array(newLen);
    if (len > 0) next.set(this.counts, this.offset - newLo);
    this.counts = next;
    this.offset = newLo;
  }

  mergeFrom(o: DenseStore): void {
    if (o.total === 0) return;
    let lo = -1, hi = -1;
    for (let i = 0; i < o.counts.length; i++) if (o.counts[i]! !== 0) { if (lo < 0) lo = i; hi = i; }
    this.ensure(lo + o.offset, hi + o.offset);
    const shift = o.offset - this.offset;
    for (let i = lo; i <= hi; i++) this.counts[i + shift]! += o.counts[i]!;
    this.total += o.total;
  }

  keyAtRankAscending(rank: number): number {
    let cum = 0;
    const c = this.counts;
    for (let i = 0; i < c.length; i++) { cum += c[i]!; if (cum > rank) return i + this.offset; }
    return this.lastKey();
  }

  keyAtRankDescending(rank: number): number {
    let cum = 0;
    const c = this.counts;
    for (let i = c.length - 1; i >= 0; i--) { cum += c[i]!; if (cum > rank) return i + this.offset; }
    return this.firstKey();
  }

  private firstKey(): number { for (let i = 0; i < this.counts.length; i++) if (this.counts[i]! !== 0) return i + this.offset; return this.offset; }
  private lastKey(): number { for (let i = this.counts.length - 1; i >= 0; i--) if (this.counts[i]! !== 0) return i + this.offset; return this.offset; }

  nonEmpty(): number { let n = 0; for (let i = 0; i < this.counts.length; i++) if (this.counts[i]! !== 0) n++; return n; }

  /** Trimmed JSON: the offset of the first non-empty bucket and the counts up to the last. */
  toJSON(): { offset: number; counts: number[] } {
    let lo = -1, hi = -1;
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i]! !== 0) { if (lo < 0) lo = i; hi = i; }
    if (lo < 0) return { offset: 0, counts: [] };
    return { offset: this.offset + lo, counts: Array.from(this.counts.subarray(lo, hi + 1)) };
  }

  load(j: { offset: number; counts: readonly number[] }): void {
    this.counts = Float64Array.from(j.counts);
    this.offset = j.offset;
    let t = 0;
    for (const c of j.counts) t += c;
    this.total = t;
  }
}

const StoreSchema = z.strictObject({
  offset: z.number().int(),
  counts: z.array(z.number().int().nonnegative()).max(1 << 20),
});

/** The JSON encoding of a {@link DDSketch} (validated when a fit state is loaded back). */
export const DDSketchJSONSchema = z.strictObject({
  alpha: z.number().gt(0).lt(1),
  count: z.number().int().nonnegative(),
  zeroCount: z.number().int().nonnegative(),
  min: z.number().refine(Number.isFinite).nullable(),
  max: z.number().refine(Number.isFinite).nullable(),
  positive: StoreSchema,
  negative: StoreSchema,
});
export type DDSketchJSON = z.infer<typeof DDSketchJSONSchema>;
