import { type Migration, tenantIsolationSql } from '@rapport/core/plugin';

/**
 * The purchase history: one row per line of every current `sale` / `refund` journal entry, written
 * set-based in the same transaction as the entries (and kept right on amend, void and party merge).
 *
 * - Amounts are as on the entry's line, positive; `kind` tells refunds from sales (analyses subtract them).
 * - `net_amount` is the line after discount, before tax; `total` is with tax (the line's total).
 * - `product_id` is null when the line's SKU is not in the catalogue (the SKU is kept).
 * - `employee_id` is the entry's employee (who sold), `owner_id` the customer's owner when it was recorded.
 */
export const saleLinesMigration: Migration = {
  name: '0003_pricing_sale_lines',
  up: `
create table pricing_sale_line (
  tenant_id uuid not null,
  id uuid not null,
  entry_id uuid not null,
  line_no int not null,
  kind text not null check (kind in ('sale', 'refund')),
  party_id uuid,
  product_id uuid,
  sku text,
  name text not null,
  quantity numeric(22, 6) not null,
  unit_price numeric(22, 6),
  discount numeric(22, 6) not null default 0,
  net_amount numeric(22, 6) not null,
  tax_amount numeric(22, 6) not null default 0,
  total numeric(22, 6) not null,
  currency char(3) not null,
  occurred_at timestamptz not null,
  employee_id uuid,
  owner_id uuid,
  primary key (tenant_id, id),
  unique (tenant_id, entry_id, line_no),
  foreign key (tenant_id, entry_id) references core_journal_entry (tenant_id, id),
  foreign key (tenant_id, party_id) references core_party (tenant_id, id),
  foreign key (tenant_id, product_id) references pricing_product (tenant_id, id),
  foreign key (tenant_id, employee_id) references core_employee (tenant_id, id),
  foreign key (tenant_id, owner_id) references core_employee (tenant_id, id)
);
create index pricing_sale_line_product_idx on pricing_sale_line (tenant_id, product_id);
create index pricing_sale_line_party_idx on pricing_sale_line (tenant_id, party_id);
create index pricing_sale_line_occurred_idx on pricing_sale_line (tenant_id, occurred_at);
${tenantIsolationSql('pricing_sale_line')}
`,
};
