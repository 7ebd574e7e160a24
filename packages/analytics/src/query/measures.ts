/**
 * The measures of `analytics.query`: whitelisted SQL aggregates over the fact rows (`f`, one row per
 * live journal entry and customer party; see docs/analytics.md). `kind` says how a value is returned:
 * `count` an integer, `money` an exact decimal string in the row's currency (null when nothing was
 * summed), `seconds` a number, `ratio` a number 0..∞ (null when the denominator is zero).
 */
export const MEASURES = {
  /** Fact rows (entries × customer party). */
  count: { kind: 'count', sql: 'count(*)' },
  /** Distinct entries (an entry with two customer parties counts once). */
  entries: { kind: 'count', sql: 'count(distinct f.entry_id)' },
  /** Distinct parties. */
  parties: { kind: 'count', sql: 'count(distinct f.party_id)' },
  /** Sum of the entries' amounts. */
  'amount.sum': { kind: 'money', sql: 'sum(f.amount)' },
  /** Mean amount of the entries that carry one. */
  'amount.avg': { kind: 'money', sql: 'round(avg(f.amount), 2)' },
  'amount.min': { kind: 'money', sql: 'min(f.amount)' },
  'amount.max': { kind: 'money', sql: 'max(f.amount)' },
  /** Total duration in seconds of the entries that carry one (calls, meetings). */
  'duration.sum': { kind: 'seconds', sql: 'sum(f.duration_seconds)::float8' },
  /** Mean duration in seconds of the entries that carry one. */
  'duration.avg': { kind: 'seconds', sql: 'avg(f.duration_seconds)::float8' },
  /** Sales: the amounts of `sale` entries (gross revenue). */
  revenue: { kind: 'money', sql: `sum(f.amount) filter (where f.type = 'sale')` },
  /** Sales: `sale` entries. */
  orders: { kind: 'count', sql: `count(*) filter (where f.type = 'sale')` },
  /** Average order value: revenue / orders. */
  aov: { kind: 'money', sql: `round(avg(f.amount) filter (where f.type = 'sale'), 2)` },
  /** Refunds: the amounts of `refund` entries. */
  refunds: { kind: 'money', sql: `sum(f.amount) filter (where f.type = 'refund')` },
  /** Net revenue: revenue − refunds. */
  netRevenue: {
    kind: 'money',
    sql: `sum(case f.type when 'sale' then f.amount when 'refund' then -f.amount end)`,
  },
  /**
   * Margin of sales less refunds (with `@rapport/pricing`): `net_amount − quantity × cost` of the
   * sale lines whose product has a cost in the line's currency, refund lines negative (docs: Margin).
   */
  margin: { kind: 'money', sql: `sum(f.margin) filter (where f.type in ('sale', 'refund'))` },
  /** Sale lines of sales and refunds left out of `margin` for want of a known cost. */
  linesWithoutCost: {
    kind: 'count',
    sql: `coalesce(sum(f.without_cost) filter (where f.type in ('sale', 'refund')), 0)::int`,
  },
  /** Sales and refunds without sale lines (left out of `margin` whole). */
  entriesWithoutLines: {
    kind: 'count',
    sql: `count(distinct f.entry_id) filter (where f.type in ('sale', 'refund') and f.lines = 0)`,
  },
  /** Payments received (`payment_received` entries). */
  payments: { kind: 'money', sql: `sum(f.amount) filter (where f.type = 'payment_received')` },
  /** Open receivables: revenue − refunds − payments received. */
  receivables: {
    kind: 'money',
    sql: `sum(case f.type when 'sale' then f.amount when 'refund' then -f.amount when 'payment_received' then -f.amount end)`,
  },
  /** Expenses (`expense` entries). */
  expenses: { kind: 'money', sql: `sum(f.amount) filter (where f.type = 'expense')` },
  /** Expense-to-revenue: expenses / revenue (same currency). */
  expenseRatio: {
    kind: 'ratio',
    sql: `(sum(f.amount) filter (where f.type = 'expense') / nullif(sum(f.amount) filter (where f.type = 'sale'), 0))::float8`,
  },
  /** Calls (incoming and outgoing). */
  calls: { kind: 'count', sql: `count(*) filter (where f.type in ('call_incoming', 'call_outgoing'))` },
  /** Meetings. */
  meetings: { kind: 'count', sql: `count(*) filter (where f.type = 'meeting')` },
  /** Visits. */
  visits: { kind: 'count', sql: `count(*) filter (where f.type = 'visit')` },
  /** Outgoing emails. */
  emailsSent: { kind: 'count', sql: `count(*) filter (where f.type = 'email' and f.direction = 'outbound')` },
  /** Outgoing emails whose delivery was reported (`data.status = 'delivered'`). */
  emailsDelivered: {
    kind: 'count',
    sql: `count(*) filter (where f.type = 'email' and f.direction = 'outbound' and f.data->>'status' = 'delivered')`,
  },
  /** Outgoing emails that bounced or failed. */
  emailsFailed: {
    kind: 'count',
    sql: `count(*) filter (where f.type = 'email' and f.direction = 'outbound' and f.data->>'status' in ('bounced', 'failed'))`,
  },
  /** Outgoing SMS. */
  smsSent: { kind: 'count', sql: `count(*) filter (where f.type = 'sms' and f.direction = 'outbound')` },
  /** Tasks done. */
  tasksDone: { kind: 'count', sql: `count(*) filter (where f.type = 'task' and f.status = 'done')` },
  /** Tasks still planned whose due time has passed. */
  tasksOverdue: {
    kind: 'count',
    sql: `count(*) filter (where f.type = 'task' and f.status = 'planned' and f.due_at < statement_timestamp())`,
  },
} as const satisfies Record<string, { kind: 'count' | 'money' | 'seconds' | 'ratio'; sql: string }>;

/** A measure's name. */
export type Measure = keyof typeof MEASURES;
/** Every measure's name. */
export const MEASURE_NAMES = Object.keys(MEASURES) as [Measure, ...Measure[]];

/** The value type of a measure in a result row. */
export type MeasureValue<M extends Measure> = (typeof MEASURES)[M]['kind'] extends 'count'
  ? number
  : (typeof MEASURES)[M]['kind'] extends 'money'
    ? string | null
    : number | null;

/** The measures read from `@rapport/pricing`'s sale lines and product costs. */
export const MARGIN_MEASURES: readonly Measure[] = ['margin', 'linesWithoutCost', 'entriesWithoutLines'];

/** Whether a measure is an amount of money (its rows are split by currency). */
export function isMoney(measure: Measure): boolean {
  const kind: string = MEASURES[measure].kind;
  return kind === 'money' || kind === 'ratio';
}
