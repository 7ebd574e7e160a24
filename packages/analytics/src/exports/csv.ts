import { Readable } from 'node:stream';
import type { ExportTable } from './table.js';

/** One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF; quotes doubled. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

async function* lines(table: ExportTable): AsyncGenerator<string> {
  yield `${table.columns.map((c) => csvField(c.header)).join(',')}\r\n`;
  for await (const row of table.rows) yield `${table.columns.map((c) => csvField(row[c.key])).join(',')}\r\n`;
}

/**
 * A table as CSV (RFC 4180: CRLF line ends, a header row, fields quoted when needed), streamed row
 * by row. Money stays the exact decimal string it was (`1234.50`), beside its currency column.
 *
 * @example
 * toCsv(queryTable(result)).pipe(createWriteStream('sales.csv'));
 */
export function toCsv(table: ExportTable): Readable {
  return Readable.from(lines(table), { objectMode: false });
}
