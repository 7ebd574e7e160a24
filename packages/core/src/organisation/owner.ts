import type { TxContext } from '../kernel/context.js';
import { InvalidDataError } from '../kernel/errors.js';

/** Refuses an owner that is not an active employee of the tenant, naming the `ownerId` field. */
export async function requireActiveOwner(tx: TxContext, ownerId: string): Promise<void> {
  const [row] = await tx.sql<{ active: boolean }>(
    'select active from core_employee where tenant_id = $1 and id = $2',
    [tx.tenantId, ownerId],
  );
  if (!row?.active) {
    throw new InvalidDataError('party', [
      { path: 'ownerId', message: row ? 'the owner is deactivated' : 'no such employee', code: 'custom' },
    ]);
  }
}
