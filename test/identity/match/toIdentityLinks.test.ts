import { describe, expect, it } from 'vitest';
import { linkRecords, toIdentityLinks } from '../../../src/identity/match/index.js';

describe('toIdentityLinks', () => {
  const left = [{ id: 'c-1', name: 'martha', dob: '1980-01-02' }, { id: 'c-2', name: 'bob', dob: '1970-01-01' }];
  const right = [{ id: 'm-9', name: 'marhta', dob: '1980-01-02' }, { id: 'm-8', name: 'rob', dob: '1970-01-01' }];
  const config = { fields: [{ field: 'name', method: 'jaroWinkler' as const, thresholds: [0.9] }, { field: 'dob', method: 'exact' as const }], blocking: [['dob']], idField: 'id' };
  const r = linkRecords(left, right, config);

  it('emits one probabilistic link per pair at or above the threshold', () => {
    const all = toIdentityLinks(r, { type: 'crm_id', rightType: 'member_id', minProbability: 0 });
    expect(all).toHaveLength(r.pairs.length);
    const martha = all.find((l) => l.identifiers[0]!.value === 'c-1')!;
    expect(martha.identifiers).toEqual([{ type: 'crm_id', value: 'c-1' }, { type: 'member_id', value: 'm-9' }]);
    expect(martha.source).toBe('probabilistic');
    const k = Array.from(r.pairs.left).indexOf(0);
    expect(martha.probability).toBe(r.pairs.probability[k]);
    const strict = toIdentityLinks(r, { type: 'crm_id' });
    expect(strict.every((l) => l.probability >= r.model.config.threshold)).toBe(true);
    expect(strict.every((l) => l.identifiers[1]!.type === 'crm_id')).toBe(true);
  });

  it('refuses bad options', () => {
    expect(() => toIdentityLinks(r, { type: '' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
  });
});

describe('toIdentityLinks → resolveIdentities', () => {
  it('merges the matched records into one person each', async () => {
    const { resolveIdentities, personOf } = await import('../../../src/identity/resolve/index.js');
    const left = [{ id: 'c1', name: 'martha', dob: '1980-01-02' }, { id: 'c2', name: 'zed', dob: '1999-09-09' }];
    const right = [{ id: 'm1', name: 'marhta', dob: '1980-01-02' }, { id: 'm2', name: 'bob', dob: '1970-01-01' }];
    const config = { fields: [{ field: 'name', method: 'jaroWinkler' as const, thresholds: [0.9] }, { field: 'dob', method: 'exact' as const }], blocking: [['dob']], idField: 'id', threshold: 0.5 };
    const r = linkRecords(left, right, config);
    const links = toIdentityLinks(r, { type: 'crm_id', rightType: 'member_id' });
    expect(links).toHaveLength(1); // only martha/marhta share a block
    const g = resolveIdentities(links);
    expect(personOf(g, { type: 'crm_id', value: 'c1' })).toBe(personOf(g, { type: 'member_id', value: 'm1' }));
  });
});
