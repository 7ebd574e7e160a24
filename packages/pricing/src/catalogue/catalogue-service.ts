import type { Readable } from 'node:stream';
import {
  type CallContext,
  ConflictError,
  DATABASE,
  type Database,
  DuplicateError,
  InvalidDataError,
  inject,
  injectable,
  NotFoundError,
  parse,
  pgErrorOf,
  requireManager,
  type TxContext,
  visibilityOf,
  z,
} from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import { PRICING_OPTIONS, type PricingOptions } from '../options.js';
import {
  type CatalogueImportOptions,
  type CatalogueImportResult,
  importCatalogueCsv,
} from './catalogue-import.js';
import type { ProductInput, ProductPatch } from './catalogue-input.js';
import {
  type CategoryInput,
  CategoryInputSchema,
  type RelationInput,
  RelationInputSchema,
} from './catalogue-input.js';
import { categorySubtreeIds } from './category-sql.js';
import { requireProduct, selectProducts, toProduct } from './product-reader.js';
import { archiveProduct, insertProducts, updateProduct } from './product-writer.js';
import type { Category, Product, ProductRelation } from './types.js';

const Id = z.uuid();
const id = (value: string, what: string) => parse(Id, value, what);

/** Filters of `catalogue.listProducts`. */
export interface ProductListQuery {
  /** Products of this category and every category below it. */
  categoryId?: string;
  status?: 'active' | 'archived';
  /** At most this many, by SKU (default 500). */
  limit?: number;
}

/**
 * The catalogue: categories (a tree), products and services, and the relations people declare
 * between them. Every employee reads it; managers and administrators change it. A product that
 * prices, sale lines or quotes refer to is archived, never deleted.
 */
@injectable()
export class CatalogueService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(PRICING_OPTIONS) private readonly options: PricingOptions,
  ) {}

  /** Creates a category, under `parentId` when given. */
  async createCategory(ctx: CallContext, input: CategoryInput): Promise<Category> {
    const data = parse(CategoryInputSchema, input, 'category');
    return this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      const row = { id: uuidv7(), code: data.code, name: data.name, parentId: data.parentId ?? null };
      const [inserted] = await tx.sql<{ id: string }>(
        `insert into pricing_category (tenant_id, id, code, name, parent_id)
         select $1, $2, $3, $4, $5 where $5::uuid is null
            or exists (select 1 from pricing_category where tenant_id = $1 and id = $5)
         on conflict do nothing returning id`,
        [tx.tenantId, row.id, row.code, row.name, row.parentId],
      );
      if (!inserted) await refuseCategory(tx, row.code, row.parentId);
      return row;
    });
  }

  /** Every category of the tenant, by code. */
  async listCategories(ctx: CallContext): Promise<Category[]> {
    return this.db.transaction(ctx, async (tx) => {
      await visibilityOf(tx);
      return tx.db
        .selectFrom('PricingCategory')
        .select(['id', 'code', 'name', 'parentId'])
        .where('tenantId', '=', tx.tenantId)
        .orderBy('code')
        .execute();
    });
  }

  /** Creates a product or service; its SKU must be new in the tenant. */
  async createProduct(ctx: CallContext, input: ProductInput): Promise<Product> {
    return this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      const [created] = await insertProducts(tx, [input], this.options.defaultLocale);
      return created!;
    });
  }

  /**
   * Imports products from a CSV file or stream (columns `sku`, `name`, optional `name:<locale>`,
   * `description`, `kind`, `category` (a code), `unit`, `taxClass`, `cost`, `costCurrency`),
   * streaming in batches through core's CSV reader: idempotent by SKU (a re-import updates), with
   * each row's outcome — its product id, or its issues.
   *
   * @example
   * const { rows } = await crm.services.catalogue.importCsv(ctx, './catalogue.csv');
   */
  async importCsv(
    ctx: CallContext,
    source: Readable | string,
    options: CatalogueImportOptions = {},
  ): Promise<CatalogueImportResult> {
    return importCatalogueCsv(this.db, ctx, source, {
      ...options,
      defaultLocale: this.options.defaultLocale,
    });
  }

  /** Changes a product's fields (a new SKU must be free); bumps its version. */
  async updateProduct(ctx: CallContext, productId: string, patch: ProductPatch): Promise<Product> {
    const pid = id(productId, 'product id');
    return this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      return updateProduct(tx, pid, patch);
    });
  }

  /** Reads one product. */
  async getProduct(ctx: CallContext, productId: string): Promise<Product> {
    const pid = id(productId, 'product id');
    return this.db.transaction(ctx, async (tx) => {
      await visibilityOf(tx);
      return requireProduct(tx, pid);
    });
  }

  /** Reads one product by its SKU. */
  async getProductBySku(ctx: CallContext, sku: string): Promise<Product> {
    return this.db.transaction(ctx, async (tx) => {
      await visibilityOf(tx);
      const row = await selectProducts(tx).where('p.sku', '=', sku).executeTakeFirst();
      if (!row) throw new NotFoundError('Product with SKU', sku, { field: 'sku' });
      return toProduct(row);
    });
  }

  /** Lists products, optionally of a category subtree and a status, by SKU. */
  async listProducts(ctx: CallContext, query: ProductListQuery = {}): Promise<Product[]> {
    const categoryId = query.categoryId === undefined ? undefined : id(query.categoryId, 'categoryId');
    return this.db.transaction(ctx, async (tx) => {
      await visibilityOf(tx);
      let select = selectProducts(tx);
      if (categoryId) select = select.where('p.categoryId', 'in', await categorySubtreeIds(tx, categoryId));
      if (query.status) select = select.where('p.status', '=', query.status);
      const rows = await select
        .orderBy('p.sku')
        .limit(query.limit ?? 500)
        .execute();
      return rows.map(toProduct);
    });
  }

  /** Archives a product: it stays in history and in old prices, but is no longer offered. */
  async archiveProduct(ctx: CallContext, productId: string): Promise<Product> {
    const pid = id(productId, 'product id');
    return this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      return archiveProduct(tx, pid);
    });
  }

  /**
   * Deletes a product nothing refers to. One that prices, sale lines, quotes or relations refer to
   * is refused with CONFLICT (archive it instead).
   */
  async deleteProduct(ctx: CallContext, productId: string): Promise<void> {
    const pid = id(productId, 'product id');
    await this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      await requireProduct(tx, pid);
      try {
        await tx.sql('delete from pricing_product where tenant_id = $1 and id = $2', [tx.tenantId, pid]);
      } catch (error) {
        if (pgErrorOf(error)?.code !== '23503') throw error;
        throw new ConflictError(
          `Product ${pid} is referenced (prices, sales, quotes or relations): archive it instead`,
          {
            details: { id: pid, field: 'id', table: pgErrorOf(error)?.table },
            cause: error,
          },
        );
      }
    });
  }

  /** Declares `productId <kind> relatedId` (a bundle with the quantity it contains). */
  async relate(ctx: CallContext, input: RelationInput): Promise<ProductRelation> {
    const data = parse(RelationInputSchema, input, 'product relation');
    return this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      await requireProduct(tx, data.productId);
      await requireProduct(tx, data.relatedId);
      const relation = { id: uuidv7(), ...data, quantity: data.quantity ?? null };
      const [inserted] = await tx.sql<{ id: string }>(
        `insert into pricing_product_relation (tenant_id, id, product_id, kind, related_id, quantity)
         values ($1, $2, $3, $4, $5, $6) on conflict do nothing returning id`,
        [tx.tenantId, relation.id, relation.productId, relation.kind, relation.relatedId, relation.quantity],
      );
      if (!inserted)
        throw new DuplicateError(`${data.productId} is already ${data.kind} ${data.relatedId}`, {
          fields: ['productId', 'kind', 'relatedId'],
        });
      return relation;
    });
  }

  /** Removes a declared relation. */
  async unrelate(ctx: CallContext, relationId: string): Promise<void> {
    const rid = id(relationId, 'relation id');
    await this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      const gone = await tx.sql(
        'delete from pricing_product_relation where tenant_id = $1 and id = $2 returning id',
        [tx.tenantId, rid],
      );
      if (gone.length === 0) throw new NotFoundError('Product relation', rid);
    });
  }

  /** The relations a product takes part in, on either side. */
  async relationsOf(ctx: CallContext, productId: string): Promise<ProductRelation[]> {
    const pid = id(productId, 'product id');
    return this.db.transaction(ctx, async (tx) => {
      await visibilityOf(tx);
      const rows = await tx.db
        .selectFrom('PricingProductRelation')
        .select(['id', 'productId', 'kind', 'relatedId', 'quantity'])
        .where('tenantId', '=', tx.tenantId)
        .where((w) => w.or([w('productId', '=', pid), w('relatedId', '=', pid)]))
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ ...r, quantity: r.quantity === null ? null : String(r.quantity) }));
    });
  }
}

async function refuseCategory(tx: TxContext, code: string, parentId: string | null): Promise<never> {
  if (parentId) {
    const [parent] = await tx.sql('select 1 from pricing_category where tenant_id = $1 and id = $2', [
      tx.tenantId,
      parentId,
    ]);
    if (!parent)
      throw new InvalidDataError('category', [
        { path: 'parentId', message: 'no such category', code: 'custom' },
      ]);
  }
  throw new DuplicateError(`A category with code ${code} already exists`, { fields: ['code'] });
}
