/**
 * Per-customer RFM summary of a transaction log, as `lifetimes`' `summary_data_from_transaction_data`
 * and `calibration_and_holdout_data`, built as a mergeable summary (shards → merge → finish).
 * @module
 */
import { z } from 'zod';
import { AudienceKitError, parseWith, summarize, type MergeableSummary } from '../../core/index.js';

const UNIT_MS = { hour: 3_600_000, day: 86_400_000, week: 604_800_000 } as const;
const finite = z.number().refine(Number.isFinite, { message: 'must be finite' });
const Unit = z.union([z.enum(['hour', 'day', 'week']), z.number().positive().refine(Number.isFinite, { message: 'must be finite' })]);

/**
 * Options: `observationEnd` (epoch ms; purchases at or before it count), optional `calibrationEnd`
 * (splits calibration and holdout), `unit` of recency/T (`'week'`, `'day'`, `'hour'` or ms),
 * `period` in which purchases are one transaction (default `'day'`, UTC days — `lifetimes`' `freq='D'`),
 * and the field names of the customer id, time (epoch ms) and value in each transaction.
 */
export const SummarizeOptionsSchema = z.object({
  observationEnd: finite,
  calibrationEnd: finite.optional(),
  unit: Unit,
  period: Unit.optional(),
  customerId: z.string().optional(),
  time: z.string().optional(),
  value: z.string().optional(),
}).strict().refine((o) => o.calibrationEnd === undefined || o.calibrationEnd < o.observationEnd, { message: 'calibrationEnd must be before observationEnd', path: ['calibrationEnd'] });
export type SummarizeOptions = z.input<typeof SummarizeOptionsSchema>;

/** One customer's summary, in `unit`s. */
export interface CustomerSummary {
  readonly customerId: string | number;
  /** Repeat purchases: periods with a purchase after the first (in calibration when split). */
  readonly frequency: number;
  /** Time from the first to the last purchase period. */
  readonly recency: number;
  /** Time from the first purchase period to the end (calibration end when split). */
  readonly T: number;
  /** Mean value of the repeat purchase periods (each period's values summed); 0 without repeats. */
  readonly monetary: number;
  /** With `calibrationEnd`: purchase periods in the holdout, their mean value, and the holdout length. */
  readonly frequencyHoldout?: number;
  readonly monetaryHoldout?: number;
  readonly durationHoldout?: number;
}

export interface TransactionSummaryResult {
  /** One row per customer with a purchase by the (calibration) end, sorted by customer id. */
  readonly customers: CustomerSummary[];
  /** Transactions after `observationEnd`, not counted. */
  readonly transactionsAfterEnd: number;
  /** Customers whose first purchase falls in the holdout: no calibration history, so no row (as `lifetimes`). */
  readonly customersFirstSeenInHoldout: number;
}

/** Per customer: value sums by purchase period, in calibration and holdout. */
export interface TransactionSummaryState {
  readonly customers: Map<string | number, { cal: Map<number, number>; hold: Map<number, number> }>;
  transactionsAfterEnd: number;
}

const StateJson = z.object({
  kind: z.literal('transaction-summary'),
  version: z.literal(1),
  customers: z.array(z.tuple([z.union([z.string(), finite]), z.array(z.tuple([z.number().int(), finite])), z.array(z.tuple([z.number().int(), finite]))])),
  transactionsAfterEnd: z.number().int().nonnegative(),
});

function addPeriod(map: Map<number, number>, period: number, value: number): void {
  map.set(period, (map.get(period) ?? 0) + value);
}

/**
 * The mergeable summary behind {@link summarizeTransactions}: `add` one transaction, `merge`
 * shards (associative and commutative; value sums are exact for integer cents), `finish` to the
 * customer rows, `toJSON`/`fromJSON` to move a shard's state between processes. O(1) per `add`,
 * O(customers + periods) per `merge`.
 *
 * @param options - see {@link SummarizeOptionsSchema}
 * @returns a {@link MergeableSummary}
 * @throws AudienceKitError `INVALID_OPTION`; `add` throws `INVALID_INPUT` naming the row and field
 * @example
 * const s = transactionSummary({ observationEnd, unit: 'week', customerId: 'personId' });
 * const shard = accumulate(s, rows.slice(0, 1000));
 * s.finish(s.merge(shard, accumulate(s, rows.slice(1000)))); // == summarizeTransactions(rows, …)
 */
export function transactionSummary(options: SummarizeOptions): MergeableSummary<TransactionSummaryState, object, TransactionSummaryResult> {
  const o = parseWith(SummarizeOptionsSchema, options, 'summarizeTransactions options', 'INVALID_OPTION');
  const unitMs = typeof o.unit === 'number' ? o.unit : UNIT_MS[o.unit];
  const periodOpt = o.period ?? 'day';
  const periodMs = typeof periodOpt === 'number' ? periodOpt : UNIT_MS[periodOpt];
  const idField = o.customerId ?? 'customerId', timeField = o.time ?? 'time', valueField = o.value;
  const calEnd = o.calibrationEnd ?? o.observationEnd;
  const split = o.calibrationEnd !== undefined;
  const periodOf = (t: number): number => Math.floor(t / periodMs);
  const fail = (i: number, field: string, message: string): never => {
    throw new AudienceKitError('INVALID_INPUT', `transactions[${i}].${field} ${message}`, { issues: [{ path: [i, field], message }] });
  };
  return {
    kind: 'transaction-summary',
    empty: () => ({ customers: new Map(), transactionsAfterEnd: 0 }),
    add(state, obj, i) {
      const row = obj as Readonly<Record<string, unknown>>;
      if (typeof obj !== 'object' || (obj as unknown) === null) fail(i, '(row)', 'must be an object');
      const id = row[idField], t = row[timeField];
      if (!(typeof id === 'string' || (typeof id === 'number' && Number.isFinite(id)))) fail(i, idField, 'must be a string or a finite number');
      if (typeof t !== 'number' || !Number.isFinite(t)) fail(i, timeField, 'must be a finite time (epoch ms)');
      let v = 0;
      if (valueField !== undefined) {
        const raw = row[valueField];
        if (typeof raw !== 'number' || !Number.isFinite(raw)) fail(i, valueField, 'must be a finite number');
        v = raw as number;
      }
      const time = t as number, key = id as string | number;
      if (time > o.observationEnd) { state.transactionsAfterEnd++; return state; }
      let c = state.customers.get(key);
      if (!c) { c = { cal: new Map(), hold: new Map() }; state.customers.set(key, c); }
      addPeriod(time <= calEnd ? c.cal : c.hold, periodOf(time), v);
      return state;
    },
    merge(a, b) {
      const out: TransactionSummaryState = { customers: new Map(), transactionsAfterEnd: a.transactionsAfterEnd + b.transactionsAfterEnd };
      for (const src of [a, b]) {
        for (const [key, c] of src.customers) {
          let d = out.customers.get(key);
          if (!d) { d = { cal: new Map(), hold: new Map() }; out.customers.set(key, d); }
          for (const [p, v] of c.cal) addPeriod(d.cal, p, v);
          for (const [p, v] of c.hold) addPeriod(d.hold, p, v);
        }
      }
      return out;
    },
    finish(state) {
      const endPeriod = periodOf(calEnd);
      const scale = periodMs / unitMs;
      const keys = [...state.customers.keys()].sort(compareIds);
      const customers: CustomerSummary[] = [];
      let firstInHoldout = 0;
      for (const key of keys) {
        const c = state.customers.get(key)!;
        if (c.cal.size === 0) { firstInHoldout++; continue; }
        const periods = [...c.cal.keys()].sort((p, q) => p - q);
        const first = periods[0]!, last = periods[periods.length - 1]!;
        let repeatSum = 0;
        for (let j = 1; j < periods.length; j++) repeatSum += c.cal.get(periods[j]!)!;
        const frequency = periods.length - 1;
        const row: CustomerSummary = {
          customerId: key, frequency, recency: (last - first) * scale, T: (endPeriod - first) * scale,
          monetary: frequency > 0 ? repeatSum / frequency : 0,
        };
        if (split) {
          let holdSum = 0;
          for (const v of c.hold.values()) holdSum += v;
          customers.push({
            ...row, frequencyHoldout: c.hold.size, monetaryHoldout: c.hold.size > 0 ? holdSum / c.hold.size : 0,
            durationHoldout: (periodOf(o.observationEnd) - endPeriod) * scale,
          });
        } else customers.push(row);
      }
      return { customers, transactionsAfterEnd: state.transactionsAfterEnd, customersFirstSeenInHoldout: firstInHoldout };
    },
    toJSON(state) {
      const sortPairs = (m: Map<number, number>) => [...m.entries()].sort((p, q) => p[0] - q[0]);
      return {
        kind: 'transaction-summary', version: 1,
        customers: [...state.customers.entries()].sort((p, q) => compareIds(p[0], q[0])).map(([k, c]) => [k, sortPairs(c.cal), sortPairs(c.hold)]),
        transactionsAfterEnd: state.transactionsAfterEnd,
      };
    },
    fromJSON(json) {
      const j = parseWith(StateJson, json, 'transaction summary state', 'INVALID_MODEL');
      const customers = new Map<string | number, { cal: Map<number, number>; hold: Map<number, number> }>();
      for (const [k, cal, hold] of j.customers) customers.set(k, { cal: new Map(cal), hold: new Map(hold) });
      return { customers, transactionsAfterEnd: j.transactionsAfterEnd };
    },
  };
}

function compareIds(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * One row per customer — `frequency` (repeat purchase periods), `recency`, `T`, `monetary` (mean
 * value of the repeat purchases) and, with `calibrationEnd`, the holdout frequency / value /
 * duration — with the definitions of `lifetimes`' `summary_data_from_transaction_data` and
 * `calibration_and_holdout_data` (purchases in the same `period` are one transaction with summed
 * value; the first purchase is excluded from `monetary`). O(n log n).
 *
 * @param transactions - objects with a customer id, a time (epoch ms) and optionally a value (e.g. simulate's `WorldEvent`s)
 * @param options - see {@link SummarizeOptionsSchema}
 * @returns the customer rows plus counts of what was left out and why
 * @throws AudienceKitError `INVALID_OPTION`, `INVALID_INPUT` (row index and field)
 * @example
 * const day = 86_400_000;
 * summarizeTransactions([{ customerId: 'a', time: 0, value: 5 }, { customerId: 'a', time: 14 * day, value: 7 }], { observationEnd: 21 * day, unit: 'week' }).customers;
 * // => [{ customerId: 'a', frequency: 1, recency: 2, T: 3, monetary: 7 }]
 */
export function summarizeTransactions(transactions: readonly object[], options: SummarizeOptions): TransactionSummaryResult {
  if (!Array.isArray(transactions)) throw new AudienceKitError('INVALID_INPUT', 'summarizeTransactions transactions must be an array');
  return summarize(transactionSummary(options), transactions);
}
