import type { Migration } from '@rapport/core/plugin';

/** `quotes.list` pages newest first by creation time then id: an index in that order per tenant. */
export const quoteOrderMigration: Migration = {
  name: '0006_pricing_quote_order',
  up: `create index pricing_quote_created_idx on pricing_quote (tenant_id, created_at desc, id desc);`,
};
