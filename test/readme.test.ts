import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { quickstart } from '../examples/quickstart.js';

it('the README quick-start runs and gives the hand-checked answer', () => {
  // Person 3 ([1, 0, 1.8]) and person 1 ([0.9, 0.1, 2.1]) point almost the same way as person 0; person 2 is orthogonal.
  const { best, draw } = quickstart();
  expect(best.slice(0, 2).sort()).toEqual([1, 3]);
  expect(best[2]).toBe(2);
  expect(draw).toBeGreaterThanOrEqual(1);
  expect(draw).toBeLessThanOrEqual(6);
});

it('the README shows the two set-up commands and embeds the quick-start file verbatim', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  expect(readme).toContain('npm ci && npm run demo');
  expect(readme).toContain('npm ci && npm test');
  const code = readFileSync(new URL('../examples/quickstart.ts', import.meta.url), 'utf8');
  const body = code.split('\n').filter((l) => l.startsWith('  ') && !l.includes('return')).slice(0, 3);
  for (const line of body) expect(readme).toContain(line.trim());
});
