/**
 * Cross-sell candidates (`$1` tenant, `$2` basis products, `$3` products to leave out, `$4` limit):
 * consequents of the rules of the basis products, accessories of them, and the other contents of
 * bundles that contain them — active products only, ranked: declared relations first, then by the
 * best rule's lift and confidence.
 */
export const CROSS_SELL_SQL = `
with reasons as materialized (
  select r.consequent_id as product_id, r.antecedent_id as from_id, null::uuid as bundle_id, 'rule' as kind, 1 as tier,
    r.lift, r.confidence, r.support
  from pricing_association_rule r where r.tenant_id = $1 and r.antecedent_id = any($2::uuid[])
  union all
  select x.product_id, x.related_id, null, 'accessory_of', 0, null, null, null
  from pricing_product_relation x where x.tenant_id = $1 and x.kind = 'accessory_of' and x.related_id = any($2::uuid[])
  union all
  select o.related_id, b.related_id, b.product_id, 'bundle_contains', 0, null, null, null
  from pricing_product_relation b
  join pricing_product_relation o on o.tenant_id = b.tenant_id and o.product_id = b.product_id
    and o.kind = 'bundle_contains' and o.related_id <> b.related_id
  where b.tenant_id = $1 and b.kind = 'bundle_contains' and b.related_id = any($2::uuid[])
),
top as (
  select r.product_id, min(r.tier) as tier, max(r.lift) as lift, max(r.confidence) as confidence
  from reasons r where r.product_id <> all($3::uuid[]) group by r.product_id
)
select p.id as "productId", p.sku, p.name->>p.default_locale as name,
  (select jsonb_agg(case when x.kind = 'rule' then jsonb_build_object('kind', 'rule', 'fromProductId', x.from_id,
       'support', trim_scale(x.support)::text, 'confidence', trim_scale(x.confidence)::text, 'lift', trim_scale(x.lift)::text)
     when x.kind = 'bundle_contains' then jsonb_build_object('kind', x.kind, 'fromProductId', x.from_id, 'bundleId', x.bundle_id)
     else jsonb_build_object('kind', x.kind, 'fromProductId', x.from_id) end
   order by x.tier, x.lift desc nulls last, x.confidence desc nulls last, x.from_id)
   from reasons x where x.product_id = t.product_id) as reasons
from top t join pricing_product p on p.tenant_id = $1 and p.id = t.product_id and p.status = 'active'
order by t.tier, t.lift desc nulls last, t.confidence desc nulls last, p.sku
limit $4`;

/**
 * The catalogue products a party bought (current sales), most recently bought first: all of them are
 * left out of cross-sell suggestions.
 */
export const PARTY_PRODUCTS_SQL = `
select product_id as id from pricing_sale_line
where tenant_id = $1 and party_id = $2 and kind = 'sale' and product_id is not null
group by product_id order by max(occurred_at) desc, product_id`;

/**
 * The party (`$1` tenant, `$2` party) in one row — none when there is no such party — with whether
 * the actor may see it (`visible`, the visibility predicate over `core_party p`, its parameters from
 * `$3`) and the products it bought in the order of {@link PARTY_PRODUCTS_SQL}.
 */
export function partyBasisSql(visible: string): string {
  return `
select (${visible}) is true as visible, coalesce((
    select array_agg(x.id::text order by x.last desc, x.id) from (
      select product_id as id, max(occurred_at) as last from pricing_sale_line
      where tenant_id = $1 and party_id = p.id and kind = 'sale' and product_id is not null
      group by product_id) x
  ), '{}') as products
from core_party p where p.tenant_id = $1 and p.id = $2::uuid`;
}
