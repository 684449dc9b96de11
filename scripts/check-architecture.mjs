// Copied from the project's shared hooks (shared/hooks/check-architecture.mjs) so the lint step runs without ../shared.
// Module boundaries of DESIGN.md: a module imports only core/ and itself (simulate/ may also
// import other modules' types); no I/O or Node built-ins anywhere in src/. Usage: node check-architecture.mjs ROOT
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
const root = process.argv[2] ?? '.';
const src = join(root, 'src');
const fails = [];
if (!existsSync(src)) { console.log('architecture: no src/ yet'); process.exit(1); }
const walk = (d) => readdirSync(d).flatMap((f) => { const p = join(d, f); return statSync(p).isDirectory() ? walk(p) : /\.(ts|mts|cts)$/.test(f) ? [p] : []; });
const files = walk(src);
const top = (p) => relative(src, p).split(/[\\/]/)[0];
let cross = 0, io = 0;
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const own = top(f);
  for (const m of text.matchAll(/(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const spec = m[1] ?? m[2];
    if (/^(node:)?(fs|fs\/promises|path|os|child_process|http|https|net|worker_threads|crypto|process|url|stream|zlib|readline)$/.test(spec)) { io++; fails.push(`${relative(root, f)} imports ${spec}`); continue; }
    if (!spec.startsWith('.')) continue;
    const target = top(resolve(dirname(f), spec));
    if (own.endsWith('.ts') || target === own || target === 'core') continue;
    const typeOnly = /^\s*(import|export)\s+type\b/.test(m[0]);
    if (own === 'simulate' && typeOnly) continue;
    cross++; fails.push(`${relative(root, f)} (${own}) imports ${spec} (${target})`);
  }
  if (/\bprocess\.|\bconsole\.|\bfetch\(|\brequire\(/.test(text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''))) { io++; fails.push(`${relative(root, f)} uses process/console/fetch/require`); }
}
for (const f of fails.slice(0, 12)) console.log('SHORT: ' + f);
console.log(`architecture: ${files.length} source files in ${new Set(files.map(top).filter((t) => !t.includes("."))).size} modules, ${cross} cross-module imports, ${io} I/O uses`);
process.exit(fails.length ? 1 : 0);
