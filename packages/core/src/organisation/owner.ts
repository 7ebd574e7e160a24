import type { TxContext } from '../kernel/context.js';
import { InvalidDataError, NotAllowedError } from '../kernel/errors.js';
import { visibilityOf } from './access.js';

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

/**
 * Refuses an owner the actor may not give a record of `entity` (`deal`, `contract`, …): one that is
 * not an active employee (see {@link requireActiveOwner}), or, for an agent, anyone but themselves
 * (not allowed: a manager assigns records to others).
 */
export async function requireAssignableOwner(tx: TxContext, ownerId: string, entity: string): Promise<void> {
  await requireActiveOwner(tx, ownerId, entity);
  const visibility = await visibilityOf(tx);
  if (visibility.role === 'agent' && visibility.employeeId !== ownerId)
    throw new NotAllowedError(`Agents may only own ${entity}s themselves; ask a manager to assign it`, {
      ownerId,
    });
}
