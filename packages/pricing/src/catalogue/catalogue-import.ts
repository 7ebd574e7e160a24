import type { Readable } from 'node:stream';
import {
  type CallContext,
  csvError,
  csvRecords,
  type Database,
  type FieldIssue,
  InvalidDataError,
  requireManager,
  type SourceRow,
  type TxContext,
} from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import type { ProductInput } from './catalogue-input.js';
import { productRow, snake } from './product-writer.js';

/** Options of `catalogue.importCsv`. */
export interface CatalogueImportOptions {
  delimiter?: string;
  encoding?: BufferEncoding;
  /** Rows per transaction (default 500). */
  batchSize?: number;
}

/** The outcome of one data row (numbered from 1, the header not counted). */
export interface CatalogueImportRow {
  row: number;
  sku: string | null;
  status: 'created' | 'updated' | 'failed';
  productId: string | null;
  issues: FieldIssue[];
}

/** What `catalogue.importCsv` returns. */
export interface CatalogueImportResult {
  created: number;
  updated: number;
  failed: number;
  rows: CatalogueImportRow[];
}

/**
 * The columns read: `sku` and `name` are required; `name:<locale>` and `description:<locale>` give
 * texts per locale; `category` is a category code; the rest match the product's fields.
 */
const COLUMNS = ['sku', 'name'] as const;

/** One CSV record as a product input (empty cells are absent). */
function inputOf(
  record: SourceRow,
  categories: Map<string, string>,
  fallbackLocale: string,
): { input: ProductInput; issues: FieldIssue[] } {
  const text = (key: string) => {
    const v = record[key];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const perLocale = (field: string) => {
    const out: Record<string, string> = {};
    for (const key of Object.keys(record))
      if (key.startsWith(`${field}:`) && text(key)) out[key.slice(field.length + 1)] = text(key)!;
    return out;
  };
  const issues: FieldIssue[] = [];
  const code = text('category');
  if (code && !categories.has(code))
    issues.push({ path: 'category', message: `no category with code ${code}`, code: 'custom' });
  const names = perLocale('name');
  const descriptions = perLocale('description');
  const locale = text('defaultLocale') ?? text('default_locale');
  const name = text('name');
  const input = {
    sku: text('sku'),
    kind: text('kind'),
    name:
      Object.keys(names).length > 0 ? (name ? { ...names, [locale ?? fallbackLocale]: name } : names) : name,
    description: Object.keys(descriptions).length > 0 ? descriptions : text('description'),
    defaultLocale: locale,
    categoryId: code ? (categories.get(code) ?? null) : undefined,
    unit: text('unit'),
    taxClass: text('taxClass') ?? text('tax_class'),
    cost: text('cost'),
    costCurrency: text('costCurrency') ?? text('cost_currency'),
  };
  return {
    input: Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as ProductInput,
    issues,
  };
}

/**
 * Imports a catalogue from CSV, streaming: each batch in its own transaction, each row validated on
 * its own (a bad row is reported with its issues, the others are written), upserted by SKU — so a
 * re-import updates the products instead of duplicating them.
 */
export async function importCatalogueCsv(
  db: Database,
  ctx: CallContext,
  source: Readable | string,
  options: CatalogueImportOptions & { defaultLocale: string },
): Promise<CatalogueImportResult> {
  const result: CatalogueImportResult = { created: 0, updated: 0, failed: 0, rows: [] };
  await db.transaction(ctx, requireManager);
  const categories = await db.transaction(ctx, async (tx) => {
    const rows = await tx.sql<{ code: string; id: string }>(
      'select code, id from pricing_category where tenant_id = $1',
      [tx.tenantId],
    );
    return new Map(rows.map((r) => [r.code, r.id]));
  });
  const size = options.batchSize ?? 500;
  let batch: Array<{ row: number; record: SourceRow }> = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const written = await db.transaction(ctx, (tx) =>
      writeBatch(tx, batch, categories, options.defaultLocale),
    );
    for (const r of written) {
      result.rows.push(r);
      result[r.status] += 1;
    }
    batch = [];
  };
  let n = 0;
  try {
    for await (const record of csvRecords(source, {
      delimiter: options.delimiter,
      encoding: options.encoding,
      columns: COLUMNS.map((c) => ({ path: c, column: c })),
    }) as AsyncIterable<SourceRow>) {
      n += 1;
      // The same SKU twice in one statement cannot be upserted: the second goes to the next batch.
      if (batch.length >= size || batch.some((b) => b.record.sku === record.sku)) await flush();
      batch.push({ row: n, record });
    }
  } catch (error) {
    throw csvError(error, source);
  }
  await flush();
  return result;
}

async function writeBatch(
  tx: TxContext,
  batch: ReadonlyArray<{ row: number; record: SourceRow }>,
  categories: Map<string, string>,
  defaultLocale: string,
): Promise<CatalogueImportRow[]> {
  const out: CatalogueImportRow[] = [];
  const good: Array<{ row: number; values: ReturnType<typeof snake> }> = [];
  for (const { row, record } of batch) {
    const sku = typeof record.sku === 'string' ? record.sku.trim() || null : null;
    const { input, issues } = inputOf(record, categories, defaultLocale);
    try {
      const parsed = productRow(input, defaultLocale, `row ${row}`);
      if (issues.length > 0) throw new InvalidDataError(`row ${row}`, issues);
      good.push({ row, values: snake(parsed, uuidv7()) });
    } catch (error) {
      if (!(error instanceof InvalidDataError)) throw error;
      out.push({ row, sku, status: 'failed', productId: null, issues: error.issues });
    }
  }
  if (good.length > 0) {
    const written = await tx.sql<{ id: string; sku: string; inserted: boolean }>(
      `insert into pricing_product as p (tenant_id, id, sku, kind, default_locale, name, description, category_id, unit,
         tax_class, cost, cost_currency, custom)
       select $1, r.id, r.sku, coalesce(r.kind, 'product'), r.default_locale, r.name, r.description, r.category_id,
         r.unit, r.tax_class, r.cost, r.cost_currency, coalesce(r.custom, '{}')
       from jsonb_to_recordset($2::jsonb) as r(id uuid, sku text, kind text, default_locale text, name jsonb,
         description jsonb, category_id uuid, unit text, tax_class text, cost numeric, cost_currency text, custom jsonb)
       on conflict (tenant_id, sku) do update set kind = excluded.kind, default_locale = excluded.default_locale,
         name = excluded.name, description = excluded.description, category_id = excluded.category_id,
         unit = excluded.unit, tax_class = excluded.tax_class, cost = excluded.cost, cost_currency = excluded.cost_currency,
         version = p.version + 1, updated_at = now()
       returning p.id, p.sku, (p.xmax = 0) as inserted`,
      [tx.tenantId, JSON.stringify(good.map((g) => g.values))],
    );
    const bySku = new Map(written.map((w) => [w.sku, w]));
    for (const g of good) {
      const w = bySku.get(g.values.sku)!;
      out.push({
        row: g.row,
        sku: g.values.sku,
        status: w.inserted ? 'created' : 'updated',
        productId: w.id,
        issues: [],
      });
    }
  }
  return out.sort((a, b) => a.row - b.row);
}
