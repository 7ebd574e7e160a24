import { NotFoundError, type TxContext } from '@rapport/core/plugin';
import type { Product } from './types.js';

/** The product's own columns, read through `tx.db` over `PricingProduct as p`. */
const PRODUCT_FIELDS = [
  'p.id',
  'p.sku',
  'p.kind',
  'p.name',
  'p.description',
  'p.defaultLocale',
  'p.categoryId',
  'p.unit',
  'p.taxClass',
  'p.status',
  'p.cost',
  'p.costCurrency',
  'p.custom',
  'p.version',
  'p.createdAt',
  'p.updatedAt',
] as const;

/** A `tx.db` query over `PricingProduct as p` (of the caller's tenant) selecting a {@link Product}. */
export function selectProducts(tx: TxContext) {
  return tx.db.selectFrom('PricingProduct as p').select(PRODUCT_FIELDS).where('p.tenantId', '=', tx.tenantId);
}

/** Normalises a row of {@link selectProducts} (exact decimals without trailing zeros). */
export function toProduct(
  row: Awaited<ReturnType<ReturnType<typeof selectProducts>['execute']>>[number],
): Product {
  return { ...row, cost: row.cost === null ? null : trimDecimal(String(row.cost)) };
}

/** Reads one product, or throws NOT_FOUND. */
export async function requireProduct(tx: TxContext, id: string): Promise<Product> {
  const row = await selectProducts(tx).where('p.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Product', id);
  return toProduct(row);
}

/** `12.500000` → `12.50`: trailing zeros past two decimals are dropped; the value stays exact. */
export function trimDecimal(value: string): string {
  if (!value.includes('.')) return `${value}.00`;
  const [whole, fraction = ''] = value.split('.');
  return `${whole}.${fraction.replace(/0+$/, '').padEnd(2, '0')}`;
}
