import type { AbcResult } from '../classes/classification.js';
import type { RfmResult } from '../classes/rfm-input.js';
import type { Dimension } from '../query/dimensions.js';
import { MEASURES, type Measure } from '../query/measures.js';
import type { QueryResult } from '../query/query-result.js';
import type { ColumnType, ExportColumn, ExportTable } from './table.js';

const MEASURE_TYPES: Record<string, ColumnType> = {
  count: 'integer',
  money: 'money',
  seconds: 'number',
  ratio: 'number',
};

/**
 * The rows of a query result as a table: each dimension (and its label, for ids), the currency, each
 * measure, and each measure's previous-period value when compared; totals are left out (a sum row
 * would mix with the data).
 */
export function queryTable<M extends Measure, D extends Dimension>(
  typed: QueryResult<M, D>,
  name = 'Query',
): ExportTable {
  const result = typed as unknown as QueryResult;
  const columns: ExportColumn[] = [];
  for (const d of result.dimensions) {
    columns.push({ key: `d:${d}`, header: d, type: d.startsWith('period.') ? 'date' : 'text' });
    if (result.rows.some((r) => r.labels[d] !== null))
      columns.push({ key: `l:${d}`, header: `${d} name`, type: 'text' });
  }
  columns.push({ key: 'currency', header: 'currency', type: 'text' });
  for (const m of result.measures)
    columns.push({ key: `m:${m}`, header: m, type: MEASURE_TYPES[MEASURES[m].kind]! });
  if (result.previousPeriod)
    for (const m of result.measures)
      columns.push({ key: `p:${m}`, header: `${m} (previous)`, type: MEASURE_TYPES[MEASURES[m].kind]! });
  const rows = result.rows.map((r) => {
    const row: Record<string, unknown> = { currency: r.currency };
    for (const d of result.dimensions) {
      row[`d:${d}`] = r.dimensions[d];
      row[`l:${d}`] = r.labels[d];
    }
    for (const m of result.measures) {
      row[`m:${m}`] = r.measures[m];
      row[`p:${m}`] = r.previous?.[m] ?? null;
    }
    return row;
  });
  return { name, columns, rows };
}

/** The members of an ABC result (the page it holds), with their class, revenue and shares. */
export function abcTable(result: AbcResult, name = 'ABC'): ExportTable {
  return {
    name,
    columns: [
      { key: 'rank', header: 'rank', type: 'integer' },
      { key: 'partyId', header: 'party id', type: 'text' },
      { key: 'name', header: 'name', type: 'text' },
      { key: 'class', header: 'class', type: 'text' },
      { key: 'xyz', header: 'xyz', type: 'text' },
      { key: 'currency', header: 'currency', type: 'text' },
      { key: 'revenue', header: 'revenue', type: 'money' },
      { key: 'orders', header: 'orders', type: 'integer' },
      { key: 'cumulativeShare', header: 'cumulative share', type: 'number' },
      { key: 'variation', header: 'variation', type: 'number' },
    ],
    rows: result.members.items.map((m) => ({ ...m, currency: result.currency })),
  };
}

/** The members of an RFM result (the page it holds), with their scores and segment. */
export function rfmTable(result: RfmResult, name = 'RFM'): ExportTable {
  return {
    name,
    columns: [
      { key: 'partyId', header: 'party id', type: 'text' },
      { key: 'name', header: 'name', type: 'text' },
      { key: 'segment', header: 'segment', type: 'text' },
      { key: 'r', header: 'R', type: 'integer' },
      { key: 'f', header: 'F', type: 'integer' },
      { key: 'm', header: 'M', type: 'integer' },
      { key: 'recencyDays', header: 'recency days', type: 'number' },
      { key: 'frequency', header: 'frequency', type: 'integer' },
      { key: 'currency', header: 'currency', type: 'text' },
      { key: 'monetary', header: 'monetary', type: 'money' },
    ],
    rows: result.members.items.map((m) => ({ ...m, currency: result.currency })),
  };
}

/**
 * A table of any analysis' result, by the analysis key of saved reports: `query`, `abc`, `rfm`, and
 * for the others the array-valued fields of the result flattened (objects' fields as columns).
 */
export function resultTable(analysis: string, result: unknown, name = analysis): ExportTable {
  if (analysis === 'query') return queryTable(result as QueryResult, name);
  if (analysis === 'abc') return abcTable(result as AbcResult, name);
  if (analysis === 'rfm') return rfmTable(result as RfmResult, name);
  return genericTable(result, name);
}

/** The first array of objects in a result (its `rows`, `items`, …) as a table of its scalar fields. */
export function genericTable(result: unknown, name: string): ExportTable {
  const source = (Array.isArray(result) ? result : Object.values(result as object).find(Array.isArray)) ?? [];
  const rows = (source as unknown[]).filter(
    (r): r is Record<string, unknown> => typeof r === 'object' && r !== null,
  );
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) =>
    rows.every(
      (r) => r[k] === null || r[k] === undefined || typeof r[k] !== 'object' || r[k] instanceof Date,
    ),
  );
  const type = (k: string): ColumnType =>
    rows.every((r) => r[k] === null || r[k] === undefined || typeof r[k] === 'number') ? 'number' : 'text';
  return { name, columns: keys.map((k) => ({ key: k, header: k, type: type(k) })), rows };
}
