/**
 * Set-based projection of journal entries into `pricing_sale_line`, shared by the tap (the entries of
 * one `record`/`recordMany` call) and the backfill (every current entry of the tenant).
 *
 * Per line: `net_amount` is quantity × unit price less the discount, rounded to the currency's minor
 * unit (or to the total's own precision when wider) as core's `checkLines` does; `tax_amount` is the
 * rest of the line's total. A line given only by its total splits its tax out the same way. Lines
 * whose product id or SKU is not in the catalogue keep their SKU with a null `product_id`.
 */
const MINOR_UNITS = `case e.currency when 'JPY' then 0 when 'KRW' then 0 when 'VND' then 0 when 'CLP' then 0
  when 'ISK' then 0 when 'UGX' then 0 when 'XAF' then 0 when 'XOF' then 0 when 'PYG' then 0
  when 'KWD' then 3 when 'BHD' then 3 when 'OMR' then 3 when 'JOD' then 3 when 'TND' then 3 when 'LYD' then 3
  when 'IQD' then 3 else 2 end`;

/** Selects the lines of the entries matched by `where` (over `core_journal_entry e`; `$1` is the tenant). */
function linesSelect(where: string): string {
  return `
select e.tenant_id, core_uuidv7(), e.id, l.n::int, e.type, c.party_id, pr.id,
  l.item->>'sku', coalesce(l.item->>'name', l.item->>'sku', ''),
  v.quantity, v.unit_price, coalesce(v.gross - v.net, 0), v.net, v.total - v.net, v.total,
  e.currency, e.occurred_at, e.employee_id, pa.owner_id
from core_journal_entry e
cross join lateral jsonb_array_elements(e.data->'items') with ordinality as l(item, n)
cross join lateral (select ${MINOR_UNITS} as minor) m
cross join lateral (
  select (l.item->>'quantity')::numeric as quantity, (l.item->>'unitPrice')::numeric as unit_price,
    (l.item->>'total')::numeric as total,
    greatest(m.minor, scale((l.item->>'total')::numeric)) as digits
) b
cross join lateral (
  select b.quantity, b.unit_price, b.total,
    round(b.quantity * b.unit_price, b.digits) as gross,
    case
      when b.unit_price is null and l.item->'tax'->>'amount' is not null
        then b.total - (l.item->'tax'->>'amount')::numeric
      when b.unit_price is null and l.item->'tax'->>'rate' is not null
        then round(b.total / (1 + (l.item->'tax'->>'rate')::numeric / 100), b.digits)
      when b.unit_price is null then b.total
      when l.item->'discount'->>'percent' is not null
        then round(b.quantity * b.unit_price * (1 - (l.item->'discount'->>'percent')::numeric / 100), b.digits)
      when l.item->'discount'->>'amount' is not null
        then round(b.quantity * b.unit_price, b.digits) - (l.item->'discount'->>'amount')::numeric
      else round(b.quantity * b.unit_price, b.digits)
    end as net
) v
left join lateral (
  select jp.party_id from core_journal_party jp
  where jp.tenant_id = e.tenant_id and jp.entry_id = e.id
  order by (jp.role = 'customer') desc, jp.party_id limit 1
) c on true
left join core_party pa on pa.tenant_id = e.tenant_id and pa.id = c.party_id
left join pricing_product pr on pr.tenant_id = e.tenant_id
  and case when l.item ? 'productId' then pr.id::text = l.item->>'productId' else pr.sku = l.item->>'sku' end
where e.tenant_id = $1 and e.type in ('sale', 'refund') and e.superseded_by is null
  and e.correction is distinct from 'void' and e.currency is not null and jsonb_typeof(e.data->'items') = 'array'
  and ${where}`;
}

const COLUMNS = `(tenant_id, id, entry_id, line_no, kind, party_id, product_id, sku, name, quantity, unit_price,
  discount, net_amount, tax_amount, total, currency, occurred_at, employee_id, owner_id)`;

/** Projects the entries `$2::uuid[]` (those that are current sales or refunds with lines). */
export const PROJECT_ENTRIES_SQL = `insert into pricing_sale_line ${COLUMNS}
${linesSelect('e.id = any($2::uuid[])')}
on conflict (tenant_id, entry_id, line_no) do nothing`;

/** Drops the lines of entries `$2::uuid[]` (amended or voided: no longer current). */
export const DROP_ENTRIES_SQL =
  'delete from pricing_sale_line where tenant_id = $1 and entry_id = any($2::uuid[])';

/** Projects every current sale or refund of the tenant not projected yet (the backfill); idempotent. */
export const BACKFILL_SQL = `insert into pricing_sale_line ${COLUMNS}
${linesSelect(`not exists (select 1 from pricing_sale_line s where s.tenant_id = e.tenant_id and s.entry_id = e.id)`)}
on conflict (tenant_id, entry_id, line_no) do nothing`;
