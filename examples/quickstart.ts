// The README's quick-start (test/readme.test.ts imports and runs it).
import { createRng, embeddingsFromRows, l2NormalizeRows, topK, cosine } from '../src/index.js';

export function quickstart() {
  // Three people as vectors; find the two most like the first.
  const people = l2NormalizeRows(embeddingsFromRows([[1, 0, 2], [0.9, 0.1, 2.1], [0, 3, 0], [1, 0, 1.8]]));
  const seed = people.data.subarray(0, 3);
  const scores = new Float32Array(people.rows);
  for (let i = 0; i < people.rows; i++) scores[i] = cosine(seed, people.data.subarray(i * 3, i * 3 + 3));
  const best = topK(scores, 3, [1, 0, 0, 0]); // exclude the seed itself
  const rng = createRng(42); // every random step takes an explicit seed
  return { best: Array.from(best), draw: rng.int(1, 6) };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) console.log(quickstart());
