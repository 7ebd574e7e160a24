import type { EmployeeDeactivatedEvent, OwnershipTransferEvent, TxContext } from '@rapport/core/plugin';

/**
 * A reassignment of customers takes their open deals along: the open deals of the reassigned
 * customers that the previous owner owned go to the new owner (closed deals keep theirs: history).
 * Audited per deal; returns the waterfall's counts with `deals` added when any moved.
 */
export async function transferDeals(
  moved: Record<string, number>,
  event: OwnershipTransferEvent,
  tx: TxContext,
): Promise<Record<string, number>> {
  // Deals always have an owner: when customers are left unassigned, their deals stay where they are.
  if (!event.toEmployeeId) return moved;
  const [row] = await tx.sql<{ n: number }>(
    `with moved as (
       update pipeline_deal d set owner_id = $4, version = d.version + 1, updated_at = clock_timestamp()
       from core_reassignment_item i
       where d.tenant_id = $1 and d.status = 'open' and d.owner_id = $3
         and i.tenant_id = d.tenant_id and i.reassignment_id = $2 and i.party_id = d.customer_id
       returning d.id
     ), history as (
       insert into pipeline_deal_history (tenant_id, id, deal_id, changed_at, actor, operation, changes)
       select $1, core_uuidv7(), id, clock_timestamp(), $5::jsonb, 'reassign',
         jsonb_build_object('ownerId', jsonb_build_array($3::uuid, $4::uuid), 'reassignmentId', $2::uuid)
       from moved
     )
     select count(*)::int as n from moved`,
    [tx.tenantId, event.reassignmentId, event.fromEmployeeId, event.toEmployeeId, JSON.stringify(tx.actor)],
  );
  const n = row?.n ?? 0;
  return n > 0 ? { ...moved, deals: (moved.deals ?? 0) + n } : moved;
}

/**
 * A deactivated employee's remaining open deals (on customers someone else owns, which the
 * reassignment did not cover) go to the heir too, so no open deal is left with someone who left.
 */
export async function inheritDeals(event: EmployeeDeactivatedEvent, tx: TxContext): Promise<void> {
  if (!event.heirId) return;
  await tx.sql(
    `with moved as (
       update pipeline_deal set owner_id = $3, version = version + 1, updated_at = clock_timestamp()
       where tenant_id = $1 and status = 'open' and owner_id = $2 returning id
     )
     insert into pipeline_deal_history (tenant_id, id, deal_id, changed_at, actor, operation, changes)
     select $1, core_uuidv7(), id, clock_timestamp(), $4::jsonb, 'reassign',
       jsonb_build_object('ownerId', jsonb_build_array($2::uuid, $3::uuid), 'reassignmentId', $5::uuid)
     from moved`,
    [tx.tenantId, event.employee.id, event.heirId, JSON.stringify(tx.actor), event.reassignmentId],
  );
}
