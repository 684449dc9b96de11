/** Loads the CDNOW fixtures (test/fixtures/cdnow, see its README for source and licence). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('../../fixtures/cdnow/', import.meta.url));

/** `cdnow_customers_summary.csv`: 2,357 customers, weeks, calibration to 1997-09-30. */
export function cdnowCustomers(): { id: number; frequency: number; recency: number; T: number }[] {
  return readFileSync(dir + 'cdnow_customers_summary.csv', 'utf8').trim().split(/\r?\n/).slice(1).map((l) => {
    const [id, f, r, T] = l.split(',').map(Number);
    return { id: id!, frequency: f!, recency: r!, T: T! };
  });
}

/** `cdnow_customers_summary_with_transactions.csv`: adds `monetary` = zbar (mean repeat spend, rounded to cents). */
export function cdnowCustomersWithSpend(): { id: number; frequency: number; recency: number; T: number; monetary: number }[] {
  return readFileSync(dir + 'cdnow_customers_summary_with_transactions.csv', 'utf8').trim().split(/\r?\n/).slice(1).map((l) => {
    const [id, x, tx, T, z] = l.split(',').map(Number);
    return { id: id!, frequency: x!, recency: tx!, T: T!, monetary: z! };
  });
}

/** `CDNOW_sample.txt`: 6,919 transactions; time = UTC midnight of the date. */
export function cdnowTransactions(): { customerId: number; time: number; value: number }[] {
  return readFileSync(dir + 'CDNOW_sample.txt', 'utf8').trim().split(/\r?\n/).map((l) => {
    const [, idSample, date, , value] = l.trim().split(/\s+/);
    const d = date!;
    return { customerId: Number(idSample), time: Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8))), value: Number(value) };
  });
}

/** Relative error |got − want| / |want|. */
export const relErr = (got: number, want: number): number => Math.abs(got - want) / Math.abs(want);
