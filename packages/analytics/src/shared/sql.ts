/**
 * An exact decimal as text with at least two decimals and no trailing zeros beyond them
 * (`1234.5000` → `1234.50`, `0.1250` → `0.125`): numeric in, text out, never a float.
 */
export function moneyText(expression: string): string {
  return `(case when scale(trim_scale(${expression})) <= 2 then round(${expression}, 2) else trim_scale(${expression}) end)::text`;
}

/** `jsonb_agg` of `{currency, amount}` over rows with `currency` and an `amount` expression, sorted. */
export function moneyListSql(amount: string, from: string): string {
  return `(select coalesce(jsonb_agg(jsonb_build_object('currency', m.currency, 'amount', ${moneyText('m.amount')}) order by m.currency), '[]')
    from (select currency, ${amount} as amount ${from} group by currency) m)`;
}
