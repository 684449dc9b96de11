import { describe, expect, it } from 'vitest';
import { linkRecords } from '../../../src/identity/match/index.js';
import type { MatchConfigInput } from '../../../src/identity/match/index.js';

const config: MatchConfigInput = {
  fields: [
    { field: 'name', method: 'jaroWinkler', thresholds: [0.9] },
    { field: 'dob', method: 'date', thresholds: [31] },
  ],
  blocking: [['dob'], ['name']],
  idField: 'id',
};

describe('linkRecords', () => {
  const left = [
    { id: 'L0', name: 'martha', dob: '1980-01-02' },
    { id: 'L1', name: 'dwayne', dob: '1975-06-30' },
    { id: 'L2', name: 'zoe', dob: '1990-12-12' },
  ];
  const right = [
    { id: 'R0', name: 'marhta', dob: '1980-01-02' },
    { id: 'R1', name: 'dwayne', dob: '1975-07-01' },
    { id: 'R2', name: 'zoe', dob: null },
    { id: 'R3', name: 'adam', dob: '1990-12-12' },
  ];
  const r = linkRecords(left, right, config);

  it('only pairs a left record with a right record, with indices into each list', () => {
    // Blocks: dob 1980-01-02 → (L0,R0); dob 1990-12-12 → (L2,R3); name 'dwayne' → (L1,R1); name 'zoe' → (L2,R2).
    const got = Array.from({ length: r.pairs.length }, (_, k) => `${left[r.pairs.left[k]!]!.id}-${right[r.pairs.right[k]!]!.id}`).sort();
    expect(got).toEqual(['L0-R0', 'L1-R1', 'L2-R2', 'L2-R3']);
    expect(r.mode).toBe('link');
    expect(r.leftCount).toBe(3);
    expect(r.rightCount).toBe(4);
    expect(r.cluster.length).toBe(7);
    expect(r.model.estimation.recordPairs).toBe(12); // 3 × 4 record pairs
  });

  it('puts the right rows after the left rows in ids and cluster labels', () => {
    expect(r.ids).toEqual(['L0', 'L1', 'L2', 'R0', 'R1', 'R2', 'R3']);
    for (let i = 0; i < 7; i++) expect(r.cluster[i]!).toBeLessThanOrEqual(i);
  });

  it('names the list and row of bad input', () => {
    expect(() => linkRecords(left, [...right, { id: 'R4', name: 5n as unknown as string, dob: null }], config)).toThrow(/right\[4\]\.name/);
    expect(() => linkRecords(left, [], config)).toThrow(expect.objectContaining({ code: 'EMPTY_INPUT' }));
    expect(() => linkRecords(left, [{ id: 'x', name: 'a' }], config)).toThrow(/right\[0\] has no field 'dob'/);
  });

  it('refuses a dedupe model for linkage', () => {
    expect(() => linkRecords(left, right, config, { model: { ...r.model, mode: 'dedupe' } })).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
  });
});
