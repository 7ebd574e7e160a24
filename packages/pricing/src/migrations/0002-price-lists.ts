import { type Migration, tenantIsolationSql } from '@rapport/core/plugin';

/**
 * Price lists, their prices with quantity breaks, discount rules, assignments and tax rates.
 *
 * - Dates are calendar days; `valid_to` is exclusive (a price valid to 2026-07-01 applies through
 *   June 30), and null means open-ended.
 * - Prices and tax rates are never updated in place: a change closes the current row (`valid_to`) and
 *   inserts a new one, so resolving "as of" an earlier date reproduces earlier results; results carry
 *   row ids. A row replaced on its first day is closed on that day (`valid_to = valid_from`: it never
 *   applies, and stays as history).
 * - A list applies to everyone (`is_default`), to parties and to segments assigned to it, or to
 *   whoever a `resolvePriceLists` tap adds (loyalty tiers); the highest `priority` wins.
 * - Tax rates are per tax class and optionally per country (a country-specific rate wins), in percent.
 */
export const priceListsMigration: Migration = {
  name: '0002_pricing_price_lists',
  up: `
create table pricing_price_list (
  tenant_id uuid not null,
  id uuid not null,
  name text not null,
  currency char(3) not null,
  priority int not null default 0,
  is_default boolean not null default false,
  valid_from date,
  valid_to date,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  check (valid_to is null or valid_from is null or valid_to > valid_from)
);
create unique index pricing_price_list_name_idx on pricing_price_list (tenant_id, name);
${tenantIsolationSql('pricing_price_list')}

create table pricing_price (
  tenant_id uuid not null,
  id uuid not null,
  price_list_id uuid not null,
  product_id uuid not null,
  min_quantity numeric(20, 6) not null default 1 check (min_quantity > 0),
  unit_price numeric(20, 6) not null check (unit_price >= 0),
  valid_from date not null,
  valid_to date,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, price_list_id) references pricing_price_list (tenant_id, id),
  foreign key (tenant_id, product_id) references pricing_product (tenant_id, id),
  check (valid_to is null or valid_to >= valid_from)
);
create index pricing_price_lookup_idx on pricing_price (tenant_id, price_list_id, product_id, min_quantity, valid_from);
create index pricing_price_product_idx on pricing_price (tenant_id, product_id);
${tenantIsolationSql('pricing_price')}

create table pricing_discount_rule (
  tenant_id uuid not null,
  id uuid not null,
  price_list_id uuid not null,
  name text not null,
  scope text not null check (scope in ('product', 'category', 'list')),
  product_id uuid,
  category_id uuid,
  min_quantity numeric(20, 6) not null default 1 check (min_quantity > 0),
  percent numeric(9, 4) check (percent > 0 and percent <= 100),
  amount numeric(20, 6) check (amount > 0),
  priority int not null default 0,
  valid_from date,
  valid_to date,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, price_list_id) references pricing_price_list (tenant_id, id),
  foreign key (tenant_id, product_id) references pricing_product (tenant_id, id),
  foreign key (tenant_id, category_id) references pricing_category (tenant_id, id),
  check ((percent is null) <> (amount is null)),
  check ((scope = 'product') = (product_id is not null)),
  check ((scope = 'category') = (category_id is not null)),
  check (valid_to is null or valid_from is null or valid_to > valid_from)
);
create index pricing_discount_rule_list_idx on pricing_discount_rule (tenant_id, price_list_id);
${tenantIsolationSql('pricing_discount_rule')}

create table pricing_price_list_assignment (
  tenant_id uuid not null,
  id uuid not null,
  price_list_id uuid not null,
  party_id uuid,
  segment_id uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, price_list_id) references pricing_price_list (tenant_id, id),
  foreign key (tenant_id, party_id) references core_party (tenant_id, id),
  foreign key (tenant_id, segment_id) references core_segment (tenant_id, id),
  check ((party_id is null) <> (segment_id is null))
);
create unique index pricing_price_list_assignment_party_idx on pricing_price_list_assignment (tenant_id, party_id, price_list_id);
create unique index pricing_price_list_assignment_segment_idx on pricing_price_list_assignment (tenant_id, segment_id, price_list_id);
create index pricing_price_list_assignment_list_idx on pricing_price_list_assignment (tenant_id, price_list_id);
${tenantIsolationSql('pricing_price_list_assignment')}

create table pricing_tax_rate (
  tenant_id uuid not null,
  id uuid not null,
  tax_class text not null,
  country char(2),
  rate numeric(9, 4) not null check (rate >= 0 and rate <= 100),
  valid_from date not null,
  valid_to date,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  check (valid_to is null or valid_to >= valid_from)
);
create index pricing_tax_rate_class_idx on pricing_tax_rate (tenant_id, tax_class, valid_from);
${tenantIsolationSql('pricing_tax_rate')}
`,
};
