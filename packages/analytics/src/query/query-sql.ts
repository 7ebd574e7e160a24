import { KNOWN_COST } from '../shared/margin.js';
import { moneyText } from '../shared/sql.js';
import type { DimensionSpec } from './dimensions.js';
import { MEASURES, type Measure } from './measures.js';

/** What {@link querySql} assembles. */
export interface QueryParts {
  measures: readonly Measure[];
  /** The specs of the dimensions asked, in order. */
  specs: readonly DimensionSpec[];
  /** The `from … where …` of the fact rows ({@link journalFactsSql}). */
  facts: string;
  /**
   * When a dimension multiplies fact rows (tags, multi-valued custom fields, sale lines): the
   * `from … where …` of the same fact rows without it, which the totals are computed over.
   */
  baseFacts: string | null;
  /** Split rows by currency (a money measure was asked). */
  byCurrency: boolean;
  /** The bound start of the current period when comparing (facts then start at the previous one). */
  currentFrom: string | null;
  /** The facts are sale lines (`sl`, product and category dimensions): amounts are the lines' net amounts. */
  lines: boolean;
  /** A margin measure was asked: the facts carry `mg` (entries) or `pp` (lines) for it. */
  margin: boolean;
  /** `order by` items over `d<i>` / `m<i>` columns. */
  orderBy: string;
  /** The bound row limit. */
  limit: string;
}

/** The columns of one fact row that measures read (`f.*`), over entry `e` or sale line `sl`. */
function factColumns(parts: QueryParts, lines: boolean, margin: boolean): string {
  const sign = `case when sl.kind = 'refund' then -1 else 1 end`;
  const marginCols = !margin
    ? 'null::numeric as margin, 0 as without_cost, 0 as lines'
    : lines
      ? `case when ${KNOWN_COST} then (sl.net_amount - sl.quantity * pp.cost) * ${sign} end as margin,
      case when ${KNOWN_COST} then 0 else 1 end as without_cost, 1 as lines`
      : 'mg.margin, mg.without_cost, mg.lines';
  return `${parts.byCurrency ? `trim(${lines ? 'sl' : 'e'}.currency)` : 'null::text'} as currency,
      ${parts.currentFrom ? `e.occurred_at >= ${parts.currentFrom}` : 'true'} as cur,
      $2::text as zone, e.id as entry_id, l.party_id, e.type, ${lines ? 'sl.net_amount' : 'e.amount'} as amount,
      e.duration_seconds, e.direction, e.status, e.due_at, e.data, ${marginCols}`;
}

/**
 * The one statement of `analytics.query`: the fact rows grouped by the dimensions, the currency
 * (when money is measured) and the period they fall in (current / previous), with the totals per
 * currency — grouping sets over the same rows, or, when a dimension multiplies the rows, a separate
 * aggregate over the un-multiplied fact rows (`baseFacts`) in the same statement, so each entry
 * counts once in the totals. Rows come back tagged `part`: `row` (the ordered, limited rows of the
 * current period), `total`, and `previous` (the previous period's values of those same rows).
 */
export function querySql(parts: QueryParts): string {
  const dims = parts.specs.map((spec, i) => `${spec.sql} as d${i}`);
  const dimCols = parts.specs.map((_, i) => `d${i}`);
  const measures = parts.measures.map((m, i) => {
    const spec = MEASURES[m];
    return `${spec.kind === 'money' ? moneyText(spec.sql) : spec.sql} as m${i}`;
  });
  const labels = parts.specs.map((spec, i) => {
    const label = spec.label;
    return `${label ? label(`x.d${i}`) : 'null::text'} as l${i}`;
  });
  const separate = parts.baseFacts !== null && dimCols.length > 0;
  const grouping =
    dimCols.length === 0
      ? 'group by currency, cur'
      : separate
        ? `group by ${[...dimCols, 'currency', 'cur'].join(', ')}`
        : `group by grouping sets ((${[...dimCols, 'currency', 'cur'].join(', ')}), (currency, cur))`;
  const total = dimCols.length === 0 ? 'false' : separate ? 'false' : `grouping(${dimCols.join(', ')}) <> 0`;
  const match = [...dimCols, 'currency'].map((c) => `g.${c} is not distinct from top.${c}`).join(' and ');
  const cols = [...dimCols, 'currency', 'cur', 'total', ...parts.measures.map((_, i) => `m${i}`)].join(', ');
  const totals = separate
    ? `,
totals as (
  select ${[...dimCols.map((d) => `null::text as ${d}`), 'currency', 'cur'].join(', ')}, true as total,
    ${measures.join(',\n    ')}
  from (
    select ${factColumns(parts, false, parts.margin)}
    ${parts.baseFacts}
  ) f
  group by currency, cur
)`
    : '';
  const totalRows = separate
    ? `select 'total', null, ${cols} from totals`
    : `select 'total', null, ${cols.replace(/(^|, )/g, '$1g.')} from g where total or ${dimCols.length === 0}`;
  return `
with g as (
  select ${[...dimCols, 'currency', 'cur'].join(', ')}, ${total} as total,
    ${measures.join(',\n    ')}
  from (
    select ${[...dims, ''].join(', ')}${factColumns(parts, parts.lines, parts.margin)}
    ${parts.facts}
  ) f
  ${grouping}
)${totals},
top as (
  select ${cols}, row_number() over (order by ${parts.orderBy}) as n
  from g where cur and not total order by ${parts.orderBy} limit ${parts.limit}
),
parts as (
  select 'row' as part, n, ${cols} from top
  union all ${totalRows}
  union all select 'previous', null, ${cols.replace(/(^|, )/g, '$1g.')} from g join top on ${match} where not g.cur and not g.total
)
select x.*${labels.length > 0 ? `, ${labels.join(', ')}` : ''} from parts x order by x.part, x.n`;
}
