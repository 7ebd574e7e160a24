import type { TxContext } from '../kernel/context.js';
import { NotAllowedError } from '../kernel/errors.js';
import { paramBinder, visibilityOf, visibilitySql } from '../organisation/access.js';

/**
 * Which of `ids` exist in the tenant (the keys) and which of those the actor may see (the values),
 * in one query. With `lock`, the parties are locked in id order (`for no key update`), so that
 * concurrent callers cannot deadlock.
 */
export async function partyVisibility(
  tx: TxContext,
  ids: readonly string[],
  options: { lock?: boolean } = {},
): Promise<Map<string, boolean>> {
  if (ids.length === 0) return new Map();
  const params: unknown[] = [tx.tenantId, ids];
  const visible = visibilitySql(await visibilityOf(tx), 'p', paramBinder(params));
  const rows = await tx.sql<{ id: string; visible: boolean }>(
    `select p.id, (${visible}) is true as visible from core_party p
     where p.tenant_id = $1 and p.id = any($2::uuid[])${options.lock ? ' order by p.id for no key update of p' : ''}`,
    params,
  );
  return new Map(rows.map((r) => [r.id, r.visible]));
}

/** Refuses (not allowed, naming them) the parties of a {@link partyVisibility} map the actor may not see. */
export function refuseHiddenParties(found: ReadonlyMap<string, boolean>): void {
  const hidden = [...found].filter(([, visible]) => !visible).map(([id]) => id);
  if (hidden.length > 0)
    throw new NotAllowedError(`Not allowed to access party ${hidden.join(', ')}`, { partyIds: hidden });
}
