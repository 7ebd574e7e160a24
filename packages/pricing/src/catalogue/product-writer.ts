import {
  DuplicateError,
  type FieldIssue,
  InvalidDataError,
  NotFoundError,
  parse,
  pgErrorOf,
  type TxContext,
} from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import {
  localizedOf,
  type ProductInput,
  ProductInputSchema,
  type ProductPatch,
  ProductPatchSchema,
} from './catalogue-input.js';
import { requireProduct } from './product-reader.js';
import type { Product } from './types.js';

type ParsedProduct = ReturnType<typeof toRow>;

/** A validated product input as the row to write (names per locale, the default locale filled in). */
function toRow(input: ReturnType<typeof ProductInputSchema.parse>, fallbackLocale: string) {
  const defaultLocale = input.defaultLocale ?? fallbackLocale;
  return {
    sku: input.sku,
    kind: input.kind,
    defaultLocale,
    name: localizedOf(input.name, defaultLocale),
    description: localizedOf(input.description, defaultLocale),
    categoryId: input.categoryId ?? null,
    unit: input.unit,
    taxClass: input.taxClass,
    cost: input.cost ?? null,
    costCurrency: input.costCurrency ?? null,
    custom: input.custom,
  };
}

/** Checks what zod cannot: the default locale has a name, cost and its currency go together. */
function rowIssues(row: ParsedProduct, at: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!row.name[row.defaultLocale])
    issues.push({
      path: `${at}name`,
      message: `needs a name in the default locale ${row.defaultLocale}`,
      code: 'custom',
    });
  if ((row.cost === null) !== (row.costCurrency === null))
    issues.push({
      path: `${at}costCurrency`,
      message: 'a cost needs its currency (and only then)',
      code: 'custom',
    });
  return issues;
}

/** Validates a product input into its row, or throws INVALID_DATA naming each field. */
export function productRow(input: ProductInput, fallbackLocale: string, what = 'product'): ParsedProduct {
  const row = toRow(parse(ProductInputSchema, input, what), fallbackLocale);
  const issues = rowIssues(row, '');
  if (issues.length > 0) throw new InvalidDataError(what, issues);
  return row;
}

/** Refuses category ids that do not exist in the tenant, naming the field. */
export async function requireCategories(
  tx: TxContext,
  ids: ReadonlyArray<string | null>,
  path = 'categoryId',
) {
  const wanted = [...new Set(ids.filter((x): x is string => x !== null))];
  if (wanted.length === 0) return;
  const found = await tx.sql<{ id: string }>(
    'select id from pricing_category where tenant_id = $1 and id = any($2::uuid[])',
    [tx.tenantId, wanted],
  );
  const missing = wanted.filter((x) => !found.some((f) => f.id === x));
  if (missing.length > 0)
    throw new InvalidDataError('product', [
      { path, message: `no such category ${missing[0]}`, code: 'custom' },
    ]);
}

/** Inserts new products in one statement; a SKU already in the tenant is a DUPLICATE. */
export async function insertProducts(tx: TxContext, inputs: readonly ProductInput[], fallbackLocale: string) {
  const rows = inputs.map((input) => productRow(input, fallbackLocale));
  await requireCategories(
    tx,
    rows.map((r) => r.categoryId),
  );
  const ids = rows.map(() => uuidv7());
  const inserted = await tx.sql<{ id: string }>(
    `insert into pricing_product (tenant_id, id, sku, kind, default_locale, name, description, category_id, unit,
       tax_class, cost, cost_currency, custom)
     select $1, r.id, r.sku, r.kind, r.default_locale, r.name, r.description, r.category_id, r.unit, r.tax_class,
       r.cost, r.cost_currency, r.custom
     from jsonb_to_recordset($2::jsonb) as r(id uuid, sku text, kind text, default_locale text, name jsonb,
       description jsonb, category_id uuid, unit text, tax_class text, cost numeric, cost_currency text, custom jsonb)
     on conflict do nothing returning id`,
    [tx.tenantId, JSON.stringify(rows.map((r, i) => snake(r, ids[i]!)))],
  );
  if (inserted.length < rows.length) {
    const taken = rows.find((_, i) => !inserted.some((x) => x.id === ids[i]));
    throw new DuplicateError(`A product with SKU ${taken?.sku} already exists`, { fields: ['sku'] });
  }
  return Promise.all(ids.map((id) => requireProduct(tx, id)));
}

/** The row as the snake_case record `jsonb_to_recordset` reads. */
export function snake(row: ParsedProduct, id: string) {
  return {
    id,
    sku: row.sku,
    kind: row.kind,
    default_locale: row.defaultLocale,
    name: row.name,
    description: row.description,
    category_id: row.categoryId,
    unit: row.unit,
    tax_class: row.taxClass,
    cost: row.cost,
    cost_currency: row.costCurrency,
    custom: row.custom,
  };
}

/** Applies a patch to a product (locked), re-validating the whole product; bumps its version. */
export async function updateProduct(tx: TxContext, id: string, patch: ProductPatch): Promise<Product> {
  const changes = parse(ProductPatchSchema, patch, 'product');
  const [locked] = await tx.sql('select 1 from pricing_product where tenant_id = $1 and id = $2 for update', [
    tx.tenantId,
    id,
  ]);
  if (!locked) throw new NotFoundError('Product', id);
  const current = await requireProduct(tx, id);
  const merged = productRow(
    {
      ...current,
      ...stripUndefined(changes),
      custom: { ...current.custom, ...(changes.custom ?? {}) },
    } as ProductInput,
    current.defaultLocale,
  );
  await requireCategories(tx, [merged.categoryId]);
  try {
    await tx.sql(
      `update pricing_product set sku = r.sku, kind = r.kind, default_locale = r.default_locale, name = r.name,
         description = r.description, category_id = r.category_id, unit = r.unit, tax_class = r.tax_class,
         cost = r.cost, cost_currency = r.cost_currency, custom = r.custom, version = version + 1, updated_at = now()
       from jsonb_to_record($3::jsonb) as r(sku text, kind text, default_locale text, name jsonb, description jsonb,
         category_id uuid, unit text, tax_class text, cost numeric, cost_currency text, custom jsonb)
       where tenant_id = $1 and id = $2`,
      [tx.tenantId, id, JSON.stringify(snake(merged, id))],
    );
  } catch (error) {
    if (pgErrorOf(error)?.code === '23505')
      throw new DuplicateError(`A product with SKU ${merged.sku} already exists`, {
        fields: ['sku'],
        cause: error,
      });
    throw error;
  }
  return requireProduct(tx, id);
}

/** Marks a product archived (idempotent). */
export async function archiveProduct(tx: TxContext, id: string): Promise<Product> {
  const rows = await tx.sql(
    `update pricing_product set status = 'archived', version = version + case when status = 'archived' then 0 else 1 end,
       updated_at = now() where tenant_id = $1 and id = $2 returning id`,
    [tx.tenantId, id],
  );
  if (rows.length === 0) throw new NotFoundError('Product', id);
  return requireProduct(tx, id);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
