import { distance as levenshtein } from 'fastest-levenshtein';
import { AudienceKitError } from '../../../core/index.js';
import type { FieldComparison } from '../matchConfig.js';
import { createJaroWinklerKernel } from '../jaroWinkler.js';
import type { Column } from './columns.js';

/**
 * A compiled field comparison. Levels are numbered 0 (exact) … L−1 (else); a pair's "digit" for the
 * field is 0 when either value is missing (no evidence) and level + 1 otherwise.
 */
export interface Comparator {
  readonly field: string;
  readonly spec: FieldComparison;
  readonly column: Column;
  /** Number of levels L (exact, the thresholds, else). */
  readonly levels: number;
  /** Labels of the levels ("exact", "jaroWinkler >= 0.92", …, "else"). */
  readonly labels: readonly string[];
  /** Place value of this field's digit in a pattern code. */
  readonly stride: number;
  /** The digit of records i and j (combined indices): 0 missing, 1 exact, 2.. inexact levels, L else. */
  readonly digit: (i: number, j: number) => number;
  /** The digit of two distinct non-missing value codes (never exact), for the u sample. */
  readonly valueDigit: (ca: number, cb: number) => number;
}

/** Level labels of a comparison (exact, thresholds…, else). */
export function levelLabels(spec: FieldComparison): string[] {
  const out = ['exact'];
  switch (spec.method) {
    case 'exact': break;
    case 'jaroWinkler': for (const t of spec.thresholds) out.push(`jaroWinkler >= ${String(t)}`); break;
    case 'levenshtein': for (const t of spec.thresholds) out.push(`levenshtein <= ${String(t)}`); break;
    case 'numeric': for (const t of spec.thresholds) out.push(`within ${String(t)}`); break;
    case 'date': for (const t of spec.thresholds) out.push(`within ${String(t)} days`); break;
  }
  out.push('else');
  return out;
}

/** Compiles the field comparisons against their columns; pattern codes must fit in an int32. */
export function compileComparators(specs: readonly FieldComparison[], columns: ReadonlyMap<string, Column>): Comparator[] {
  let stride = 1;
  const out: Comparator[] = [];
  for (const spec of specs) {
    const column = columns.get(spec.field)!;
    const labels = levelLabels(spec);
    const L = labels.length;
    const valueDigit = valueComparer(spec, column, L);
    const codes = column.codes;
    const digit = (i: number, j: number): number => {
      const ca = codes[i]!, cb = codes[j]!;
      if (ca < 0 || cb < 0) return 0;
      if (ca === cb) return 1;
      return valueDigit(ca, cb);
    };
    out.push({ field: spec.field, spec, column, levels: L, labels, stride, digit, valueDigit });
    stride *= L + 1;
    if (stride > 2 ** 31 - 1) {
      throw new AudienceKitError('INVALID_OPTION', `too many comparison levels: the product of (levels + 1) over fields exceeds 2^31 at field '${spec.field}'`);
    }
  }
  return out;
}

function valueComparer(spec: FieldComparison, column: Column, L: number): (ca: number, cb: number) => number {
  const values = column.values;
  const nums = column.numbers;
  switch (spec.method) {
    case 'exact':
      return () => 2;
    case 'jaroWinkler': {
      const jw = createJaroWinklerKernel(spec.prefixScale, spec.boostThreshold, 4);
      const th = Float64Array.from(spec.thresholds);
      return (ca, cb) => {
        const s = jw(values[ca]!, values[cb]!);
        for (let k = 0; k < th.length; k++) if (s >= th[k]!) return k + 2;
        return L;
      };
    }
    case 'levenshtein': {
      const th = Int32Array.from(spec.thresholds);
      const maxT = th[th.length - 1]!;
      return (ca, cb) => {
        const x = values[ca]!, y = values[cb]!;
        if (Math.abs(x.length - y.length) > maxT) return L; // distance >= length difference
        const d = levenshtein(x, y);
        for (let k = 0; k < th.length; k++) if (d <= th[k]!) return k + 2;
        return L;
      };
    }
    case 'numeric':
    case 'date': {
      const th = Float64Array.from(spec.thresholds);
      return (ca, cb) => {
        const d = Math.abs(nums[ca]! - nums[cb]!);
        for (let k = 0; k < th.length; k++) if (d <= th[k]!) return k + 2;
        return L;
      };
    }
  }
}

/** Pattern code of records i and j: Σ digit_f · stride_f. */
export function patternOf(comparators: readonly Comparator[], i: number, j: number): number {
  let code = 0;
  for (let f = 0; f < comparators.length; f++) {
    const c = comparators[f]!;
    code += c.digit(i, j) * c.stride;
  }
  return code;
}

/** The digit of field f in a pattern code. */
export function digitOf(comparator: Comparator, code: number): number {
  return Math.floor(code / comparator.stride) % (comparator.levels + 1);
}
