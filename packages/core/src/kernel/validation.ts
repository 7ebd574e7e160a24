import { z } from 'zod';
import { type FieldIssue, InvalidDataError } from './errors.js';
import { unsafeTextIssues } from './unsafe-text.js';

/**
 * Parses `input` with `schema`, throwing an {@link InvalidDataError} that lists every offending field.
 * Text no column can store (NUL characters, lone UTF-16 surrogates) is refused first, at any depth.
 *
 * @example
 * const input = parse(TenantInput, raw, 'tenant');
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const unsafe = unsafeTextIssues(input);
  if (unsafe.length > 0) throw new InvalidDataError(what, unsafe);
  const result = schema.safeParse(input);
  if (!result.success) throw InvalidDataError.fromZod(what, result.error);
  return result.data;
}

/**
 * Refuses text no column can store (NUL characters, lone UTF-16 surrogates) anywhere in `input`, as an
 * {@link InvalidDataError} naming each field (under `prefix`): for boundaries that run their schema
 * with `safeParse` themselves.
 */
export function assertSafeText(input: unknown, what: string, prefix: readonly PropertyKey[] = []): void {
  const unsafe = unsafeTextIssues(input);
  if (unsafe.length === 0) return;
  const head = prefix.map(String);
  throw new InvalidDataError(
    what,
    unsafe.map((issue) => ({ ...issue, path: [...head, ...(issue.path ? [issue.path] : [])].join('.') })),
  );
}

const Uuid = z.uuid();

/**
 * Checks that every named value is a UUID (the ids every public method takes), refusing the others
 * with an {@link InvalidDataError} naming each field, before anything reaches the database.
 *
 * @example
 * requireIds('party', { id });
 */
export function requireIds(
  what: string,
  ids: Record<string, string | readonly string[] | null | undefined>,
): void {
  const issues: FieldIssue[] = [];
  for (const [field, value] of Object.entries(ids)) {
    if (value === null || value === undefined) continue;
    const list = typeof value === 'string' ? [value] : value;
    list.forEach((id, i) => {
      if (!Uuid.safeParse(id).success) {
        issues.push({
          path: typeof value === 'string' ? field : `${field}.${i}`,
          message: 'must be a UUID',
          code: 'invalid_format',
        });
      }
    });
  }
  if (issues.length > 0) throw new InvalidDataError(what, issues);
}

/**
 * Refuses a call that asks for more than a configured limit (`createCrm({ limits })`) with an
 * {@link InvalidDataError} on `field` that says the limit and what to do instead.
 */
export function requireAtMost(
  what: string,
  field: string,
  count: number,
  max: number,
  instead: string,
): void {
  if (count <= max) return;
  throw new InvalidDataError(what, [
    {
      path: field,
      message: `has ${count} items; at most ${max} are allowed per call (${instead})`,
      code: 'too_big',
    },
  ]);
}
