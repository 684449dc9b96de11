/** What every demo section gets: the quick flag, and printing helpers. */
export interface DemoContext {
  /** `--quick` (CI): a smaller world, same code path. */
  readonly quick: boolean;
  /** Results one section leaves for the next (e.g. the world, the identity graph). */
  readonly shared: Map<string, unknown>;
}

export const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');
export const fmtPct = (x: number, digits = 1): string => `${(100 * x).toFixed(digits)}%`;

export function heading(title: string): void {
  console.log(`\n── ${title} ${'─'.repeat(Math.max(0, 74 - title.length))}`);
}

/** Prints rows as an aligned text table. */
export function printTable(rows: readonly Record<string, string | number>[]): void {
  if (rows.length === 0) { console.log('  (none)'); return; }
  const cols = Object.keys(rows[0]!);
  const cell = (v: string | number | undefined) => (typeof v === 'number' ? (Number.isInteger(v) ? fmtInt(v) : v.toFixed(3)) : (v ?? ''));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(cell(r[c])).length)));
  const line = (vals: string[]) => '  ' + vals.map((v, i) => v.padEnd(widths[i]!)).join('  ');
  console.log(line(cols));
  console.log(line(widths.map((w) => '─'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => String(cell(r[c])))));
}
