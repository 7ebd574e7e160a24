import type { TxContext } from '../kernel/context.js';
import { NotAllowedError } from '../kernel/errors.js';
import { visibilityOf } from '../organisation/access.js';

/**
 * Refuses (not allowed) unless the actor may change or delete a saved segment owned by `ownerId`:
 * administrators and system processes always; otherwise the owner, anyone the owner reports to
 * (directly or indirectly), or a manager whose department subtree holds the owner's department. A
 * segment without an owner is for administrators only. Using a segment (listing, reading, querying
 * its members, sending to it) needs no such right: members are always cut to what the actor sees.
 */
export async function requireSegmentEditor(
  tx: TxContext,
  segment: { id: string; ownerId: string | null },
): Promise<void> {
  const visibility = await visibilityOf(tx);
  if (visibility.all) return;
  const { ownerId } = segment;
  if (ownerId !== null) {
    if (ownerId === visibility.employeeId || visibility.reportIds.includes(ownerId)) return;
    if (visibility.role === 'manager' && visibility.departmentId) {
      const [row] = await tx.sql<{ managed: boolean }>(
        `select exists (select 1 from core_employee e join core_department d on d.tenant_id = e.tenant_id and d.id = e.department_id
           where e.tenant_id = $1 and e.id = $2 and d.path @> array[$3::uuid]) as managed`,
        [tx.tenantId, ownerId, visibility.departmentId],
      );
      if (row?.managed) return;
    }
  }
  throw new NotAllowedError(
    ownerId === null
      ? `Only administrators may change segment ${segment.id}`
      : `Only the owner of segment ${segment.id}, their managers or administrators may change it`,
    { segmentId: segment.id, ownerId },
  );
}
