/**
 * `npm run bench [-- name ...]`: runs each benchmarks/<name>.bench.ts in its own process (so peak
 * memory is per benchmark) one after the other, and prints their tables.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();
if (files.length === 0) { console.error(`no benchmark matches ${wanted.join(', ')}`); process.exit(1); }
let failed = 0;
for (const f of files) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', '--max-old-space-size=8192', join(here, f)], { stdio: 'inherit' });
  if (r.status !== 0) { failed++; console.error(`benchmark ${f} exited with ${String(r.status)}`); }
}
process.exit(failed ? 1 : 0);
