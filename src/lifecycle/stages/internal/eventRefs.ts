import { filled, type Pool } from '../../../core/internal/stringIndex.js';

/** Entries per chunk at most (even, so a two-entry pair never straddles chunks): 2^16 doubles (512 KB), above V8's regular object size, so a chunk is never copied by a young-generation collection. */
const CHUNK = 1 << 16;
/** Packed form: event position i and person p as one exact double `i · 2^26 + p` (both < 2^26, so < 2^52). */
const SHIFT = 2 ** 26;

/**
 * The (event position, person) pairs that the evidence pass of assignStages looks at again: the
 * counting pass appends the events that fell inside some matching rule's window, in input
 * order. Kept instead of a person index per event: at 10M events / 1M people about a quarter of
 * the events are such candidates, so the pass stores 2.7M entries instead of 10M and the
 * evidence pass reads a quarter of the events again instead of all of them.
 *
 * Storage: fixed-size chunks of doubles (no copying on growth; a chunk holds one kind of number
 * whatever is stored). When every position and person is below 2^26 ({@link EventRefs.packs}) a
 * pair takes one entry, `i · 2^26 + p`, exact in a double; otherwise two entries, `i` then `p`.
 */
export class EventRefs {
  /** Whether pairs are packed into one entry for `n` events and at most `people` people: true when both are at most 2^26 (positions and person indices are then below 2^26). */
  static packs(n: number, people: number): boolean {
    return n <= SHIFT && people <= SHIFT;
  }

  private readonly chunks: number[][] = [];
  private cur: number[];
  /** Entries written in `cur`. */
  private k = 0;
  /** Entries per pair: 1 packed, 2 not. */
  readonly width: number;
  /** Entries per chunk: {@link CHUNK}, or fewer when all `n` possible pairs fit in less (a small call does not make a 512 KB chunk). */
  private readonly chunkSize: number;
  /** Number of pairs. */
  size = 0;

  /**
   * @param packed - one entry per pair (see {@link EventRefs.packs}); else two.
   * @param n - the most pairs that will be pushed (the number of events): sizes the chunks.
   * @param pool - a workspace's arrays to reuse (chunks under `evidence.refs.<c>`; every entry read is written first).
   */
  constructor(readonly packed: boolean, n: number, private readonly pool?: Pool) {
    this.width = packed ? 1 : 2;
    this.chunkSize = Math.min(CHUNK, Math.max(2, this.width * n));
    this.cur = this.chunk(0);
  }

  private chunk(c: number): number[] {
    const key = `evidence.refs.${String(c)}`;
    let a = this.pool?.get(key) as number[] | undefined;
    if (a === undefined || a.length < this.chunkSize) {
      a = filled(this.chunkSize, 0.5); // a double array from the start: positions may not be small integers
      this.pool?.set(key, a);
    }
    this.chunks.push(a);
    return a;
  }

  /** Appends the pair (event position i, person p). */
  push(i: number, p: number): void {
    if (this.k + this.width > this.chunkSize) { this.cur = this.chunk(this.chunks.length); this.k = 0; }
    if (this.packed) this.cur[this.k++] = i * SHIFT + p;
    else { this.cur[this.k++] = i; this.cur[this.k++] = p; }
    this.size++;
  }

  /** Chunks holding pairs (the last may be partly filled): read them with {@link EventRefs.entriesIn}, a pair as {@link EventRefs.width} entries. */
  get chunkCount(): number { return Math.ceil((this.size * this.width) / this.chunkSize); }

  /** Chunk c (see {@link EventRefs.chunkCount}). */
  chunkAt(c: number): readonly number[] { return this.chunks[c]!; }

  /** Entries of chunk c that hold pairs. */
  entriesIn(c: number): number {
    return Math.min(this.chunkSize, this.size * this.width - c * this.chunkSize);
  }
}

/** Event position of a packed entry `v` (see {@link EventRefs}). */
export function refEvent(v: number): number {
  return Math.floor(v / SHIFT);
}

/** Person of a packed entry `v` whose event position is `i`. */
export function refPerson(v: number, i: number): number {
  return v - i * SHIFT;
}
