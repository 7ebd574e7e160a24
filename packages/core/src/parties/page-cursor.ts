import { z } from 'zod';
import { InvalidDataError } from '../kernel/errors.js';

/** The orders a party list can be paged in; each is a keyset ending in the id, so it is total. */
export const PartyOrder = z.enum(['id', 'displayName']);
/** The order of a party list: `id` (creation order, UUIDv7) or `displayName` (case-insensitive). */
export type PartyOrder = z.infer<typeof PartyOrder>;

/** Options of a page of parties. */
export const PageOptionsSchema = z.strictObject({
  /** Items per page, 1–1000 (default 50). */
  limit: z.int().min(1).max(1000).default(50),
  /** The `nextCursor` of the previous page; omit for the first page. */
  after: z.string().max(2000).nullish(),
  orderBy: PartyOrder.default('id'),
  direction: z.enum(['asc', 'desc']).default('asc'),
});
/** Options of a page of parties. */
export type PageOptions = z.input<typeof PageOptionsSchema>;
/** Options of a page of parties, with defaults applied. */
export type ParsedPageOptions = z.output<typeof PageOptionsSchema>;

/** The keyset of a row: the sort values that place it, ending in its id. */
export type Keyset = [id: string] | [sortName: string, id: string];

const CursorSchema = z.union([
  z.tuple([z.literal(1), z.literal('id'), z.enum(['asc', 'desc']), z.uuid()]),
  z.tuple([z.literal(1), z.literal('displayName'), z.enum(['asc', 'desc']), z.string(), z.uuid()]),
]);

/** An opaque cursor for the position after `keyset` in the given order. */
export function encodeCursor(options: ParsedPageOptions, keyset: Keyset): string {
  return Buffer.from(JSON.stringify([1, options.orderBy, options.direction, ...keyset])).toString(
    'base64url',
  );
}

/** The keyset a cursor points after; a cursor that is malformed or of another order is invalid data. */
export function decodeCursor(options: ParsedPageOptions, cursor: string): Keyset {
  const invalid = (message: string) =>
    new InvalidDataError('page', [{ path: 'after', message, code: 'invalid_cursor' }]);
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('is not a cursor returned by this list');
  }
  const parsed = CursorSchema.safeParse(raw);
  if (!parsed.success) throw invalid('is not a cursor returned by this list');
  const [, orderBy, direction, ...keyset] = parsed.data;
  if (orderBy !== options.orderBy || direction !== options.direction)
    throw invalid(`was made for order ${orderBy} ${direction}, not ${options.orderBy} ${options.direction}`);
  return keyset as Keyset;
}
