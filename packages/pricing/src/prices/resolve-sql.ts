/**
 * The context of a resolution in one row (`$1` tenant, `$2` currency, `$3` day, `$4` party or null;
 * `visible` is the actor's visibility predicate over `core_party p`, its parameters from `$5`):
 * `party` — null when there is no such party — with whether the actor may see it and its primary
 * address's country; `lists` — the active lists of the currency valid on the day that are default,
 * assigned to the party, or assigned to a segment (whose membership the service then checks in one
 * statement), one element per list and reason.
 */
export function resolveContextSql(visible: string): string {
  return `
select
  (select jsonb_build_object('visible', (${visible}) is true, 'country', (
      select upper(cp.details->>'country') from core_contact_point cp
      where cp.tenant_id = $1 and cp.party_id = p.id and cp.kind = 'address' and cp.is_primary and cp.removed_at is null
      limit 1))
   from core_party p where p.tenant_id = $1 and p.id = $4::uuid) as party,
  coalesce((
    select jsonb_agg(jsonb_build_object('id', l.id, 'priority', l.priority, 'isDefault', l.is_default,
      'partyId', a.party_id, 'segmentId', a.segment_id, 'filter', s.filter))
    from pricing_price_list l
    left join pricing_price_list_assignment a on a.tenant_id = l.tenant_id and a.price_list_id = l.id
      and (a.party_id = $4::uuid or a.segment_id is not null)
    left join core_segment s on s.tenant_id = a.tenant_id and s.id = a.segment_id
    where l.tenant_id = $1 and l.currency = $2 and l.archived_at is null
      and (l.valid_from is null or l.valid_from <= $3::date) and (l.valid_to is null or l.valid_to > $3::date)
      and (l.is_default or a.party_id is not null or ($4::uuid is not null and a.segment_id is not null))
  ), '[]'::jsonb) as lists`;
}

/**
 * Per item (`$2` jsonb `[{n, sku, quantity}]`) in one statement: the product, the best price among
 * the lists (`$3` jsonb `[{id, source, priority}]`) on day `$4` — highest list priority, then the
 * highest quantity break not above the quantity, then the latest start — the discount rules of that
 * list that apply (product, category or an ancestor of it, or the whole list; from their quantity),
 * and the tax rate of the product's class for country `$5` (a country's own rate before the general one).
 */
export const RESOLVE_ITEMS_SQL = `
with items as (select * from jsonb_to_recordset($2::jsonb) as i(n int, sku text, quantity numeric)),
lists as materialized (select * from jsonb_to_recordset($3::jsonb) as l(id uuid, source text, priority int))
select i.n, p.id as "productId", p.tax_class as "taxClass",
  pr.id as "priceId", pr.price_list_id as "priceListId", pr.source, trim_scale(pr.unit_price)::text as "unitPrice",
  trim_scale(pr.min_quantity)::text as "minQuantity",
  t.id as "taxRateId", trim_scale(t.rate)::text as "taxRate",
  coalesce(d.rules, '[]') as rules
from items i
left join pricing_product p on p.tenant_id = $1 and p.sku = i.sku
left join lateral (
  select pp.id, pp.price_list_id, pp.unit_price, pp.min_quantity, l.source
  from pricing_price pp join lists l on l.id = pp.price_list_id
  where pp.tenant_id = $1 and pp.product_id = p.id and pp.min_quantity <= i.quantity
    and pp.valid_from <= $4::date and (pp.valid_to is null or pp.valid_to > $4::date)
  order by l.priority desc, pp.min_quantity desc, pp.valid_from desc, pp.id desc
  limit 1
) pr on true
left join lateral (
  select jsonb_agg(jsonb_build_object('ruleId', r.id, 'name', r.name, 'scope', r.scope,
      'percent', trim_scale(r.percent)::text, 'amountPerUnit', trim_scale(r.amount)::text)
    order by r.priority desc, case r.scope when 'product' then 0 when 'category' then 1 else 2 end, r.id) as rules
  from pricing_discount_rule r
  where r.tenant_id = $1 and r.price_list_id = pr.price_list_id and r.min_quantity <= i.quantity
    and (r.valid_from is null or r.valid_from <= $4::date) and (r.valid_to is null or r.valid_to > $4::date)
    and (r.scope = 'list' or r.product_id = p.id or (r.scope = 'category' and r.category_id in (
      with recursive up(id, parent_id) as (
        select c.id, c.parent_id from pricing_category c where c.tenant_id = $1 and c.id = p.category_id
        union all
        select c.id, c.parent_id from pricing_category c join up on c.id = up.parent_id where c.tenant_id = $1
      ) select id from up)))
) d on true
left join lateral (
  select tr.id, tr.rate from pricing_tax_rate tr
  where tr.tenant_id = $1 and tr.tax_class = p.tax_class and (tr.country = $5 or tr.country is null)
    and tr.valid_from <= $4::date and (tr.valid_to is null or tr.valid_to > $4::date)
  order by tr.country nulls last, tr.valid_from desc
  limit 1
) t on true
order by i.n`;
