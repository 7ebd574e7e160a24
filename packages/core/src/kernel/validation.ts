import type { z } from 'zod';
import { InvalidDataError } from './errors.js';

/**
 * Parses `input` with `schema`, throwing an {@link InvalidDataError} that lists every offending field.
 *
 * @example
 * const input = parse(TenantInput, raw, 'tenant');
 */
export function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw InvalidDataError.fromZod(what, result.error);
  return result.data;
}
