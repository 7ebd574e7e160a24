import {
  type CallContext,
  DATABASE,
  type Database,
  DuplicateError,
  inject,
  injectable,
  NotFoundError,
  parse,
  requireManager,
  type TxContext,
  visibilityOf,
  z,
} from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import { categorySubtreeIds } from '../catalogue/category-sql.js';
import {
  type AssignmentInput,
  AssignmentInputSchema,
  Day,
  type DiscountInput,
  DiscountInputSchema,
  type PriceListInput,
  PriceListInputSchema,
  type SetPricesInput,
  SetPricesSchema,
  type TaxRateInput,
  TaxRateInputSchema,
  today,
} from './price-list-input.js';
import { LIST_COLUMNS, PRICE_COLUMNS, RULE_COLUMNS, TAX_COLUMNS } from './price-list-sql.js';
import { productIdsOf } from './product-ids.js';
import type { DiscountRule, Price, PriceList, TaxRate } from './types.js';

const Id = z.uuid();

/**
 * Price lists: their prices with quantity breaks, discount rules, assignments to parties and
 * segments, and the tenant's tax rates. Managers and administrators change them; prices and tax
 * rates are never rewritten — a change closes the current row and inserts a new one.
 */
@injectable()
export class PriceListService {
  constructor(@inject(DATABASE) private readonly db: Database) {}

  /** Creates a price list. */
  async create(ctx: CallContext, input: PriceListInput): Promise<PriceList> {
    const data = parse(PriceListInputSchema, input, 'price list');
    return this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      const [row] = await tx.sql<PriceList>(
        `insert into pricing_price_list (tenant_id, id, name, currency, priority, is_default, valid_from, valid_to)
         values ($1, $2, $3, $4, $5, $6, $7, $8) on conflict do nothing returning ${LIST_COLUMNS}`,
        [
          tx.tenantId,
          uuidv7(),
          data.name,
          data.currency,
          data.priority,
          data.isDefault,
          data.validFrom ?? null,
          data.validTo ?? null,
        ],
      );
      if (!row)
        throw new DuplicateError(`A price list named ${data.name} already exists`, { fields: ['name'] });
      return row;
    });
  }

  /** Every price list of the tenant, by priority (highest first) and name. */
  async list(ctx: CallContext): Promise<PriceList[]> {
    return this.db.transaction(ctx, async (tx) => {
      await visibilityOf(tx);
      return tx.sql<PriceList>(
        `select ${LIST_COLUMNS} from pricing_price_list where tenant_id = $1 order by priority desc, name`,
        [tx.tenantId],
      );
    });
  }

  /**
   * Sets prices from a day on: for each product and quantity break, the current row (and any later
   * one) is closed on that day and the new row inserted. Returns the new rows.
   *
   * @example
   * await crm.services.priceLists.setPrices(ctx, list.id, {
   *   validFrom: '2026-01-01',
   *   prices: [{ sku: 'PH-1', unitPrice: '499.00' }, { sku: 'PH-1', unitPrice: '449.00', minQuantity: 10 }],
   * });
   */
  async setPrices(ctx: CallContext, priceListId: string, input: SetPricesInput): Promise<Price[]> {
    const listId = parse(Id, priceListId, 'price list id');
    const data = parse(SetPricesSchema, input, 'prices');
    const from = data.validFrom ?? today();
    return this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      await lockList(tx, listId);
      const productIds = await productIdsOf(tx, data.prices, 'prices', 'prices');
      const rows = data.prices.map((p, i) => ({
        id: uuidv7(),
        product_id: productIds[i],
        min_quantity: p.minQuantity,
        unit_price: p.unitPrice,
      }));
      const json = JSON.stringify(rows);
      await tx.sql(
        `update pricing_price p set valid_to = greatest(p.valid_from, $3::date)
         from jsonb_to_recordset($4::jsonb) as r(product_id uuid, min_quantity numeric)
         where p.tenant_id = $1 and p.price_list_id = $2 and p.product_id = r.product_id
           and p.min_quantity = r.min_quantity and (p.valid_to is null or p.valid_to > $3::date)`,
        [tx.tenantId, listId, from, json],
      );
      return tx.sql<Price>(
        `insert into pricing_price (tenant_id, id, price_list_id, product_id, min_quantity, unit_price, valid_from)
         select $1, r.id, $2, r.product_id, r.min_quantity, r.unit_price, $3::date
         from jsonb_to_recordset($4::jsonb) as r(id uuid, product_id uuid, min_quantity numeric, unit_price numeric)
         returning ${PRICE_COLUMNS}`,
        [tx.tenantId, listId, from, json],
      );
    });
  }

  /** The prices of a list valid on a day (default today), by product and quantity break. */
  async prices(ctx: CallContext, priceListId: string, options: { date?: string } = {}): Promise<Price[]> {
    const listId = parse(Id, priceListId, 'price list id');
    const date = options.date === undefined ? today() : parse(Day, options.date, 'date');
    return this.db.transaction(ctx, async (tx) => {
      await visibilityOf(tx);
      return tx.sql<Price>(
        `select ${PRICE_COLUMNS} from pricing_price where tenant_id = $1 and price_list_id = $2
           and valid_from <= $3::date and (valid_to is null or valid_to > $3::date)
         order by product_id, min_quantity`,
        [tx.tenantId, listId, date],
      );
    });
  }

  /** Adds a discount rule to a list (on a product, a category subtree, or the whole list). */
  async addDiscount(ctx: CallContext, priceListId: string, input: DiscountInput): Promise<DiscountRule> {
    const listId = parse(Id, priceListId, 'price list id');
    const d = parse(DiscountInputSchema, input, 'discount');
    return this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      await lockList(tx, listId);
      const productId =
        d.productId || d.sku ? (await productIdsOf(tx, [d], 'discount', 'discount'))[0]! : null;
      if (d.categoryId && (await categorySubtreeIds(tx, d.categoryId)).length === 0)
        throw new NotFoundError('Category', d.categoryId, { field: 'categoryId' });
      const scope = productId ? 'product' : d.categoryId ? 'category' : 'list';
      const [rule] = await tx.sql<DiscountRule>(
        `insert into pricing_discount_rule (tenant_id, id, price_list_id, name, scope, product_id, category_id,
           min_quantity, percent, amount, priority, valid_from, valid_to)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning ${RULE_COLUMNS}`,
        [
          tx.tenantId,
          uuidv7(),
          listId,
          d.name,
          scope,
          productId,
          d.categoryId ?? null,
          d.minQuantity,
          d.percent ?? null,
          d.amount ?? null,
          d.priority,
          d.validFrom ?? null,
          d.validTo ?? null,
        ],
      );
      return rule!;
    });
  }

  /** Ends a discount rule from a day on (default today); the rule stays as history. */
  async endDiscount(
    ctx: CallContext,
    ruleId: string,
    options: { date?: string } = {},
  ): Promise<DiscountRule> {
    const id = parse(Id, ruleId, 'discount rule id');
    const date = options.date === undefined ? today() : parse(Day, options.date, 'date');
    return this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      const [rule] = await tx.sql<DiscountRule>(
        `update pricing_discount_rule set valid_to = greatest(coalesce(valid_from, $3::date), $3::date)
         where tenant_id = $1 and id = $2 and (valid_to is null or valid_to > $3::date) returning ${RULE_COLUMNS}`,
        [tx.tenantId, id, date],
      );
      if (!rule) throw new NotFoundError('Current discount rule', id);
      return rule;
    });
  }

  /** Assigns a list to a party or a segment (idempotent). */
  async assign(ctx: CallContext, priceListId: string, target: AssignmentInput): Promise<void> {
    const listId = parse(Id, priceListId, 'price list id');
    const t = parse(AssignmentInputSchema, target, 'assignment');
    await this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      await lockList(tx, listId);
      const partyId = 'partyId' in t ? t.partyId : null;
      const segmentId = 'segmentId' in t ? t.segmentId : null;
      const table = partyId ? 'core_party' : 'core_segment';
      const [found] = await tx.sql(`select 1 from ${table} where tenant_id = $1 and id = $2`, [
        tx.tenantId,
        partyId ?? segmentId,
      ]);
      if (!found)
        throw new NotFoundError(partyId ? 'Party' : 'Segment', (partyId ?? segmentId)!, {
          field: partyId ? 'partyId' : 'segmentId',
        });
      await tx.sql(
        `insert into pricing_price_list_assignment (tenant_id, id, price_list_id, party_id, segment_id)
         values ($1, $2, $3, $4, $5) on conflict do nothing`,
        [tx.tenantId, uuidv7(), listId, partyId, segmentId],
      );
    });
  }

  /** Removes a list's assignment to a party or a segment. */
  async unassign(ctx: CallContext, priceListId: string, target: AssignmentInput): Promise<void> {
    const listId = parse(Id, priceListId, 'price list id');
    const t = parse(AssignmentInputSchema, target, 'assignment');
    await this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      await tx.sql(
        `delete from pricing_price_list_assignment where tenant_id = $1 and price_list_id = $2
           and (party_id = $3 or segment_id = $4)`,
        [tx.tenantId, listId, 'partyId' in t ? t.partyId : null, 'segmentId' in t ? t.segmentId : null],
      );
    });
  }

  /** Sets the rate of a tax class (for a country, or for all) from a day on, closing the current one. */
  async setTaxRate(ctx: CallContext, input: TaxRateInput): Promise<TaxRate> {
    const data = parse(TaxRateInputSchema, input, 'tax rate');
    const from = data.validFrom ?? today();
    return this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      await tx.sql('select pg_advisory_xact_lock(hashtext($1 || $2))', [tx.tenantId, `tax:${data.taxClass}`]);
      await tx.sql(
        `update pricing_tax_rate set valid_to = greatest(valid_from, $4::date)
         where tenant_id = $1 and tax_class = $2 and country is not distinct from $3
           and (valid_to is null or valid_to > $4::date)`,
        [tx.tenantId, data.taxClass, data.country ?? null, from],
      );
      const [rate] = await tx.sql<TaxRate>(
        `insert into pricing_tax_rate (tenant_id, id, tax_class, country, rate, valid_from)
         values ($1, $2, $3, $4, $5, $6) returning ${TAX_COLUMNS}`,
        [tx.tenantId, uuidv7(), data.taxClass, data.country ?? null, data.rate, from],
      );
      return rate!;
    });
  }
}

/** Locks a price list for the transaction (changes to one list are serial), or throws NOT_FOUND. */
async function lockList(tx: TxContext, id: string): Promise<void> {
  const [row] = await tx.sql('select 1 from pricing_price_list where tenant_id = $1 and id = $2 for update', [
    tx.tenantId,
    id,
  ]);
  if (!row) throw new NotFoundError('Price list', id);
}
