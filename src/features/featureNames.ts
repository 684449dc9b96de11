import { parseVectorizerModel, type FittedFeature, type VectorizerModel } from './vectorizerModel.js';

function fmtEdge(x: number, digits: number): string {
  return x === 0 ? '0' : String(Number(x.toPrecision(digits)));
}

/** Bin labels `[lo,hi)` with the fewest significant digits (>= 4) that keep them distinct. */
function binLabels(edges: readonly number[]): string[] {
  for (let digits = 4; ; digits++) {
    const e = edges.map((x) => fmtEdge(x, digits));
    if (digits >= 17 || new Set(e).size === e.length) {
      const out: string[] = [];
      for (let i = 0; i <= e.length; i++) out.push(`[${i === 0 ? '-inf' : e[i - 1]!},${i === e.length ? 'inf' : e[i]!})`);
      return out;
    }
  }
}

/** Column names of one fitted feature, in output order. */
export function namesOf(f: FittedFeature): string[] {
  switch (f.kind) {
    case 'numeric': {
      const main = f.transform === 'none' ? f.name : `${f.name}:${f.transform}`;
      return f.missing.indicator ? [main, `${f.name}:missing`] : [main];
    }
    case 'categorical':
      return [...f.categories.map((c) => `${f.name}=${c}`), `${f.name}=__other__`, `${f.name}=__missing__`];
    case 'tags':
      return f.tags.map((t) => `${f.name}=${t}`);
    case 'hashed': {
      const n = 2 ** f.bits;
      const out = new Array<string>(n);
      for (let i = 0; i < n; i++) out[i] = `${f.name}#${i}`;
      return out;
    }
    case 'bucketized':
      return [...binLabels(f.edges).map((b) => `${f.name}=${b}`), `${f.name}=__missing__`];
  }
}

/**
 * One name per output column of {@link vectorize}, in column order: `spend:log1p`,
 * `age:standard`, `age:missing` (indicator), `city_tier=1`, `city_tier=__other__`,
 * `city_tier=__missing__`, `interests=skincare`, `brand#417` (hashed bucket),
 * `spend_bin=[120.5,300)` (bucketized). O(columns).
 *
 * @param model - a fitted {@link VectorizerModel} (validated).
 * @returns the names; their count is the width of the vectors.
 * @throws AudienceKitError `INVALID_MODEL` for an invalid model.
 * @example
 * featureNames(fitVectorizer({ features: [{ kind: 'categorical', name: 'tier' }] }, [{ tier: 1 }, { tier: 2 }, { tier: 1 }]));
 * // => ['tier=1', 'tier=2', 'tier=__other__', 'tier=__missing__']
 */
export function featureNames(model: VectorizerModel): string[] {
  const m = parseVectorizerModel(model);
  return m.features.flatMap(namesOf);
}
