import type { ActorCheck } from '../kernel/actor-check.js';
import type { TxContext } from '../kernel/context.js';
import { NotAllowedError, NotFoundError } from '../kernel/errors.js';
import { DATABASE } from '../kernel/tokens.js';
import type { EmployeeRole } from './access.js';
import { reportIdsOf } from './reports-to.js';

/** The acting employee as the transaction found them (read once, by the actor check). */
export interface ActingEmployee {
  id: string;
  role: EmployeeRole;
  departmentId: string;
  /** The ids of the employee's department and its ancestors. */
  departmentPath: string[];
  /** Everyone who reports to the employee, directly or indirectly. */
  reportIds: string[];
}

const ACTING_EMPLOYEE = Symbol('rapport.actingEmployee');

/**
 * The employee acting in `tx` (null for a system actor), read with one indexed query and memoised per
 * transaction. An employee who is unknown in this tenant (another tenant's included) or deactivated
 * may do nothing: a not-allowed error (`details.reason` `EMPLOYEE_UNKNOWN` or `EMPLOYEE_DEACTIVATED`).
 */
export function actingEmployee(tx: TxContext): Promise<ActingEmployee | null> {
  return tx.memo(ACTING_EMPLOYEE, async () => {
    const actor = tx.actor;
    if (actor.kind !== 'employee') return null;
    // Whether anyone reports to the employee is one index probe; the whole chain below them (a
    // recursive query, which costs twice a plain one to plan and run) is read only when someone does.
    const [row] = await tx.sql<{
      role: EmployeeRole;
      active: boolean;
      department_id: string;
      path: string[];
      has_reports: boolean;
    }>(
      `select e.role, e.active, e.department_id, d.path,
         exists (select 1 from core_employee x where x.tenant_id = $1 and x.reports_to_id = $2) as has_reports
       from core_employee e
       join core_department d on d.tenant_id = e.tenant_id and d.id = e.department_id
       where e.tenant_id = $1 and e.id = $2`,
      [tx.tenantId, actor.id],
    );
    if (!row) {
      await requireTenant(tx);
      throw new NotAllowedError(`Employee ${actor.id} does not exist in this tenant and may do nothing`, {
        employeeId: actor.id,
        reason: 'EMPLOYEE_UNKNOWN',
      });
    }
    if (!row.active) {
      throw new NotAllowedError(`Employee ${actor.id} is deactivated and may do nothing`, {
        employeeId: actor.id,
        reason: 'EMPLOYEE_DEACTIVATED',
      });
    }
    return {
      id: actor.id,
      role: row.role,
      departmentId: row.department_id,
      departmentPath: row.path,
      reportIds: row.has_reports ? await reportIdsOf(tx, actor.id) : [],
    };
  });
}

/**
 * Tenants found to exist, per CRM (keyed by its database): tenants are never deleted, so a tenant
 * once found needs no lookup in later transactions, and system calls pay no extra round trip.
 */
const knownTenants = new WeakMap<object, Set<string>>();

/** A context for a tenant that does not exist is a not-found error naming the tenant. */
async function requireTenant(tx: TxContext): Promise<void> {
  const database = tx.resolve<object>(DATABASE);
  const known = knownTenants.get(database) ?? new Set<string>();
  knownTenants.set(database, known);
  if (known.has(tx.tenantId)) return;
  const [tenant] = await tx.sql('select 1 from core_tenant where id = $1', [tx.tenantId]);
  if (!tenant) throw new NotFoundError('Tenant', tx.tenantId, { reason: 'TENANT_UNKNOWN' });
  known.add(tx.tenantId);
}

/**
 * Core's actor check, run by the kernel once when each transaction opens: the tenant exists, and an
 * employee actor exists in it and is active. So every service obeys "a deactivated employee may do
 * nothing" without checking it method by method.
 */
export const checkActor: ActorCheck = async (tx) => {
  if (tx.actor.kind === 'employee') await actingEmployee(tx);
  else await requireTenant(tx);
};
