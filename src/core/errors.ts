import type { z } from 'zod';

/**
 * Stable error codes. Callers switch on `code`, never on the message text.
 * New codes may be added; existing ones keep their meaning.
 */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_OPTION'
  | 'INVALID_IDENTIFIER'
  | 'INVALID_MODEL'
  | 'DIMENSION_MISMATCH'
  | 'EMPTY_INPUT'
  | 'NOT_CONVERGED'
  | 'PRIVACY_FLOOR'
  | 'INTERNAL';

/** One problem found in an input, with the path to it (`['rows', 3, 'age']`). */
export interface ErrorIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * The one error class of audience-kit. `code` is stable, `message` says what was wrong and where
 * (field path, row index) and never contains raw personal data (see {@link maskValue}); `issues`
 * lists every problem when validation found several.
 *
 * @example
 * try { fitSomething([]) } catch (e) {
 *   if (e instanceof AudienceKitError && e.code === 'EMPTY_INPUT') { ... }
 * }
 */
export class AudienceKitError extends Error {
  override readonly name = 'AudienceKitError';
  readonly code: ErrorCode;
  readonly issues: readonly ErrorIssue[];
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options: { issues?: readonly ErrorIssue[]; details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.issues = options.issues ?? [];
    this.details = options.details;
  }
}

/** `a.b[3].c` from a path array. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * Turns a zod error into an {@link AudienceKitError} whose message names each field path.
 * Zod's own messages describe types and ranges, not values, so no input value is echoed.
 *
 * @param where - what was being validated (`'simulateWorld options'`), put first in the message.
 */
export function fromZodError(error: z.ZodError, where: string, code: ErrorCode = 'INVALID_INPUT'): AudienceKitError {
  const issues: ErrorIssue[] = error.issues.map((i) => ({
    path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
    message: i.message,
  }));
  const shown = issues.slice(0, 5).map((i) => `${formatPath(i.path)}: ${i.message}`);
  const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
  return new AudienceKitError(code, `Invalid ${where}: ${shown.join('; ')}${more}`, { issues, cause: error });
}

/**
 * Validates `input` with a zod schema at a public boundary and returns the parsed value, or throws
 * an {@link AudienceKitError} naming every failing field path.
 *
 * @throws AudienceKitError `INVALID_INPUT` (or the given code)
 * @example
 * const opts = parseWith(OptionsSchema, userOptions, 'simulateWorld options', 'INVALID_OPTION');
 */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  where: string,
  code: ErrorCode = 'INVALID_INPUT',
): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw fromZodError(result.error, where, code);
  return result.data;
}

/**
 * Masks a value that may be personal data for use in an error message: keeps the first and last
 * character and the length (`'13800138000'` → `'1*********0 (11 chars)'`).
 */
export function maskValue(value: unknown): string {
  const s = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : typeof value;
  if (typeof value !== 'string' && typeof value !== 'number') return `<${s}>`;
  if (s.length <= 2) return `${'*'.repeat(s.length)} (${s.length} chars)`;
  return `${s[0] ?? ''}${'*'.repeat(s.length - 2)}${s[s.length - 1] ?? ''} (${s.length} chars)`;
}
