/**
 * Sorting indices by the strings they name, in the order of the default `Array.prototype.sort`
 * on strings (UTF-16 code units; a proper prefix first), without building a string table.
 */

/** Ranges below this size are finished by insertion sort on whole strings. */
const SMALL = 16;

/**
 * Sorts `idx` in place so that `names[idx[0]] <= names[idx[1]] <= …` (code-unit order), by a
 * multikey (three-way radix) quicksort: each step partitions by one code unit at one depth, so a
 * string's characters are compared once per level instead of whole strings per comparison, and
 * no comparator callback runs (at 500k ids: ~0.3 s against ~0.6 s for a comparator sort and
 * ~0.7 s for sorting the strings and mapping them back through a hash table). Names should be
 * distinct (equal names end in an unspecified order). An explicit stack, no recursion.
 */
export function sortByString(idx: Int32Array, names: readonly string[]): Int32Array {
  const a = idx;
  // Triples (lo, hi, depth) of ranges still to sort.
  const stack: number[] = [0, a.length, 0];
  while (stack.length > 0) {
    const d = stack.pop()!, hi = stack.pop()!, lo = stack.pop()!;
    if (hi - lo < 2) continue;
    if (hi - lo < SMALL) {
      for (let i = lo + 1; i < hi; i++) {
        const x = a[i]!, sx = names[x]!;
        let j = i - 1;
        while (j >= lo && names[a[j]!]! > sx) { a[j + 1] = a[j]!; j--; }
        a[j + 1] = x;
      }
      continue;
    }
    const pivot = charAt(names[a[lo + ((hi - lo) >> 1)]!]!, d);
    let lt = lo, gt = hi - 1, i = lo;
    while (i <= gt) {
      const c = charAt(names[a[i]!]!, d);
      if (c < pivot) { const t = a[lt]!; a[lt] = a[i]!; a[i] = t; lt++; i++; }
      else if (c > pivot) { const t = a[gt]!; a[gt] = a[i]!; a[i] = t; gt--; }
      else i++;
    }
    stack.push(lo, lt, d, gt + 1, hi, d);
    // The middle range shares the code unit at depth d: go one deeper (unless the strings ended there).
    if (pivot >= 0) stack.push(lt, gt + 1, d + 1);
  }
  return a;
}

/** Code unit `d` of `s`, or −1 past its end (a prefix sorts first). */
const charAt = (s: string, d: number): number => (d < s.length ? s.charCodeAt(d) : -1);
