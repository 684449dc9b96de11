import { beforeAll, describe, expect, it } from 'vitest';
import { AudienceKitError } from '../../src/core/index.js';
import {
  DAY_MS, EVENT_TYPES, STAGES, WEEK_MS, personIndex, simulateWorld, type World,
} from '../../src/simulate/index.js';

/** JSON of a world with its Maps/Sets replaced by their entries (JSON.stringify drops Map contents). */
function canonical(w: World): string {
  return JSON.stringify({
    ...w,
    truth: {
      ...w.truth,
      personOfIdentifier: [...w.truth.personOfIdentifier],
      sharedIdentifiers: [...w.truth.sharedIdentifiers],
      junkIdentifiers: [...w.truth.junkIdentifiers],
    },
  });
}

/**
 * A minimal normalizer (what any resolver does before matching): phones to their 11 national
 * digits, e-mails trimmed and lower-cased, device ids lower-cased. Distinct raw variants of one
 * identifier become one node.
 */
function normalizeKey(key: string): string {
  const at = key.indexOf(':');
  const type = key.slice(0, at), value = key.slice(at + 1);
  if (type === 'phone') return `phone:${value.replace(/\D/g, '').slice(-11)}`;
  if (type === 'email') return `email:${value.trim().toLowerCase()}`;
  if (type === 'device') return `device:${value.toLowerCase()}`;
  return key;
}

const STAGE_OF_TYPE: Record<string, number> = { impression: 1, click: 2, follow: 2, search: 2, browse: 2, cart: 2, purchase: 3, share: 4, review: 4, referral: 4 };

/**
 * Independent re-computation of the contract's stage rule from the EVENTS only
 * (STAGE-CONTRACT.md): stage at the end of week w = highest stage with an evidence event in
 * (asOf − window, asOf], asOf = start + (w+1)·WEEK − 1; a purchase after an earlier purchase is
 * advocate evidence. A plain scan, deliberately unlike the generator's running maxima.
 */
function stagesFromEvents(w: World): Uint8Array {
  const win = [0, 28, 28, 84, 84].map((d) => d * DAY_MS);
  const byPerson = new Map<string, { t: number; s: number }[]>();
  const firstBuy = new Map<string, number>();
  for (const e of w.events) {
    let s = STAGE_OF_TYPE[e.type]!;
    if (e.type === 'purchase') {
      const f = firstBuy.get(e.personId);
      if (f === undefined) firstBuy.set(e.personId, e.time);
      else if (f < e.time) s = 4;
    }
    let list = byPerson.get(e.personId);
    if (!list) { list = []; byPerson.set(e.personId, list); }
    list.push({ t: e.time, s });
  }
  const out = new Uint8Array(w.weeks * w.people);
  for (const [pid, list] of byPerson) {
    const i = personIndex(pid);
    for (let wk = 0; wk < w.weeks; wk++) {
      const asOf = w.start + (wk + 1) * WEEK_MS - 1;
      let best = 0;
      for (const { t, s } of list) if (t <= asOf && t > asOf - win[s]! && s > best) best = s;
      out[wk * w.people + i] = best;
    }
  }
  return out;
}

describe('simulateWorld: determinism', () => {
  it('same options give byte-identical JSON (Maps compared by entries)', () => {
    const a = simulateWorld({ people: 600, seed: 3, weeks: 20 });
    const b = simulateWorld({ people: 600, seed: 3, weeks: 20 });
    expect(canonical(a)).toBe(canonical(b));
  });

  it('a different seed gives a different world', () => {
    const a = simulateWorld({ people: 300, seed: 1, weeks: 10 });
    const b = simulateWorld({ people: 300, seed: 2, weeks: 10 });
    expect(canonical(a)).not.toBe(canonical(b));
    expect(a.events.length).not.toBe(b.events.length);
  });

  it('fills documented defaults (seed 42, 52 weeks from Monday 2025-01-06) and does not mutate options', () => {
    const opts = { people: 50 };
    const w = simulateWorld(opts);
    expect(opts).toEqual({ people: 50 });
    expect(w.options).toMatchObject({ people: 50, seed: 42, weeks: 52, start: Date.UTC(2025, 0, 6) });
    expect(new Date(w.start).getUTCDay()).toBe(1);
    expect(w.personIds[0]).toBe('p0000000');
    expect(w.truth.stage.length).toBe(52 * 50);
  });
});

describe('simulateWorld: truth is consistent with the data (5,000 people)', () => {
  let w: World;
  beforeAll(() => { w = simulateWorld({ people: 5000, seed: 11 }); });

  it('every identifier in a link has a true person, or is a shared or junk value', () => {
    const t = w.truth;
    let owned = 0;
    const bad: string[] = [];
    const end = w.start + w.weeks * WEEK_MS;
    for (const l of w.links) {
      for (const id of l.identifiers) {
        const key = `${id.type}:${id.value}`;
        const known = t.personOfIdentifier.has(key) || t.sharedIdentifiers.has(key) || t.junkIdentifiers.has(key);
        if (!known || id.value.length === 0) bad.push(key);
        if (t.personOfIdentifier.has(key)) owned++;
      }
      if (l.time < w.start || l.time >= end) bad.push(`time ${l.time}`);
    }
    expect(bad).toEqual([]);
    expect(owned).toBeGreaterThan(w.people * 3);
    // Shared identifiers are family devices of 2–4 distinct people; none is also owned by one person.
    for (const [key, members] of t.sharedIdentifiers) {
      expect(key.startsWith('device:')).toBe(true);
      expect(members.length).toBeGreaterThanOrEqual(2);
      expect(members.length).toBeLessThanOrEqual(4);
      expect(t.personOfIdentifier.has(key)).toBe(false);
    }
    expect(t.sharedIdentifiers.size).toBeGreaterThan(0);
    expect(t.junkIdentifiers.size).toBeGreaterThan(0);
  });

  it('every person has 1–6 identifier types, and their own identifiers are connected through their own links without shared or junk values', () => {
    const t = w.truth;
    const parent = new Map<string, string>();
    const find = (x: string): string => { let r = x; while (parent.get(r) !== r) r = parent.get(r)!; parent.set(x, r); return r; };
    for (const key of t.personOfIdentifier.keys()) parent.set(normalizeKey(key), normalizeKey(key));
    for (const l of w.links) {
      const own = l.identifiers.map((id) => `${id.type}:${id.value}`).filter((k) => t.personOfIdentifier.has(k));
      for (let k = 1; k < own.length; k++) {
        expect(t.personOfIdentifier.get(own[k]!)).toBe(t.personOfIdentifier.get(own[0]!));
        parent.set(find(normalizeKey(own[k]!)), find(normalizeKey(own[0]!)));
      }
    }
    const rootsOf = new Map<number, Set<string>>();
    const typesOf = new Map<number, Set<string>>();
    for (const [key, person] of t.personOfIdentifier) {
      if (!rootsOf.has(person)) { rootsOf.set(person, new Set()); typesOf.set(person, new Set()); }
      rootsOf.get(person)!.add(find(normalizeKey(key)));
      typesOf.get(person)!.add(key.slice(0, key.indexOf(':')));
    }
    expect(rootsOf.size).toBe(w.people);
    expect([...rootsOf.values()].filter((roots) => roots.size !== 1).length).toBe(0);
    expect([...typesOf.values()].filter((types) => types.size < 1 || types.size > 6).length).toBe(0);
  });

  it('raw formats vary (phones with +86 / 0086 / dashes, e-mail case and whitespace, IDFA upper-case)', () => {
    const values = (type: string) => [...w.truth.personOfIdentifier.keys()].filter((k) => k.startsWith(`${type}:`)).map((k) => k.slice(type.length + 1));
    const phones = values('phone');
    expect(phones.some((p) => /^1\d{10}$/.test(p))).toBe(true);
    expect(phones.some((p) => p.startsWith('+86 ') && p.includes('-'))).toBe(true);
    expect(phones.some((p) => p.startsWith('0086'))).toBe(true);
    const emails = values('email');
    expect(emails.some((e) => e !== e.trim())).toBe(true);
    expect(emails.some((e) => e !== e.toLowerCase())).toBe(true);
    const devices = values('device');
    expect(devices.some((d) => /^[0-9A-F-]{36}$/.test(d) && /[A-F]/.test(d))).toBe(true);
    expect(devices.some((d) => /^[0-9a-f-]{36}$/.test(d) && /[a-f]/.test(d))).toBe(true);
  });

  it('events are sorted by time, then personId, then type (EVENT_TYPES order), inside the world span', () => {
    const end = w.start + w.weeks * WEEK_MS;
    for (let k = 0; k < w.events.length; k++) {
      const e = w.events[k]!;
      if (!(e.time >= w.start && e.time < end)) expect.fail(`events[${k}] outside the span`);
      if (k === 0) continue;
      const p = w.events[k - 1]!;
      const ok = p.time < e.time || (p.time === e.time && (p.personId < e.personId || (p.personId === e.personId && EVENT_TYPES.indexOf(p.type) <= EVENT_TYPES.indexOf(e.type))));
      if (!ok) expect.fail(`events[${k}] out of order`);
    }
  });

  it('every purchase belongs to a customer alive at that time (time <= dropoutTime), with a positive value', () => {
    const t = w.truth;
    const buyers = new Set<number>();
    const bad: string[] = [];
    for (const e of w.events) {
      if (e.type !== 'purchase') { if (e.value !== undefined) bad.push(`value on ${e.type}`); continue; }
      const i = personIndex(e.personId);
      buyers.add(i);
      if (!(t.purchaseRate[i]! > 0)) bad.push(`${e.personId}: purchase without a rate`);
      if (Number.isNaN(t.dropoutTime[i]!) || !(e.time <= t.dropoutTime[i]!)) bad.push(`${e.personId}: purchase after dropout`);
      if (!(e.value! > 0)) bad.push(`${e.personId}: value ${e.value}`);
    }
    for (let i = 0; i < w.people; i++) {
      if (buyers.has(i) !== t.purchaseRate[i]! > 0) bad.push(`person ${i}: rate vs purchases`);
      if (Number.isNaN(t.dropoutTime[i]!) === buyers.has(i)) bad.push(`person ${i}: dropoutTime vs purchases`);
    }
    expect(bad).toEqual([]);
    expect(buyers.size).toBeGreaterThan(200);
    // Some customers dropped out (finite time), some are alive at the end (+Infinity).
    let dropped = 0, alive = 0;
    for (const i of buyers) { if (Number.isFinite(t.dropoutTime[i]!)) dropped++; else alive++; }
    expect(dropped).toBeGreaterThan(0);
    expect(alive).toBeGreaterThan(0);
  });

  it('the truth stage equals an independent re-computation from the events with the windowed rule', () => {
    const rec = stagesFromEvents(w);
    let agree = 0;
    for (let k = 0; k < rec.length; k++) if (rec[k] === w.truth.stage[k]) agree++;
    expect(agree / rec.length).toBe(1);
  });

  it('truth.transition is the realised matrix of consecutive week-end stages (recomputed), rows sum to 1', () => {
    const n = w.people, S = STAGES.length;
    const counts = Array.from({ length: S }, () => new Array<number>(S).fill(0));
    for (let wk = 1; wk < w.weeks; wk++) for (let i = 0; i < n; i++) counts[w.truth.stage[(wk - 1) * n + i]!]![w.truth.stage[wk * n + i]!]!++;
    for (let a = 0; a < S; a++) {
      const tot = counts[a]!.reduce((s, x) => s + x, 0);
      expect(tot).toBeGreaterThan(0);
      for (let b = 0; b < S; b++) expect(w.truth.transition[a]![b]!).toBeCloseTo(counts[a]![b]! / tot, 12);
      expect(w.truth.transition[a]!.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
      expect(w.truth.baseTransition[a]!.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    }
    // Every stage is visited at the last week.
    const last = new Set<number>();
    for (let i = 0; i < n; i++) last.add(w.truth.stage[(w.weeks - 1) * n + i]!);
    expect(last.size).toBe(S);
  });

  it('segments, profiles and channel effects are well formed', () => {
    expect(w.truth.segmentNames.length).toBeGreaterThanOrEqual(5);
    expect(w.profiles.length).toBe(w.people);
    const seen = new Set<number>();
    let bad = 0;
    for (let i = 0; i < w.people; i++) {
      seen.add(w.truth.segment[i]!);
      const p = w.profiles[i]!;
      if (p.personId !== w.personIds[i] || p.interests.length < 2 || !(p.spend > 0)) bad++;
    }
    expect(bad).toBe(0);
    expect(seen.size).toBe(w.truth.segmentNames.length);
    const effects = w.truth.channelEffects.map((c) => c.effect);
    expect(new Set(effects).size).toBe(effects.length);
  });
});

describe('simulateWorld: bad options give AudienceKitError INVALID_OPTION naming the option', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['negative people', { people: -5 }, 'people'],
    ['fractional people', { people: 2.5 }, 'people'],
    ['too many people', { people: 3_000_000 }, 'people'],
    ['non-integer seed', { seed: 0.5 }, 'seed'],
    ['zero weeks', { weeks: 0 }, 'weeks'],
    ['junkRate above 1', { junkRate: 1.5 }, 'junkRate'],
    ['negative sharedDeviceRate', { sharedDeviceRate: -0.1 }, 'sharedDeviceRate'],
    ['identifier mix outside [0, 1]', { identifierMix: { phone: 2 } }, 'identifierMix.phone'],
    ['unknown identifier type', { identifierMix: { fax: 0.5 } }, 'identifierMix'],
    ['negative channel effect', { channelEffects: { jd_search: -1 } }, 'channelEffects.jd_search'],
    ['NaN exposure rate', { exposureRates: { qq_feed: Number.NaN } }, 'exposureRates.qq_feed'],
    ['transition row not summing to 1', { stageTransition: [[1, 0, 0, 0, 0], [0.5, 0.6, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1]] }, 'stageTransition[1]'],
    ['transition probability above 1', { stageTransition: [[1.2, -0.2, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1]] }, 'stageTransition[0][0]'],
    ['Gamma-Gamma q <= 1', { purchaseProcess: { q: 1 } }, 'purchaseProcess.q'],
    ['negative BG/NBD r', { purchaseProcess: { r: -1 } }, 'purchaseProcess.r'],
    ['zero window', { stageWindowDays: { act: 0 } }, 'stageWindowDays.act'],
    ['unknown option', { peple: 10 }, '(root)'],
  ];
  it.each(cases)('%s', (_label, opts, path) => {
    let err: unknown;
    try { simulateWorld(opts as never); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(AudienceKitError);
    const e = err as AudienceKitError;
    expect(e.code).toBe('INVALID_OPTION');
    expect(e.message).toContain(path);
  });
});
