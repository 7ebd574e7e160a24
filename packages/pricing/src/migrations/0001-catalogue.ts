import { type Migration, tenantIsolationSql } from '@rapport/core/plugin';

/**
 * The catalogue: categories (a tree), products and services, and the relations people declare
 * between products.
 *
 * - SKUs are unique per tenant; names and descriptions are `{ locale: text }` with a default locale.
 * - Products referenced by prices, sale lines or quotes are archived, never deleted (the foreign keys
 *   of those tables refuse a deletion; the service says so first).
 * - Subtrees of categories are read with a recursive CTE over `parent_id`.
 */
export const catalogueMigration: Migration = {
  name: '0001_pricing_catalogue',
  up: `
create table pricing_category (
  tenant_id uuid not null references core_tenant(id),
  id uuid not null,
  code text not null,
  name text not null,
  parent_id uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, parent_id) references pricing_category (tenant_id, id),
  check (parent_id <> id)
);
create unique index pricing_category_code_idx on pricing_category (tenant_id, code);
create index pricing_category_parent_idx on pricing_category (tenant_id, parent_id);
${tenantIsolationSql('pricing_category')}

create table pricing_product (
  tenant_id uuid not null references core_tenant(id),
  id uuid not null,
  sku text not null,
  kind text not null default 'product' check (kind in ('product', 'service')),
  default_locale text not null,
  name jsonb not null,
  description jsonb not null default '{}',
  category_id uuid,
  unit text not null default 'unit',
  tax_class text not null default 'standard',
  status text not null default 'active' check (status in ('active', 'archived')),
  cost numeric(20, 6),
  cost_currency char(3),
  custom jsonb not null default '{}',
  version int not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, category_id) references pricing_category (tenant_id, id),
  check ((cost is null) = (cost_currency is null))
);
create unique index pricing_product_sku_idx on pricing_product (tenant_id, sku);
create index pricing_product_category_idx on pricing_product (tenant_id, category_id);
${tenantIsolationSql('pricing_product')}

create table pricing_product_relation (
  tenant_id uuid not null,
  id uuid not null,
  product_id uuid not null,
  kind text not null check (kind in ('accessory_of', 'alternative_to', 'successor_of', 'bundle_contains')),
  related_id uuid not null,
  quantity numeric(20, 6),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, product_id) references pricing_product (tenant_id, id),
  foreign key (tenant_id, related_id) references pricing_product (tenant_id, id),
  check (product_id <> related_id),
  check ((kind = 'bundle_contains') = (quantity is not null))
);
create unique index pricing_product_relation_key_idx on pricing_product_relation (tenant_id, product_id, kind, related_id);
create index pricing_product_relation_related_idx on pricing_product_relation (tenant_id, related_id);
${tenantIsolationSql('pricing_product_relation')}
`,
};
