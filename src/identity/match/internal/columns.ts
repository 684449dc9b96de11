import { AudienceKitError, maskValue } from '../../../core/index.js';
import type { FieldComparison, MatchConfig } from '../matchConfig.js';

/**
 * One field of both record lists, dictionary-encoded once at the boundary: the hot loops then
 * compare integers (exact agreement, blocking keys, term frequencies) and look strings up only for
 * the inexact levels.
 */
export interface Column {
  readonly field: string;
  /** Per record (left rows first, then right rows): index into `values`, or -1 when missing. */
  readonly codes: Int32Array;
  /** Distinct normalized values (strings; for numeric and date fields their canonical text). */
  readonly values: string[];
  /** For numeric fields the number, for date fields the day number, per distinct value (else empty). */
  readonly numbers: Float64Array;
  /** How often each distinct value occurs (both lists together). */
  readonly counts: Int32Array;
  /** How many records have a value (both lists together). */
  readonly nonMissing: number;
}

export type ColumnKind = 'string' | 'numeric' | 'date';

const DAY_MS = 86_400_000;

function kindOf(c: FieldComparison | undefined): ColumnKind {
  if (c === undefined) return 'string';
  return c.method === 'numeric' ? 'numeric' : c.method === 'date' ? 'date' : 'string';
}

/** Days since 1970-01-01 of a valid calendar date, or NaN. */
function dayNumber(y: number, m: number, d: number): number {
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return Number.NaN;
  return Math.floor(t / DAY_MS);
}

const DATE_RE = /^(\d{4})-?(\d{2})-?(\d{2})$/;

function fail(list: string, row: number, field: string, what: string, value: unknown): never {
  const path = [list, row, field];
  throw new AudienceKitError('INVALID_INPUT', `${list}[${row}].${field}: ${what} (got ${maskValue(value)})`, {
    issues: [{ path, message: what }],
  });
}

/**
 * Reads and validates the fields the config uses from one or two record lists into columns.
 *
 * @throws AudienceKitError `INVALID_INPUT` for a non-object record, a record without a used field,
 * or a value of the wrong type (naming `list[row].field`).
 */
export function readColumns(
  lists: readonly { name: string; records: readonly unknown[] }[],
  config: MatchConfig,
): { columns: Map<string, Column>; ids: string[] } {
  const byField = new Map<string, FieldComparison>();
  for (const f of config.fields) byField.set(f.field, f);
  const used: string[] = config.fields.map((f) => f.field);
  for (const rule of config.blocking) for (const f of rule) if (!used.includes(f)) used.push(f);
  let total = 0;
  for (const l of lists) total += l.records.length;

  const columns = new Map<string, Column>();
  for (const field of used) {
    const kind = kindOf(byField.get(field));
    const codes = new Int32Array(total);
    const dict = new Map<string, number>();
    const values: string[] = [];
    const nums: number[] = [];
    let counts = new Int32Array(64);
    let nonMissing = 0;
    let k = 0;
    for (const { name, records } of lists) {
      for (let i = 0; i < records.length; i++, k++) {
        const rec = records[i];
        if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
          throw new AudienceKitError('INVALID_INPUT', `${name}[${i}] must be an object (a record), got ${Array.isArray(rec) ? 'an array' : typeof rec}`, { issues: [{ path: [name, i], message: 'must be an object' }] });
        }
        const raw: unknown = (rec as Record<string, unknown>)[field];
        if (raw === undefined && !(field in rec)) {
          throw new AudienceKitError('INVALID_INPUT', `${name}[${i}] has no field '${field}' (records must all have the configured fields; use null for a missing value)`, { issues: [{ path: [name, i, field], message: 'missing field' }] });
        }
        let key: string | undefined;
        let num = Number.NaN;
        if (raw === null || raw === undefined) key = undefined;
        else if (kind === 'string') {
          if (typeof raw === 'string') key = config.normalize ? raw.trim().toLowerCase() : raw;
          else if (typeof raw === 'number' && Number.isFinite(raw)) key = String(raw);
          else fail(name, i, field, 'must be a string (or a finite number, compared as its text)', raw);
          if (key === '') key = undefined;
        } else if (kind === 'numeric') {
          if (typeof raw === 'number') {
            if (!Number.isFinite(raw)) fail(name, i, field, 'must be a finite number', raw);
            num = raw;
          } else if (typeof raw === 'string') {
            const s = raw.trim();
            if (s !== '') {
              num = Number(s);
              if (!Number.isFinite(num)) fail(name, i, field, 'must be a finite number or numeric text', raw);
            }
          } else fail(name, i, field, 'must be a finite number or numeric text', raw);
          if (!Number.isNaN(num)) key = String(num);
        } else {
          if (typeof raw === 'number') {
            if (!Number.isFinite(raw)) fail(name, i, field, 'must be a finite time in epoch ms', raw);
            num = Math.floor(raw / DAY_MS);
          } else if (typeof raw === 'string') {
            const s = raw.trim();
            if (s !== '') {
              const m = DATE_RE.exec(s);
              num = m ? dayNumber(Number(m[1]), Number(m[2]), Number(m[3])) : Number.NaN;
              if (Number.isNaN(num)) fail(name, i, field, 'must be a real date as YYYY-MM-DD or YYYYMMDD, or epoch ms', raw);
            }
          } else fail(name, i, field, 'must be a date string or epoch ms', raw);
          if (!Number.isNaN(num)) key = String(num);
        }
        if (key === undefined) { codes[k] = -1; continue; }
        let code = dict.get(key);
        if (code === undefined) {
          code = values.length;
          dict.set(key, code);
          values.push(key);
          nums.push(num);
          if (code >= counts.length) { const c = new Int32Array(counts.length * 2); c.set(counts); counts = c; }
        }
        codes[k] = code;
        counts[code] = counts[code]! + 1;
        nonMissing++;
      }
    }
    columns.set(field, {
      field, codes, values,
      numbers: kind === 'string' ? new Float64Array(0) : Float64Array.from(nums),
      counts: counts.slice(0, values.length), nonMissing,
    });
  }

  const ids: string[] = new Array<string>(total);
  let k = 0;
  for (const { name, records } of lists) {
    for (let i = 0; i < records.length; i++, k++) {
      if (config.idField === undefined) { ids[k] = String(i); continue; }
      const raw: unknown = (records[i] as Record<string, unknown>)[config.idField];
      if (typeof raw === 'string' && raw !== '') ids[k] = raw;
      else if (typeof raw === 'number' && Number.isFinite(raw)) ids[k] = String(raw);
      else fail(name, i, config.idField, 'the id field must be a non-empty string or a finite number', raw);
    }
  }
  return { columns, ids };
}
