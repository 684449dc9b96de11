/**
 * Reads a row's field for the segment functions: own properties, and inherited ones except those
 * every object inherits from `Object.prototype` (`constructor`, `toString`, `__proto__`, …), so a
 * rule or an insight on a field named like one of those sees it as absent unless the row has it
 * (rows are plain data; a class instance's getters on its own prototype still count). Internal.
 */
export function fieldReader(field: string): (row: Readonly<Record<string, unknown>>) => unknown {
  if (!(field in Object.prototype)) return (row) => row[field];
  return (row) => (Object.hasOwn(row, field) ? row[field] : undefined);
}

/** Whether a row has `field` in the sense of {@link fieldReader} (its value may be `undefined` or `null`). */
export function hasField(row: object, field: string): boolean {
  return Object.hasOwn(row, field) || (!(field in Object.prototype) && field in row);
}
