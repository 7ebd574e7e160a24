/** How a column's values are written: text, whole numbers, decimals, money (with a currency column), days. */
export type ColumnType = 'text' | 'integer' | 'number' | 'money' | 'date';

/** A column of an exported table. */
export interface ExportColumn {
  key: string;
  header: string;
  type: ColumnType;
}

/** A table to export: columns, and rows keyed by column key (money as exact decimal strings). */
export interface ExportTable {
  /** The sheet's name (XLSX). */
  name: string;
  columns: ExportColumn[];
  rows: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>;
}
