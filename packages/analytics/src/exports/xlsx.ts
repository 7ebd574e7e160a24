import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ColumnType, ExportTable } from './table.js';

const FORMATS: Partial<Record<ColumnType, string>> = {
  integer: '0',
  number: '0.######',
  money: '#,##0.00##',
  date: 'yyyy-mm-dd',
};

function cell(type: ColumnType, value: unknown): unknown {
  if (value === null || value === undefined || value === '') return null;
  switch (type) {
    case 'integer':
    case 'number':
    case 'money':
      // XLSX stores every number as a double: a cell can hold any amount of 15 significant digits
      // exactly as written; the currency is its own column.
      return Number(value);
    case 'date':
      return value instanceof Date ? value : new Date(`${String(value)}T00:00:00Z`);
    default:
      return String(value);
  }
}

/**
 * Writes a table as an XLSX workbook (one sheet) to `stream`, row by row (exceljs's streaming
 * writer): numbers and money as numbers with a number format, days as dates, the rest as text.
 *
 * @example
 * await writeXlsx(queryTable(result), createWriteStream('sales.xlsx'));
 */
export async function writeXlsx(table: ExportTable, stream: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  const sheet = workbook.addWorksheet(table.name.slice(0, 31).replace(/[\\/?*[\]:]/g, ' ') || 'Sheet1');
  sheet.columns = table.columns.map((c) => ({
    header: c.header,
    key: c.key,
    width: Math.max(10, Math.min(40, c.header.length + 2)),
    style: FORMATS[c.type] ? { numFmt: FORMATS[c.type] } : {},
  }));
  for await (const row of table.rows) {
    sheet.addRow(Object.fromEntries(table.columns.map((c) => [c.key, cell(c.type, row[c.key])]))).commit();
  }
  sheet.commit();
  await workbook.commit();
}
