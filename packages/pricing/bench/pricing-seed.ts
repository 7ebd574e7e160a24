import { beginSeed } from '@rapport/testing/bench';
import type pg from 'pg';

/** Sizes of a seeded sales history. */
export interface PricingSeedSize {
  products: number;
  customers: number;
  orders: number;
  /** Sale lines in all (≈ orders × lines per order). */
  lines: number;
}

/** What {@link seedPricingWorld} created. */
export interface PricingWorld {
  productIds: string[];
  skus: string[];
  customerIds: string[];
  defaultListId: string;
  lines: number;
}

/**
 * Seeds a tenant with set-based statements on `client` (the app role, one transaction, tenant set):
 * 20 categories, `products` products with a default EUR price list (prices with two quantity breaks),
 * a few discount rules, a standard tax rate, `customers` customers, and `orders` sale entries with
 * `lines` sale lines in all. Products are drawn with a power law (popular products co-occur), and
 * every third order also holds the "companion" of its first product, so real associations exist.
 */
export async function seedPricingWorld(
  client: pg.Client,
  tenantId: string,
  size: PricingSeedSize,
): Promise<PricingWorld> {
  const q = await beginSeed(client, tenantId, { seed: 0.42 });
  await q(
    `insert into pricing_category (tenant_id, id, code, name) select $1, core_uuidv7(), 'c' || n, 'Category ' || n
     from generate_series(1, 20) n`,
    [tenantId],
  );
  await q(
    `insert into pricing_product (tenant_id, id, sku, default_locale, name, category_id)
     select $1, core_uuidv7(), 'SKU-' || lpad(n::text, 5, '0'), 'en', jsonb_build_object('en', 'Product ' || n),
       (select id from pricing_category where tenant_id = $1 and code = 'c' || (1 + n % 20))
     from generate_series(1, $2::int) n`,
    [tenantId, size.products],
  );
  const products = await q<{ id: string; sku: string }>(
    'select id, sku from pricing_product where tenant_id = $1 order by sku',
    [tenantId],
  );
  const [list] = await q<{ id: string }>(
    `insert into pricing_price_list (tenant_id, id, name, currency, is_default) values ($1, core_uuidv7(), 'Retail', 'EUR', true) returning id`,
    [tenantId],
  );
  await q(
    `insert into pricing_price (tenant_id, id, price_list_id, product_id, min_quantity, unit_price, valid_from)
     select $1, core_uuidv7(), $2, p.id, b.min_q, round((5 + random() * 500)::numeric * b.factor, 2), date '2024-01-01'
     from pricing_product p cross join (values (1, 1.0), (10, 0.9), (100, 0.8)) b(min_q, factor) where p.tenant_id = $1`,
    [tenantId, list!.id],
  );
  await q(
    `insert into pricing_discount_rule (tenant_id, id, price_list_id, name, scope, category_id, percent, min_quantity)
     select $1, core_uuidv7(), $2, 'Category ' || c.code, 'category', c.id, 5, 5 from pricing_category c where c.tenant_id = $1`,
    [tenantId, list!.id],
  );
  await q(
    `insert into pricing_tax_rate (tenant_id, id, tax_class, rate, valid_from) values ($1, core_uuidv7(), 'standard', 19, '2020-01-01')`,
    [tenantId],
  );
  await q(
    `insert into core_party (tenant_id, id, kind, display_name, lifecycle)
     select $1, core_uuidv7(), 'organization', 'Customer ' || n, 'customer' from generate_series(1, $2::int) n`,
    [tenantId, size.customers],
  );
  const customers = await q<{ id: string }>('select id from core_party where tenant_id = $1 order by id', [
    tenantId,
  ]);
  // Orders: sale entries with a customer; lines drawn from a power law over the products.
  await q(
    `create temp table bench_order on commit drop as
     select core_uuidv7() as id, n, (array(select id from core_party where tenant_id = $1 order by id))[1 + (n % $2::int)] as party_id,
       now() - (random() * interval '700 days') as at
     from generate_series(1, $3::int) n`,
    [tenantId, size.customers, size.orders],
  );
  await q(
    `insert into core_journal_entry (tenant_id, id, type, occurred_at, actor, amount, currency, data)
     select $1, id, 'sale', at, '{"kind":"system","name":"bench"}', 0, 'EUR', '{}' from bench_order`,
    [tenantId],
  );
  await q(
    `insert into core_journal_party (tenant_id, party_id, entry_id, role, occurred_at)
     select $1, party_id, id, 'customer', at from bench_order`,
    [tenantId],
  );
  const perOrder = Math.max(1, Math.round(size.lines / size.orders));
  await q(
    `create temp table bench_product on commit drop as
     select row_number() over (order by sku) - 1 as k, id, sku from pricing_product where tenant_id = $1`,
    [tenantId],
  );
  const [{ count } = { count: '0' }] = await q<{ count: string }>(
    `with drawn as (
       select o.id as entry_id, o.party_id, o.at, l as line_no,
         case when l = 2 and o.n % 3 = 0 then (floor(power(random(), 2.5) * $2::int)::int + 1) % $2::int
              else floor(power(random(), 2.5) * $2::int)::int end as k
       from bench_order o cross join generate_series(1, $3::int) l
     ), ins as (
       insert into pricing_sale_line (tenant_id, id, entry_id, line_no, kind, party_id, product_id, sku, name, quantity,
         unit_price, net_amount, total, currency, occurred_at)
       select $1, core_uuidv7(), d.entry_id, d.line_no, 'sale', d.party_id, p.id, p.sku, p.sku, 1, 10, 10, 10, 'EUR', d.at
       from drawn d join bench_product p on p.k = d.k
       returning 1
     ) select count(*)::text as count from ins`,
    [tenantId, size.products, perOrder],
  );
  await q('commit');
  return {
    productIds: products.map((p) => p.id),
    skus: products.map((p) => p.sku),
    customerIds: customers.map((c) => c.id),
    defaultListId: list!.id,
    lines: Number(count),
  };
}
