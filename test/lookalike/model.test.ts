import { describe, expect, expectTypeOf, it } from 'vitest';
import { embeddingsFromRows } from '../../src/core/index.js';
import { fitLookalike, parseLookalikeModel, scoreLookalike } from '../../src/lookalike/index.js';
import type { FitLookalikeOptions, LookalikeModel } from '../../src/lookalike/index.js';
import type { Embeddings } from '../../src/core/index.js';
import { gaussianClusters } from './helpers.js';

const { emb } = gaussianClusters(3, 8, [30, 30]);

describe('LookalikeModel is plain JSON, validated on load', () => {
  const models: LookalikeModel[] = [
    fitLookalike(emb, { method: 'centroid' }),
    fitLookalike(emb, { method: 'prototypes', prototypes: 3 }),
    fitLookalike(emb, { method: 'knn', k: 4 }),
    fitLookalike(emb, { method: 'classifier', population: emb }),
  ];
  it.each(models.map((m) => [m.method, m] as const))('%s survives a JSON round trip and scores identically', (_, m) => {
    expect(m.kind).toBe('lookalike');
    expect(m.version).toBe(1);
    const back = parseLookalikeModel(JSON.parse(JSON.stringify(m)));
    expect(back).toEqual(m);
    expect(scoreLookalike(back, emb)).toEqual(scoreLookalike(m, emb));
  });

  it('refuses a wrong kind, version or method with INVALID_MODEL and the path', () => {
    const m = models[0]!;
    const bad = (patch: Record<string, unknown>) => () => parseLookalikeModel({ ...m, ...patch });
    expect(bad({ version: 2 })).toThrow(expect.objectContaining({ code: 'INVALID_MODEL', message: expect.stringContaining('version') as string }) as Error);
    expect(bad({ kind: 'ltv' })).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }) as Error);
    expect(bad({ method: 'magic' })).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }) as Error);
  });

  it('refuses vectors of the wrong length, non-finite values and k above the stored seeds', () => {
    const c = models[0]!;
    expect(() => parseLookalikeModel({ ...c, centroid: [1, 2] })).toThrow(expect.objectContaining({ code: 'INVALID_MODEL', message: expect.stringContaining('centroid') as string }) as Error);
    expect(() => parseLookalikeModel(JSON.parse(JSON.stringify({ ...c, centroid: c.method === 'centroid' ? [NaN, ...c.centroid.slice(1)] : [] })))).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }) as Error);
    const k = models[2]!;
    expect(() => parseLookalikeModel({ ...k, k: 1000 })).toThrow(expect.objectContaining({ code: 'INVALID_MODEL', message: expect.stringContaining('k') as string }) as Error);
    // scoreLookalike validates too
    expect(() => scoreLookalike({ ...c, dims: 3 } as LookalikeModel, embeddingsFromRows([[1, 2, 3]]))).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }) as Error);
  });
});

describe('public types', () => {
  it('fitLookalike takes core Embeddings and returns a LookalikeModel; scoreLookalike returns Float32Array', () => {
    expectTypeOf(fitLookalike).parameter(0).toEqualTypeOf<Embeddings>();
    expectTypeOf(fitLookalike).returns.toEqualTypeOf<LookalikeModel>();
    expectTypeOf(scoreLookalike).returns.toEqualTypeOf<Float32Array>();
    expectTypeOf<{ method: 'classifier'; population: Embeddings }>().toMatchTypeOf<FitLookalikeOptions>();
    expectTypeOf<LookalikeModel['method']>().toEqualTypeOf<'centroid' | 'prototypes' | 'knn' | 'classifier'>();
  });
});
