import { moneyText } from '../shared/sql.js';
import { type Dimension, dimensionSpec } from './dimensions.js';
import { MEASURES, type Measure } from './measures.js';

/** What {@link querySql} assembles. */
export interface QueryParts {
  measures: readonly Measure[];
  dimensions: readonly Dimension[];
  /** The `from … where …` of the fact rows ({@link journalFactsSql}). */
  facts: string;
  /** Split rows by currency (a money measure was asked). */
  byCurrency: boolean;
  /** The bound start of the current period when comparing (facts then start at the previous one). */
  currentFrom: string | null;
  /** `order by` items over `d<i>` / `m<i>` columns. */
  orderBy: string;
  /** The bound row limit. */
  limit: string;
}

/**
 * The one statement of `analytics.query`: the fact rows grouped by the dimensions, the currency
 * (when money is measured) and the period they fall in (current / previous), with grouping sets for
 * the totals per currency. Rows come back tagged `part`: `row` (the ordered, limited rows of the
 * current period), `total`, and `previous` (the previous period's values of those same rows).
 */
export function querySql(parts: QueryParts): string {
  const dims = parts.dimensions.map((d, i) => `${dimensionSpec(d).sql} as d${i}`);
  const dimCols = parts.dimensions.map((_, i) => `d${i}`);
  const measures = parts.measures.map((m, i) => {
    const spec = MEASURES[m];
    return `${spec.kind === 'money' ? moneyText(spec.sql) : spec.sql} as m${i}`;
  });
  const labels = parts.dimensions.map((d, i) => {
    const label = dimensionSpec(d).label;
    return `${label ? label(`x.d${i}`) : 'null::text'} as l${i}`;
  });
  const grouping =
    dimCols.length === 0
      ? 'group by currency, cur'
      : `group by grouping sets ((${[...dimCols, 'currency', 'cur'].join(', ')}), (currency, cur))`;
  const total = dimCols.length === 0 ? 'false' : `grouping(${dimCols.join(', ')}) <> 0`;
  const match = [...dimCols, 'currency'].map((c) => `g.${c} is not distinct from top.${c}`).join(' and ');
  const cols = [...dimCols, 'currency', 'cur', 'total', ...parts.measures.map((_, i) => `m${i}`)].join(', ');
  return `
with g as (
  select ${[...dimCols, 'currency', 'cur'].join(', ')}, ${total} as total,
    ${measures.join(',\n    ')}
  from (
    select ${[...dims, ''].join(', ')}${parts.byCurrency ? 'trim(e.currency)' : 'null::text'} as currency,
      ${parts.currentFrom ? `e.occurred_at >= ${parts.currentFrom}` : 'true'} as cur,
      $2::text as zone, e.id as entry_id, l.party_id, e.type, e.amount, e.duration_seconds, e.direction, e.status, e.due_at, e.data
    ${parts.facts}
  ) f
  ${grouping}
),
top as (
  select ${cols}, row_number() over (order by ${parts.orderBy}) as n
  from g where cur and not total order by ${parts.orderBy} limit ${parts.limit}
),
parts as (
  select 'row' as part, n, ${cols} from top
  union all select 'total', null, ${cols.replace(/(^|, )/g, '$1g.')} from g where total or ${dimCols.length === 0}
  union all select 'previous', null, ${cols.replace(/(^|, )/g, '$1g.')} from g join top on ${match} where not g.cur and not g.total
)
select x.*${labels.length > 0 ? `, ${labels.join(', ')}` : ''} from parts x order by x.part, x.n`;
}
