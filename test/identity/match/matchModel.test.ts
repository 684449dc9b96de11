import { describe, expect, it } from 'vitest';
import { matchRecords, parseMatchModel } from '../../../src/identity/match/index.js';

describe('parseMatchModel', () => {
  const recs = [{ n: 'a', c: 'x' }, { n: 'a', c: 'x' }, { n: 'b', c: 'x' }, { n: 'c', c: 'y' }];
  const r = matchRecords(recs, { fields: [{ field: 'n', method: 'exact' }, { field: 'c', method: 'exact' }], blocking: [['c']] });

  it('round-trips a fitted model through JSON', () => {
    expect(parseMatchModel(JSON.parse(JSON.stringify(r.model)))).toEqual(r.model);
  });

  it('refuses a wrong kind, probabilities that do not sum to 1, and levels that do not fit the config', () => {
    const code = expect.objectContaining({ code: 'INVALID_MODEL' });
    expect(() => parseMatchModel({ ...r.model, kind: 'other' })).toThrow(code);
    const badM = structuredClone(r.model);
    badM.fields[0]!.m = [0.5, 0.6];
    expect(() => parseMatchModel(badM)).toThrow(/fields\[0\]\.m: must sum to 1/);
    const badLevels = structuredClone(r.model);
    badLevels.fields[1]!.levels = ['exact', 'levenshtein <= 1'];
    expect(() => parseMatchModel(badLevels)).toThrow(/fields\[1\]\.levels/);
    expect(() => parseMatchModel({ ...r.model, prior: 0 })).toThrow(/prior/);
    expect(() => parseMatchModel(null)).toThrow(code);
  });
});
