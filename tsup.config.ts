import { defineConfig } from 'tsup';

/** One entry per public subpath; a module joins this list (and package.json `exports`) when it lands. */
export const modules = ['core', 'simulate', 'identity', 'features', 'segments', 'lookalike', 'lifecycle', 'attribution', 'measurement'] as const;

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    ...Object.fromEntries(modules.map((m) => [`${m}/index`, `src/${m}/index.ts`])),
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  sourcemap: true,
  splitting: true,
  treeshake: true,
  target: 'es2022',
  platform: 'neutral',
  outDir: 'dist',
});
