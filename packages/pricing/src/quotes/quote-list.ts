import { InvalidDataError, type TxContext, z } from '@rapport/core/plugin';
import type { ParsedQuoteList } from './quote-input.js';
import { quoteVisibility, readQuotes } from './quote-reader.js';
import type { Quote } from './quote-types.js';

/** A page of quotes; pass `nextCursor` as `cursor` for the next one (null on the last page). */
export interface QuotePage {
  items: Quote[];
  nextCursor: string | null;
}

/** The position a cursor holds: the last quote's creation time (exact, as text) and id. */
const CursorSchema = z.tuple([z.literal('quote'), z.iso.datetime({ offset: true }), z.uuid()]);

/**
 * One page of the quotes the actor may see, filtered by party, deal or owner, newest first: by
 * creation time, then id (quotes created in one transaction share the time), read after the
 * cursor's position by the `(tenant_id, created_at desc, id desc)` index — stable while quotes are added.
 */
export async function listQuotes(tx: TxContext, query: ParsedQuoteList): Promise<QuotePage> {
  const params: unknown[] = [tx.tenantId];
  const where = [`q.tenant_id = $1`, await quoteVisibility(tx, params)];
  for (const [column, value] of [
    ['party_id', query.partyId],
    ['deal_id', query.dealId],
    ['owner_id', query.ownerId],
  ] as const)
    if (value !== undefined) {
      params.push(value);
      where.push(`q.${column} = $${params.length}`);
    }
  if (query.cursor !== undefined) {
    const [, createdAt, id] = decodeCursor(query.cursor);
    params.push(createdAt, id);
    where.push(`(q.created_at, q.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
  }
  params.push(query.limit + 1);
  const rows = await tx.sql<{ id: string; at: string }>(
    `select q.id, to_char(q.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
     from pricing_quote q where ${where.join(' and ')}
     order by q.created_at desc, q.id desc limit $${params.length}`,
    params,
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  const more = rows.length > query.limit && last !== undefined;
  return {
    items: await readQuotes(
      tx,
      page.map((r) => r.id),
    ),
    nextCursor: more ? Buffer.from(JSON.stringify(['quote', last.at, last.id])).toString('base64url') : null,
  };
}

function decodeCursor(cursor: string): z.infer<typeof CursorSchema> {
  try {
    const parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success) return parsed.data;
  } catch {
    // not JSON: reported below
  }
  throw new InvalidDataError('quote list', [
    { path: 'cursor', message: 'is not a cursor returned by quotes.list', code: 'invalid_cursor' },
  ]);
}
