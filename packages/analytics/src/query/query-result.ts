import type { Dimension } from './dimensions.js';
import type { Measure, MeasureValue } from './measures.js';

/** The measures of a row, typed by the measures asked. */
export type MeasureValues<M extends Measure> = { [K in M]: MeasureValue<K> };

/** One row of `analytics.query`. */
export interface QueryRow<M extends Measure = Measure, D extends Dimension = Dimension> {
  /** The value of each dimension (text; ids as uuids, periods as their first day `YYYY-MM-DD`; null: none). */
  dimensions: { [K in D]: string | null };
  /** Names of id dimensions' values (employee, party, department, referrer); null for others. */
  labels: { [K in D]: string | null };
  measures: MeasureValues<M>;
  /** The currency of the money measures (null when none was asked, or for entries without an amount). */
  currency: string | null;
  /** The same row's measures over the previous period (when `compare` was asked; null: no facts there). */
  previous?: MeasureValues<M> | null;
}

/** Totals of one currency over every fact row (not only the rows returned). */
export interface QueryTotal<M extends Measure = Measure> {
  currency: string | null;
  measures: MeasureValues<M>;
  previous?: MeasureValues<M> | null;
}

/** The result of `analytics.query`. */
export interface QueryResult<M extends Measure = Measure, D extends Dimension = Dimension> {
  measures: readonly M[];
  dimensions: readonly D[];
  period: { from: Date; to: Date; timeZone: string };
  previousPeriod: { from: Date; to: Date } | null;
  rows: Array<QueryRow<M, D>>;
  totals: Array<QueryTotal<M>>;
  /** True when more rows matched than `limit`. */
  truncated: boolean;
}
