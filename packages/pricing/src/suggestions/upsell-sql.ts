/**
 * Upsell candidates in one statement (`$1` tenant, `$2` party or null, `$3` basket product ids or
 * null, `$4` the lists that apply `[{id, priority}]`, `$5` day, `$6` look-back in months or null,
 * `$7` how many to return):
 *
 * - the basis: every product the party bought (current sales, one pass over its sale lines by the
 *   party index) in the last `$6` months before `$5`, or the basket's products;
 * - left out: everything the party ever bought, the basis, archived products, products without a
 *   price in the lists on the day;
 * - tier 0 successors and tier 1 declared alternatives of a basis product, then tier 2 products of
 *   the same category whose unit price (quantity 1, best list by priority) is above the basis
 *   product's, by the smallest step up;
 * - one row per candidate (its best tier and smallest step), best first.
 *
 * Prices here are list unit prices before discounts: the service resolves the returned rows exactly
 * (discounts included) and orders them by that.
 */
export const UPSELL_SQL = `
with lists as materialized (select * from jsonb_to_recordset($4::jsonb) as l(id uuid, priority int)),
bought as materialized (
  select s.product_id as id, max(s.occurred_at) as last from pricing_sale_line s
  where s.tenant_id = $1 and s.party_id = $2::uuid and s.kind = 'sale' and s.product_id is not null
  group by s.product_id
),
basis as materialized (
  select p.id, p.category_id from pricing_product p
  where p.tenant_id = $1 and (p.id = any($3::uuid[]) or p.id in (
    select b.id from bought b where $6::int is null or b.last >= $5::date - make_interval(months => $6::int)))
),
owned as materialized (select id from bought union select id from basis),
related as (
  select x.product_id as id, b.id as from_id, 0 as tier, 'successor_of' as kind
  from basis b join pricing_product_relation x on x.tenant_id = $1 and x.related_id = b.id and x.kind = 'successor_of'
  union all
  select case when x.related_id = b.id then x.product_id else x.related_id end, b.id, 1, 'alternative_to'
  from basis b join pricing_product_relation x on x.tenant_id = $1 and x.kind = 'alternative_to'
    and b.id in (x.product_id, x.related_id)
),
peers as materialized (
  select p.id, p.category_id from pricing_product p
  where p.tenant_id = $1 and p.status = 'active' and p.category_id in (select b.category_id from basis b)
    and p.id not in (select o.id from owned o)
),
prices as materialized (
  select distinct on (pp.product_id) pp.product_id as id, pp.unit_price
  from pricing_price pp join lists l on l.id = pp.price_list_id
  where pp.tenant_id = $1 and pp.min_quantity <= 1
    and pp.product_id in (select id from basis union select id from peers union select id from related)
    and pp.valid_from <= $5::date and (pp.valid_to is null or pp.valid_to > $5::date)
  order by pp.product_id, l.priority desc, pp.min_quantity desc, pp.valid_from desc, pp.id desc
),
candidates as (
  select r.id, r.from_id, r.tier, r.kind, null::uuid as category_id, tp.unit_price - fp.unit_price as step
  from related r join prices tp on tp.id = r.id left join prices fp on fp.id = r.from_id
  union all
  select c.id, b.id, 2, 'same_category', b.category_id, tp.unit_price - fp.unit_price
  from basis b join prices fp on fp.id = b.id
  join peers c on c.category_id = b.category_id
  join prices tp on tp.id = c.id and tp.unit_price > fp.unit_price
),
best as (
  select distinct on (c.id) c.* from candidates c
  where c.id not in (select o.id from owned o)
  order by c.id, c.tier, c.step nulls last, c.from_id
)
select b.id as "productId", b.from_id as "fromProductId", b.tier, b.kind, b.category_id as "categoryId",
  p.sku, p.name->>p.default_locale as name, f.sku as "fromSku"
from best b
join pricing_product p on p.tenant_id = $1 and p.id = b.id and p.status = 'active'
join pricing_product f on f.tenant_id = $1 and f.id = b.from_id
order by b.tier, b.step nulls last, p.sku
limit $7`;
