import type { TxContext } from '@rapport/core/plugin';
import type { QuoteLine } from './quote-types.js';
import { sumAmounts } from './totals.js';

/** Writes a draft version of a quote and its lines (totals summed from the lines), returning the totals. */
export async function insertVersion(
  tx: TxContext,
  version: { quoteId: string; version: number; currency: string; validUntil: string; terms: string | null },
  lines: readonly QuoteLine[],
): Promise<{ net: string; tax: string; gross: string }> {
  const totals = sumAmounts(lines, version.currency);
  await tx.sql(
    `insert into pricing_quote_version (tenant_id, quote_id, version, status, valid_until, terms, net, tax, gross, created_by)
     values ($1, $2, $3, 'draft', $4, $5, $6, $7, $8, $9)`,
    [
      tx.tenantId,
      version.quoteId,
      version.version,
      version.validUntil,
      version.terms,
      totals.net,
      totals.tax,
      totals.gross,
      JSON.stringify(tx.actor),
    ],
  );
  await insertLines(tx, version.quoteId, version.version, lines);
  return totals;
}

/** Replaces a draft version's lines and totals. */
export async function replaceLines(
  tx: TxContext,
  version: { quoteId: string; version: number; currency: string },
  lines: readonly QuoteLine[],
): Promise<void> {
  const totals = sumAmounts(lines, version.currency);
  await tx.sql('delete from pricing_quote_line where tenant_id = $1 and quote_id = $2 and version = $3', [
    tx.tenantId,
    version.quoteId,
    version.version,
  ]);
  await insertLines(tx, version.quoteId, version.version, lines);
  await tx.sql(
    `update pricing_quote_version set net = $4, tax = $5, gross = $6
     where tenant_id = $1 and quote_id = $2 and version = $3`,
    [tx.tenantId, version.quoteId, version.version, totals.net, totals.tax, totals.gross],
  );
}

/** Inserts lines in one statement. */
async function insertLines(tx: TxContext, quoteId: string, version: number, lines: readonly QuoteLine[]) {
  const col = <K extends keyof QuoteLine>(key: K) => lines.map((l) => l[key]);
  await tx.sql(
    `insert into pricing_quote_line (tenant_id, quote_id, version, position, product_id, sku, name, category_id,
       quantity, unit_price, list_unit_price, price_list_id, discount_percent, discount, tax_rate, net, tax, gross,
       manual, manual_by, manual_reason)
     select $1, $2, $3, t.* from unnest($4::int[], $5::uuid[], $6::text[], $7::text[], $8::uuid[], $9::numeric[],
       $10::numeric[], $11::numeric[], $12::uuid[], $13::numeric[], $14::numeric[], $15::numeric[], $16::numeric[],
       $17::numeric[], $18::numeric[], $19::boolean[], $20::uuid[], $21::text[]) as t`,
    [
      tx.tenantId,
      quoteId,
      version,
      col('position'),
      col('productId'),
      col('sku'),
      col('name'),
      col('categoryId'),
      col('quantity'),
      col('unitPrice'),
      col('listUnitPrice'),
      col('priceListId'),
      col('discountPercent'),
      col('discount'),
      col('taxRate'),
      col('net'),
      col('tax'),
      col('gross'),
      col('manual'),
      col('manualBy'),
      col('manualReason'),
    ],
  );
}

/** Moves a version to another status (the caller checked the transition), stamping what it gives. */
export async function setStatus(
  tx: TxContext,
  key: { quoteId: string; version: number },
  status: string,
  set: { sentAt?: boolean; respondedAt?: boolean; reason?: string | null } = {},
): Promise<void> {
  await tx.sql(
    `update pricing_quote_version set status = $4,
       sent_at = case when $5 then clock_timestamp() else sent_at end,
       responded_at = case when $6 then clock_timestamp() else responded_at end,
       response_reason = case when $6 then $7 else response_reason end
     where tenant_id = $1 and quote_id = $2 and version = $3`,
    [
      tx.tenantId,
      key.quoteId,
      key.version,
      status,
      set.sentAt ?? false,
      set.respondedAt ?? false,
      set.reason ?? null,
    ],
  );
  await tx.sql('update pricing_quote set updated_at = clock_timestamp() where tenant_id = $1 and id = $2', [
    tx.tenantId,
    key.quoteId,
  ]);
}
