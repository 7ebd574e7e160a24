/** Recurring revenue of a row `c`, normalised to a month (exact numeric; summed, then rounded to 4 places). */
export const MRR_SQL = `case c.period when 'month' then c.amount when 'quarter' then c.amount / 3 when 'year' then c.amount / 12 end`;

/** Recurring revenue of a row `c` over a year (exact: 12×, 4× or 1×). */
export const ARR_SQL = `case c.period when 'month' then c.amount * 12 when 'quarter' then c.amount * 4 when 'year' then c.amount end`;

/** SQL predicate: contract `c` binds its parties on the date expression `day`. */
export function inForceSql(day: string): string {
  return `(c.signed_on is not null and c.start_on <= ${day}
    and ${day} <= least(coalesce(c.end_on, 'infinity'::date), coalesce(c.ended_on, 'infinity'::date)))`;
}

/**
 * Per month of [$from, $to] (its first day), owner and currency: the recurring contracts in force on
 * that day (count, MRR, ARR), and the total-value contracts signed during the month (count, sum).
 * `$1` tenant, `$2` from, `$3` to; `visible` is the visibility predicate over `c`.
 */
export function revenueSql(visible: string, byOwner: boolean): string {
  const owner = byOwner ? 'c.owner_id' : 'null::uuid';
  return `with months as (
      select m::date as month, (m + interval '1 month')::date as next
      from generate_series(date_trunc('month', $2::date), $3::date, interval '1 month') as m
    ), recurring as (
      select m.month, ${owner} as owner_id, c.currency, count(*)::int as contracts,
        round(sum(${MRR_SQL}), 4) as mrr, sum(${ARR_SQL}) as arr
      from months m join contracts_contract c on c.tenant_id = $1 and c.value_kind = 'recurring' and ${inForceSql('m.month')}
      where ${visible}
      group by 1, 2, 3
    ), totals as (
      select m.month, ${owner} as owner_id, c.currency, count(*)::int as signed, sum(c.amount) as signed_value
      from months m join contracts_contract c on c.tenant_id = $1 and c.value_kind = 'total'
        and c.signed_on >= m.month and c.signed_on < m.next
      where ${visible}
      group by 1, 2, 3
    )
    select coalesce(r.month, t.month)::text as month, coalesce(r.owner_id, t.owner_id) as owner_id,
      coalesce(r.currency, t.currency) as currency, coalesce(r.contracts, 0) as recurring_contracts,
      coalesce(r.mrr, 0)::text as mrr, coalesce(r.arr, 0)::text as arr,
      coalesce(t.signed, 0) as signed_total_contracts, coalesce(t.signed_value, 0)::text as signed_total_value
    from recurring r full join totals t
      on t.month = r.month and t.currency = r.currency and t.owner_id is not distinct from r.owner_id
    order by 1, 2 nulls first, 3`;
}
