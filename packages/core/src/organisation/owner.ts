import type { TxContext } from '../kernel/context.js';
import { InvalidDataError } from '../kernel/errors.js';

/**
 * Refuses an owner that is not an active employee of the tenant: invalid data about `entity`
 * (`party`, `deal`, …) naming the `ownerId` field. Plugins whose records have owners call it too.
 */
export async function requireActiveOwner(tx: TxContext, ownerId: string, entity = 'party'): Promise<void> {
  const [row] = await tx.sql<{ active: boolean }>(
    'select active from core_employee where tenant_id = $1 and id = $2',
    [tx.tenantId, ownerId],
  );
  if (!row?.active) {
    throw new InvalidDataError(entity, [
      {
        path: 'ownerId',
        message: row ? 'the owner is deactivated' : `no employee ${ownerId} in this tenant`,
        code: row ? 'custom' : 'not_found',
      },
    ]);
  }
}
