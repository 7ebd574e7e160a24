import type { TxContext } from '@rapport/core/plugin';

/**
 * The next contract number for the tenant, allocated in `tx` (gapless: a rollback frees it).
 * TEMPORARY until `@rapport/documents` is merged: a per-tenant advisory lock and a count.
 */
export async function allocateContractNumber(tx: TxContext, on: string): Promise<string> {
  await tx.sql(`select pg_advisory_xact_lock(hashtext('contracts_number:' || $1))`, [tx.tenantId]);
  const [row] = await tx.sql<{ n: number }>(
    `select count(*)::int + 1 as n from contracts_contract where tenant_id = $1 and number like $2`,
    [tx.tenantId, `CT-${on.slice(0, 4)}-%`],
  );
  return `CT-${on.slice(0, 4)}-${String(row?.n ?? 1).padStart(5, '0')}`;
}
