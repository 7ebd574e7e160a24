import { type Migration, tenantIsolationSql } from '@rapport/core/plugin';

/**
 * Quotes (commercial offers), their versions and lines, and deals' product lines.
 *
 * - `pricing_quote` is the offer as a whole: its number (allocated by `@rapport/documents`), party,
 *   optional deal, owner and currency, and `current_version`, the version people work on.
 * - `pricing_quote_version` is one revision: status, validity, terms, totals, the rendered document
 *   and the answer. A version is never changed once sent; a revision is a new row.
 * - `pricing_quote_line` holds a version's lines with the price that was used and where it came
 *   from (price list, manual price with who and why), so a quote stays reproducible when prices change;
 *   its product is a foreign key, so a quoted product is archived, never deleted.
 * - `pricing_deal_line` gives deals (of `@rapport/pipeline`, when installed) product lines. It is a
 *   link table keyed by the deal id without a foreign key: pricing does not depend on the pipeline's
 *   schema, and the pipeline may be installed after pricing.
 */
export const quotesMigration: Migration = {
  name: '0004_quotes',
  up: `
create table pricing_quote (
  tenant_id uuid not null,
  id uuid not null,
  number text not null,
  party_id uuid not null,
  deal_id uuid,
  owner_id uuid not null,
  currency char(3) not null,
  locale text not null,
  current_version int not null default 1,
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, number),
  foreign key (tenant_id, party_id) references core_party (tenant_id, id),
  foreign key (tenant_id, owner_id) references core_employee (tenant_id, id)
);
create index pricing_quote_party_idx on pricing_quote (tenant_id, party_id);
create index pricing_quote_owner_idx on pricing_quote (tenant_id, owner_id);
create index pricing_quote_deal_idx on pricing_quote (tenant_id, deal_id) where deal_id is not null;
${tenantIsolationSql('pricing_quote')}

create table pricing_quote_version (
  tenant_id uuid not null,
  quote_id uuid not null,
  version int not null,
  status text not null default 'draft'
    check (status in ('draft', 'sent', 'accepted', 'declined', 'expired', 'superseded')),
  valid_until date not null,
  terms text,
  net numeric(20, 4) not null default 0,
  tax numeric(20, 4) not null default 0,
  gross numeric(20, 4) not null default 0,
  document_id uuid,
  document_version int,
  message_id uuid,
  sent_at timestamptz,
  responded_at timestamptz,
  response_reason text,
  created_by jsonb not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, quote_id, version),
  foreign key (tenant_id, quote_id) references pricing_quote (tenant_id, id),
  check ((status = 'draft') = (sent_at is null)),
  check ((status in ('accepted', 'declined')) = (responded_at is not null))
);
-- The expiry job reads the sent versions whose validity has passed.
create index pricing_quote_version_sent_idx on pricing_quote_version (tenant_id, valid_until) where status = 'sent';
${tenantIsolationSql('pricing_quote_version')}

create table pricing_quote_line (
  tenant_id uuid not null,
  quote_id uuid not null,
  version int not null,
  position int not null,
  product_id uuid,
  sku text not null,
  name text not null,
  category_id uuid,
  quantity numeric(20, 6) not null check (quantity > 0),
  unit_price numeric(20, 6) not null check (unit_price >= 0),
  list_unit_price numeric(20, 6),
  price_list_id uuid,
  discount_percent numeric(7, 4) check (discount_percent between 0 and 100),
  discount numeric(20, 4) not null default 0 check (discount >= 0),
  tax_rate numeric(7, 4) not null default 0 check (tax_rate between 0 and 100),
  net numeric(20, 4) not null,
  tax numeric(20, 4) not null,
  gross numeric(20, 4) not null,
  manual boolean not null default false,
  manual_by uuid,
  manual_reason text,
  primary key (tenant_id, quote_id, version, position),
  foreign key (tenant_id, quote_id, version) references pricing_quote_version (tenant_id, quote_id, version),
  foreign key (tenant_id, product_id) references pricing_product (tenant_id, id),
  check (manual = (manual_reason is not null))
);
${tenantIsolationSql('pricing_quote_line')}

create table pricing_deal_line (
  tenant_id uuid not null,
  deal_id uuid not null,
  position int not null,
  product_id uuid,
  sku text not null,
  name text not null,
  quantity numeric(20, 6) not null check (quantity > 0),
  unit_price numeric(20, 6) not null check (unit_price >= 0),
  discount_percent numeric(7, 4) check (discount_percent between 0 and 100),
  discount numeric(20, 4) not null default 0 check (discount >= 0),
  net numeric(20, 4) not null,
  currency char(3) not null,
  primary key (tenant_id, deal_id, position),
  foreign key (tenant_id, product_id) references pricing_product (tenant_id, id)
);
${tenantIsolationSql('pricing_deal_line')}
`,
};
