import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { summarizeTransactions, transactionSummary } from '../../../src/lifecycle/ltv/index.js';
import { accumulate } from '../../../src/core/index.js';
import { cdnowCustomersWithSpend, cdnowTransactions } from './cdnow.js';

const DAY = 86_400_000;

describe('summarizeTransactions on the CDNOW sample log', () => {
  const tx = cdnowTransactions();
  const sum = summarizeTransactions(tx, { observationEnd: Date.UTC(1997, 8, 30), unit: 'week', value: 'value' });
  const want = cdnowCustomersWithSpend();
  it('reproduces lifetimes\' published summary (cdnow_customers_summary_with_transactions.csv, rounded to 2 decimals)', () => {
    expect(sum.customers).toHaveLength(2357);
    const byId = new Map(sum.customers.map((c) => [c.customerId, c]));
    for (const w of want) {
      const got = byId.get(w.id)!;
      expect(got.frequency).toBe(w.frequency);
      expect(Math.abs(got.recency - w.recency)).toBeLessThanOrEqual(0.005);
      expect(Math.abs(got.T - w.T)).toBeLessThanOrEqual(0.005);
      expect(Math.abs(got.monetary - w.monetary)).toBeLessThanOrEqual(0.005 + 1e-9);
    }
    expect(sum.transactionsAfterEnd).toBe(tx.filter((t) => t.time > Date.UTC(1997, 8, 30)).length);
  });
  it('splits calibration and holdout as lifetimes\' calibration_and_holdout_data (holdout 1997-10-01 … 1998-06-30 = 39 weeks)', () => {
    const split = summarizeTransactions(tx, { calibrationEnd: Date.UTC(1997, 8, 30), observationEnd: Date.UTC(1998, 5, 30), unit: 'week', value: 'value' });
    expect(split.customers).toHaveLength(2357);
    expect(split.customersFirstSeenInHoldout).toBe(0);
    // 273 days from 1997-09-30 to 1998-06-30 = 39 weeks.
    expect(split.customers[0]!.durationHoldout).toBe(39);
    const holdoutPurchaseDays = new Set(tx.filter((t) => t.time > Date.UTC(1997, 8, 30)).map((t) => `${t.customerId}|${t.time}`)).size;
    expect(split.customers.reduce((s, c) => s + c.frequencyHoldout!, 0)).toBe(holdoutPurchaseDays);
  });
});

describe('summarizeTransactions by hand', () => {
  it('collapses same-day purchases, excludes the first purchase from monetary, and counts what it leaves out', () => {
    const rows = [
      { id: 'a', t: 0, v: 5 },
      { id: 'a', t: 3 * 3_600_000, v: 1 }, // same UTC day as the first: one transaction worth 6
      { id: 'a', t: 7 * DAY, v: 10 },
      { id: 'a', t: 14 * DAY + 5, v: 20 },
      { id: 'b', t: 7 * DAY, v: 8 },
      { id: 'c', t: 30 * DAY, v: 8 }, // after the end
    ];
    const out = summarizeTransactions(rows, { observationEnd: 21 * DAY, unit: 'week', customerId: 'id', time: 't', value: 'v' });
    // a: days 0, 7, 14 → frequency 2, recency 14 days = 2 weeks, T 21 days = 3 weeks, monetary (10+20)/2 = 15.
    // b: day 7 only → frequency 0, recency 0, T 14 days = 2 weeks, monetary 0.
    expect(out.customers).toEqual([
      { customerId: 'a', frequency: 2, recency: 2, T: 3, monetary: 15 },
      { customerId: 'b', frequency: 0, recency: 0, T: 2, monetary: 0 },
    ]);
    expect(out.transactionsAfterEnd).toBe(1);
  });
  it('a customer first seen in the holdout gets no row and is counted', () => {
    const out = summarizeTransactions([{ customerId: 'x', time: 10 * DAY }, { customerId: 'y', time: DAY }], { calibrationEnd: 5 * DAY, observationEnd: 12 * DAY, unit: 'day' });
    expect(out.customers.map((c) => c.customerId)).toEqual(['y']);
    expect(out.customersFirstSeenInHoldout).toBe(1);
    expect(out.customers[0]).toMatchObject({ frequency: 0, T: 4, frequencyHoldout: 0, durationHoldout: 7 });
  });
  it('names the bad row and field, and refuses bad options', () => {
    expect(() => summarizeTransactions([{ customerId: 'a', time: 0 }, { customerId: 'a', time: Number.NaN }], { observationEnd: 1, unit: 'day' }))
      .toThrow(expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: [1, 'time'] })] }));
    expect(() => summarizeTransactions([{ customerId: null, time: 0 }], { observationEnd: 1, unit: 'day' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    expect(() => summarizeTransactions([], { observationEnd: 1, calibrationEnd: 2, unit: 'day' })).toThrow(expect.objectContaining({ code: 'INVALID_OPTION' }));
    expect(() => summarizeTransactions([{ customerId: 'a', time: 0, value: 'x' }], { observationEnd: 1, unit: 'day', value: 'value' })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });
  it('accepts __proto__ as a customer id', () => {
    const out = summarizeTransactions([{ customerId: '__proto__', time: 0 }], { observationEnd: DAY, unit: 'day' });
    expect(out.customers[0]!.customerId).toBe('__proto__');
  });
});

describe('transactionSummary is a mergeable summary', () => {
  const txArb = fc.array(fc.record({ customerId: fc.constantFrom('a', 'b', 'c', 7), time: fc.integer({ min: 0, max: 60 }).map((d) => d * DAY / 2), value: fc.integer({ min: 0, max: 10_000 }) }), { maxLength: 40 });
  const s = transactionSummary({ calibrationEnd: 20 * DAY, observationEnd: 25 * DAY, unit: 'week', value: 'value' });
  it('fit(A ∪ B) == finish(merge(A, B)); merge is associative and commutative; JSON round trip changes nothing (property)', () => {
    fc.assert(fc.property(txArb, txArb, txArb, (A, B, C) => {
      const a = accumulate(s, A), b = accumulate(s, B), c = accumulate(s, C);
      const whole = s.finish(accumulate(s, [...A, ...B, ...C]));
      expect(s.finish(s.merge(s.merge(a, b), c))).toEqual(whole);
      expect(s.finish(s.merge(a, s.merge(b, c)))).toEqual(whole);
      expect(s.finish(s.merge(c, s.merge(b, a)))).toEqual(whole);
      expect(s.finish(s.merge(s.empty(), a))).toEqual(s.finish(a));
      expect(s.finish(s.fromJSON(JSON.parse(JSON.stringify(s.toJSON(s.merge(a, b))))))).toEqual(s.finish(s.merge(a, b)));
    }), { numRuns: 100 });
  });
  it('fromJSON validates', () => {
    expect(() => s.fromJSON({ kind: 'transaction-summary', version: 1, customers: [['a', [[1.5, 2]], []]], transactionsAfterEnd: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_MODEL' }));
  });
});
