import type { TxContext } from '@rapport/core/plugin';

/** The recursive CTE of a category subtree (`$1` tenant, `$2` root category) as `subtree(id)`. */
export const SUBTREE_CTE = `with recursive subtree(id) as (
  select id from pricing_category where tenant_id = $1 and id = $2
  union
  select c.id from pricing_category c join subtree s on c.parent_id = s.id where c.tenant_id = $1
)`;

/** The ids of a category and every category below it (empty when it does not exist). */
export async function categorySubtreeIds(tx: TxContext, categoryId: string): Promise<string[]> {
  const rows = await tx.sql<{ id: string }>(`${SUBTREE_CTE} select id from subtree`, [
    tx.tenantId,
    categoryId,
  ]);
  return rows.length === 0 ? [categoryId] : rows.map((r) => r.id);
}
