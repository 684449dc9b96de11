import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { accumulate, mergeAll, summarize, type MergeableSummary } from '../../src/core/index.js';

// A tiny reference summary (count, sum) to check the helpers' folding laws.
const meanSummary: MergeableSummary<{ n: number; s: number }, number, number> = {
  kind: 'test.mean',
  empty: () => ({ n: 0, s: 0 }),
  add: (st, x) => ({ n: st.n + 1, s: st.s + x }),
  merge: (a, b) => ({ n: a.n + b.n, s: a.s + b.s }),
  finish: (st) => (st.n === 0 ? 0 : st.s / st.n),
  toJSON: (st) => st,
  fromJSON: (j) => j as { n: number; s: number },
};

test.prop([fc.array(fc.integer({ min: -100, max: 100 })), fc.nat()])('summarize over shards equals summarize over all', (xs, cut) => {
  const k = xs.length === 0 ? 0 : cut % xs.length;
  const merged = meanSummary.finish(mergeAll(meanSummary, [accumulate(meanSummary, xs.slice(k)), accumulate(meanSummary, xs.slice(0, k))]));
  expect(merged).toBeCloseTo(summarize(meanSummary, xs), 10);
});
