/**
 * Recomputes a tenant's association rules in one statement pair (inside one transaction, so readers
 * see the old rules until it commits). Orders are the current sale entries (`kind = 'sale'`) with
 * catalogue products, since `$2` (or all history when null); a basket is an order's distinct
 * products. Pairs are counted once (a < b) and mirrored, over products that alone reach the minimum
 * support (`$3`, a share of orders); rules below the minimum confidence (`$4`) or lift (`$5`) are
 * dropped, and at most `$6` are kept per antecedent (by lift, then confidence).
 */
export const COMPUTE_RULES_SQL = `
with baskets as (
  select distinct entry_id, product_id from pricing_sale_line
  where tenant_id = $1 and kind = 'sale' and product_id is not null and ($2::timestamptz is null or occurred_at >= $2)
),
total as (select count(distinct entry_id)::numeric as n from baskets),
frequent as (
  select b.product_id, count(*) as orders from baskets b
  group by b.product_id having count(*) >= $3 * (select n from total)
),
kept as (select b.entry_id, b.product_id from baskets b join frequent f using (product_id)),
pairs as (
  select x.product_id as a, y.product_id as b, count(*) as orders
  from kept x join kept y on y.entry_id = x.entry_id and y.product_id > x.product_id
  group by 1, 2 having count(*) >= $3 * (select n from total)
),
directed as (
  select a as antecedent, b as consequent, orders from pairs
  union all
  select b, a, orders from pairs
),
scored as (
  select d.antecedent, d.consequent, d.orders as pair_orders, fa.orders as antecedent_orders,
    fc.orders as consequent_orders, t.n as orders,
    d.orders / t.n as support, d.orders::numeric / fa.orders as confidence,
    (d.orders::numeric / fa.orders) / (fc.orders / t.n) as lift
  from directed d
  join frequent fa on fa.product_id = d.antecedent
  join frequent fc on fc.product_id = d.consequent
  cross join total t
),
ranked as (
  select s.*, row_number() over (partition by antecedent order by lift desc, confidence desc, consequent) as rank
  from scored s where confidence >= $4 and lift >= $5
)
insert into pricing_association_rule (tenant_id, antecedent_id, consequent_id, pair_orders, antecedent_orders,
  consequent_orders, orders, support, confidence, lift, computed_at)
select $1, antecedent, consequent, pair_orders, antecedent_orders, consequent_orders, orders,
  round(support, 10), round(confidence, 10), round(lift, 10), now()
from ranked where rank <= $6`;
