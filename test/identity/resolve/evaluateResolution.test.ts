import { describe, expect, it } from 'vitest';
import { AudienceKitError } from '../../../src/core/index.js';
import { evaluateResolution, identifiersOf, personOf, resolveIdentities } from '../../../src/identity/resolve/index.js';

const id = (type: string, value: string) => ({ type, value });

describe('evaluateResolution', () => {
  // Predicted: {u1, phone, openid} one person (a true pair u1–phone plus a false openid), {u2} alone.
  const g = resolveIdentities([
    { identifiers: [id('account', 'u1'), id('phone', '13800138000')] },
    { identifiers: [id('phone', '13800138000'), id('openid', 'oX1')] },
    { identifiers: [id('account', 'u2')] },
  ]);

  it('computes pairwise precision / recall by hand', () => {
    // Truth: u1, phone (raw spelling), u2 are person A; openid is person B.
    // Predicted pairs: {u1,phone},{u1,openid},{phone,openid} = 3; true pairs: {u1,phone},{u1,u2},{phone,u2} = 3;
    // correct: {u1,phone} = 1 → precision 1/3, recall 1/3, F1 1/3.
    const e = evaluateResolution(g, new Map<string, string | number>([['account:u1', 'A'], ['phone:+86 138 0013 8000', 'A'], ['account:u2', 'A'], ['openid:oX1', 'B']]));
    expect(e).toMatchObject({ predictedPairs: 3, truePairs: 3, correctPairs: 1, truePeople: 2, predictedPeople: 2, identifiers: 4, unassigned: 0 });
    expect(e.precision).toBeCloseTo(1 / 3, 12);
    expect(e.recall).toBeCloseTo(1 / 3, 12);
    expect(e.f1).toBeCloseTo(1 / 3, 12);
  });

  it('scores unknown identifiers as singletons, counts bad and conflicting keys', () => {
    // Truth: u1, phone and "account:ghost" (never seen) are person 0: true pairs 3, predicted among them 1 → recall 1/3.
    const e = evaluateResolution(g, new Map<string, number>([['account:u1', 0], ['phone:13800138000', 0], ['phone:+8613800138000', 1], ['account:ghost', 0], ['nocolon', 3]]));
    expect(e).toMatchObject({ truePairs: 3, predictedPairs: 1, correctPairs: 1, unassigned: 1, invalidKeys: 1, conflictingKeys: 1 });
    expect(e.precision).toBe(1);
    expect(e.recall).toBeCloseTo(1 / 3, 12);
  });

  it('takes any ReadonlyMap (not only a Map instance), with the same result', () => {
    const truth = new Map<string, string | number>([['account:u1', 'A'], ['phone:+86 138 0013 8000', 'A'], ['account:u2', 'A'], ['openid:oX1', 'B']]);
    const view: ReadonlyMap<string, string | number> = {
      get: (k) => truth.get(k), has: (k) => truth.has(k), keys: () => truth.keys(), values: () => truth.values(), entries: () => truth.entries(),
      forEach: (cb) => { truth.forEach((v, k) => { cb(v, k, view); }); }, size: truth.size, [Symbol.iterator]: () => truth.entries(),
    };
    expect(view instanceof Map).toBe(false);
    expect(evaluateResolution(g, view)).toEqual(evaluateResolution(g, truth));
  });

  it('is 1/1 on a perfect graph and refuses empty or non-Map truth', () => {
    const truth = new Map<string, number>();
    g.personIds.forEach((p, k) => { for (const i of identifiersOf(g, p)) truth.set(`${i.type}:${i.value}`, k); });
    expect(evaluateResolution(g, truth)).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(() => evaluateResolution(g, new Map())).toThrow(AudienceKitError);
    expect(() => evaluateResolution(g, {} as never)).toThrow(/truth/);
    // Something with get/has/size but not iterable is refused up front, not with a TypeError later.
    expect(() => evaluateResolution(g, { get: () => 0, has: () => true, keys: () => [], values: () => [], entries: () => [], forEach: () => undefined, size: 1 } as never)).toThrow(AudienceKitError);
    expect(personOf(g, id('account', 'u2'))).toBeDefined();
  });
});
