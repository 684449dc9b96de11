import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { modules } from '../tsup.config.js';

it('package.json exports exactly the built modules, each with ESM + CJS types', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { exports: Record<string, unknown>; sideEffects: boolean };
  const subpaths = Object.keys(pkg.exports).filter((k) => k !== '.' && k !== './package.json');
  expect(subpaths.sort()).toEqual(modules.map((m) => `./${m}`).sort());
  for (const m of modules) {
    expect(pkg.exports[`./${m}`]).toEqual({
      import: { types: `./dist/${m}/index.d.ts`, default: `./dist/${m}/index.js` },
      require: { types: `./dist/${m}/index.d.cts`, default: `./dist/${m}/index.cjs` },
    });
  }
  expect(pkg.sideEffects).toBe(false);
});

it('the root entry re-exports every built module', () => {
  const root = readFileSync(new URL('../src/index.ts', import.meta.url), 'utf8');
  for (const m of modules) expect(root).toContain(`export * from './${m}/index.js';`);
});
