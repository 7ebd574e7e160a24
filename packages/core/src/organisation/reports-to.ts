import type { TxContext } from '../kernel/context.js';
import { InvalidDataError } from '../kernel/errors.js';

/**
 * Refuses `reportsToId` as the manager of `employeeId` (null for a new employee) unless it is an
 * active employee of the tenant and the change makes no cycle. Reports-to changes of a tenant are
 * serialised by a transaction-scoped advisory lock taken first, so two concurrent updates that would
 * close a cycle together cannot both pass: the second sees the first's committed row.
 */
export async function requireValidReportsTo(
  tx: TxContext,
  employeeId: string | null,
  reportsToId: string,
  entity = 'employee',
): Promise<void> {
  const refuse = (message: string, code: string): never => {
    throw new InvalidDataError(entity, [{ path: 'reportsToId', message, code }]);
  };
  if (employeeId === reportsToId) refuse('an employee cannot report to themselves', 'custom');
  await tx.sql('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`core.reports_to:${tx.tenantId}`]);
  // The manager's own chain upwards (`union`, not `union all`: it ends even on a corrupt cycle).
  const [row] = await tx.sql<{ active: boolean | null; cycle: boolean }>(
    `with recursive chain(id, reports_to_id) as (
       select id, reports_to_id from core_employee where tenant_id = $1 and id = $2
       union
       select e.id, e.reports_to_id from core_employee e join chain c on e.tenant_id = $1 and e.id = c.reports_to_id
     )
     select (select active from core_employee where tenant_id = $1 and id = $2) as active,
       exists (select 1 from chain where id = $3::uuid) as cycle`,
    [tx.tenantId, reportsToId, employeeId],
  );
  if (row?.active === null || row?.active === undefined)
    refuse(`no employee ${reportsToId} in this tenant`, 'not_found');
  if (row?.active === false) refuse('the manager is deactivated', 'custom');
  if (row?.cycle)
    refuse(`${reportsToId} already reports (directly or indirectly) to ${employeeId}: a cycle`, 'cycle');
}

/**
 * A subquery of the ids of a team along the reports-to chain: the employee whose id is the SQL
 * expression `head` (a bound parameter) and everyone who reports to them, directly or indirectly.
 * `$1` must be the tenant. For `column in (${teamSql(bind(id))})` in a filter.
 */
export function teamSql(head: string): string {
  return `with recursive team(id) as (
      select ${head}::uuid
      union select te.id from core_employee te join team t on te.tenant_id = $1 and te.reports_to_id = t.id
    ) select id from team`;
}

/** The ids of everyone who reports to `employeeId`, directly or indirectly (one recursive query). */
export async function reportIdsOf(tx: TxContext, employeeId: string): Promise<string[]> {
  const rows = await tx.sql<{ id: string }>(
    `with recursive reports(id) as (
       select id from core_employee where tenant_id = $1 and reports_to_id = $2
       union
       select e.id from core_employee e join reports r on e.tenant_id = $1 and e.reports_to_id = r.id
     )
     select id from reports`,
    [tx.tenantId, employeeId],
  );
  return rows.map((r) => r.id);
}

/**
 * Re-points the direct reports of a leaving employee to the nearest active manager above them (null
 * when nobody above is active), so nobody reports to a deactivated employee and the chain above still
 * sees their customers. Serialised with other reports-to changes by the same advisory lock.
 */
export async function repointReports(
  tx: TxContext,
  leaverId: string,
): Promise<{ movedTo: string | null; employeeIds: string[] }> {
  await tx.sql('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`core.reports_to:${tx.tenantId}`]);
  const rows = await tx.sql<{ id: string; moved_to: string | null }>(
    `with recursive up(id, reports_to_id, active, depth) as (
       select m.id, m.reports_to_id, m.active, 1 from core_employee l
         join core_employee m on m.tenant_id = l.tenant_id and m.id = l.reports_to_id
        where l.tenant_id = $1 and l.id = $2
       union
       select m.id, m.reports_to_id, m.active, u.depth + 1 from up u
         join core_employee m on m.tenant_id = $1 and m.id = u.reports_to_id
        where not u.active and u.depth < 1000
     ),
     target as (select (select id from up where active order by depth limit 1) as id)
     update core_employee e set reports_to_id = (select id from target)
      where e.tenant_id = $1 and e.reports_to_id = $2
     returning e.id, e.reports_to_id as moved_to`,
    [tx.tenantId, leaverId],
  );
  return { movedTo: rows[0]?.moved_to ?? null, employeeIds: rows.map((r) => r.id).sort() };
}
