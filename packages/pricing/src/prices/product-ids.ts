import { InvalidDataError, type TxContext } from '@rapport/core/plugin';

/**
 * Maps items given by product id or SKU to product ids in one query; an unknown one is INVALID_DATA
 * naming `<path>.N.sku` (or `.productId`).
 */
export async function productIdsOf(
  tx: TxContext,
  items: ReadonlyArray<{ productId?: string | undefined; sku?: string | undefined }>,
  path: string,
  what: string,
): Promise<string[]> {
  const rows = await tx.sql<{ id: string; sku: string }>(
    'select id, sku from pricing_product where tenant_id = $1 and (id = any($2::uuid[]) or sku = any($3::text[]))',
    [
      tx.tenantId,
      items.flatMap((i) => (i.productId ? [i.productId] : [])),
      items.flatMap((i) => (i.sku ? [i.sku] : [])),
    ],
  );
  const byId = new Set(rows.map((r) => r.id));
  const bySku = new Map(rows.map((r) => [r.sku, r.id]));
  const issues = items.flatMap((item, i) => {
    if (item.productId ? byId.has(item.productId) : bySku.has(item.sku!)) return [];
    const field = item.productId ? 'productId' : 'sku';
    return [
      { path: `${path}.${i}.${field}`, message: `no product ${item.productId ?? item.sku}`, code: 'custom' },
    ];
  });
  if (issues.length > 0) throw new InvalidDataError(what, issues);
  return items.map((item) => item.productId ?? bySku.get(item.sku!)!);
}
