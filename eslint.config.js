// Type-aware lint of src/ (typescript-eslint strictTypeChecked) plus the house rules of DESIGN.md:
// no Node built-ins, no process/Buffer/require, no console, no fetch, no eval in the library.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'fs/promises', 'path', 'os', 'child_process', 'http', 'https', 'net',
  'worker_threads', 'crypto', 'process', 'url', 'stream', 'zlib', 'readline', 'buffer', 'util'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/**', 'examples/**', 'benchmarks/**', 'scripts/**', '*.config.*'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      'no-restricted-imports': ['error', { paths: nodeBuiltins.flatMap((m) => [m, `node:${m}`]).map((name) => ({ name, message: 'src/ is I/O-free and runs in browsers: no Node built-ins.' })) }],
      'no-restricted-globals': ['error',
        { name: 'process', message: 'No process in src/.' }, { name: 'Buffer', message: 'No Buffer in src/.' },
        { name: 'require', message: 'ESM only.' }, { name: 'fetch', message: 'No I/O in src/.' },
        { name: 'setTimeout', message: 'No timers in src/.' }, { name: 'setInterval', message: 'No timers in src/.' }],
      'no-console': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
      // Typed-array hot loops under noUncheckedIndexedAccess read `a[i]!`: the index is in range by construction.
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
    },
  },
);
