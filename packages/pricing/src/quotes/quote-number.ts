import type { TxContext } from '@rapport/core/plugin';

/** Allocates a quote's number for a date (`YYYY-MM-DD`), inside the caller's transaction. */
export type NumberAllocator = (tx: TxContext, on: string) => Promise<string>;

/**
 * Numbers quotes `Q-<year>-<nnnnn>` per tenant without gaps when `@rapport/documents` is not installed:
 * a transaction-scoped advisory lock per tenant serialises allocations, and the next number is one more
 * than the year's highest.
 */
export const fallbackQuoteNumber: NumberAllocator = async (tx, on) => {
  const prefix = `Q-${on.slice(0, 4)}-`;
  await tx.sql(`select pg_advisory_xact_lock(hashtextextended($1, 0))`, [
    `pricing.quote-number:${tx.tenantId}`,
  ]);
  const [row] = await tx.sql<{ next: number }>(
    `select coalesce(max(substr(number, $3)::int), 0) + 1 as next from pricing_quote
     where tenant_id = $1 and number like $2 || '%' and substr(number, $3) ~ '^[0-9]+$'`,
    [tx.tenantId, prefix, prefix.length + 1],
  );
  return `${prefix}${String(row!.next).padStart(5, '0')}`;
};
