// Adds module subpaths to package.json `exports` (ESM + CJS, each with its types) in the one
// shape every subpath uses. Usage: node scripts/add-subpath.mjs segments identity ...
// The module list in tsup.config.ts must match; test/package.test.ts checks both.
import { readFileSync, writeFileSync } from 'node:fs';
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const { ['./package.json']: pj, ...rest } = pkg.exports;
for (const m of process.argv.slice(2)) {
  rest[`./${m}`] = {
    import: { types: `./dist/${m}/index.d.ts`, default: `./dist/${m}/index.js` },
    require: { types: `./dist/${m}/index.d.cts`, default: `./dist/${m}/index.cjs` },
  };
}
pkg.exports = { ...rest, './package.json': pj };
writeFileSync('package.json', JSON.stringify(pkg, null, 2) + '\n');
