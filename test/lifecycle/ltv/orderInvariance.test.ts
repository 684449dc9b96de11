// Review regression: fits must not depend on the order of the customers.
import { expect, it } from 'vitest';
import { fitGammaGamma } from '../../../src/lifecycle/index.js';

it('fitGammaGamma is bit-identical for reversed input', () => {
  // A small hand-made spend table (frequency, mean repeat spend); the order is the only difference.
  const customers = Array.from({ length: 300 }, (_, i) => ({ frequency: 1 + (i % 7), recency: 10, T: 20, monetary: 10 + ((i * 37) % 91) + (i % 13) / 7 }));
  const a = fitGammaGamma(customers), b = fitGammaGamma(customers.slice().reverse());
  expect(b.params).toEqual(a.params);
});
