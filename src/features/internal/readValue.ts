import { AudienceKitError, formatPath } from '../../core/index.js';

/** A row as features read it: any plain object; fields are read by key. */
export type FeatureRow = Readonly<Record<string, unknown>>;

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function bad(where: string, rowIndex: number, field: string, what: string, sub?: number): AudienceKitError {
  const path = sub === undefined ? ['rows', rowIndex, field] : ['rows', rowIndex, field, sub];
  return new AudienceKitError('INVALID_INPUT', `${where}: ${formatPath(path)} ${what}`, { issues: [{ path, message: what }], details: { row: rowIndex, field } });
}

/** Checks that a row is a non-null, non-array object. */
export function checkRow(row: unknown, rowIndex: number, where: string): asserts row is FeatureRow {
  if (typeof row !== 'object' || row === null || Array.isArray(row)) {
    throw new AudienceKitError('INVALID_INPUT', `${where}: rows[${rowIndex}] must be an object, got ${describe(row)}`, {
      issues: [{ path: ['rows', rowIndex], message: 'must be an object' }], details: { row: rowIndex },
    });
  }
}

/** A finite number, or `undefined` when missing (undefined / null). Throws on NaN, ±Infinity or a non-number. */
export function readNumber(v: unknown, rowIndex: number, field: string, where: string): number | undefined {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return v;
    throw bad(where, rowIndex, field, `must be a finite number, got ${String(v)}`);
  }
  if (v === undefined || v === null) return undefined;
  throw bad(where, rowIndex, field, `must be a number, got ${describe(v)}`);
}

/** A category key (strings as-is, finite numbers and booleans via String), or `undefined` when missing. */
export function readCategory(v: unknown, rowIndex: number, field: string, where: string): string | undefined {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return String(v);
    throw bad(where, rowIndex, field, `must be a finite number or a string, got ${String(v)}`);
  }
  if (typeof v === 'boolean') return String(v);
  throw bad(where, rowIndex, field, `must be a string, number or boolean, got ${describe(v)}`);
}

/**
 * The values of a multi-valued field: the array itself, a one-element array for a single value,
 * or `undefined` when missing (undefined / null). Elements are checked by {@link readListItem}.
 */
export function asValueList(v: unknown): readonly unknown[] | undefined {
  if (v === undefined || v === null) return undefined;
  return Array.isArray(v) ? (v as readonly unknown[]) : [v];
}

/** Element `j` of a multi-valued field as a category key (string, or String of a finite number / boolean). */
export function readListItem(x: unknown, rowIndex: number, field: string, where: string, j: number): string {
  if (typeof x === 'string') return x;
  if ((typeof x === 'number' && Number.isFinite(x)) || typeof x === 'boolean') return String(x);
  throw bad(where, rowIndex, field, `values must be strings, finite numbers or booleans, got ${describe(x)}${typeof x === 'number' ? ` (${String(x)})` : ''}`, j);
}
