import type { BoundActorCheck } from '../kernel/actor-check.js';
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

/** The acting employee's row, as {@link employeeSql} reads it. */
interface EmployeeRow {
  role: EmployeeRole;
  active: boolean;
  department_id: string;
  path: string[];
  has_reports: boolean;
}

/**
 * The acting employee's row. Whether anyone reports to the employee is one index probe; the whole
 * chain below them (a recursive query, which costs twice a plain one to plan and run) is read only
 * when someone does.
 */
function employeeSql(tenant: string, employee: string): string {
  return `select e.role, e.active, e.department_id, d.path,
         exists (select 1 from core_employee x where x.tenant_id = ${tenant} and x.reports_to_id = ${employee}) as has_reports
       from core_employee e
       join core_department d on d.tenant_id = e.tenant_id and d.id = e.department_id
       where e.tenant_id = ${tenant} and e.id = ${employee}`;
}

/**
 * The employee acting in `tx` (null for a system actor), memoised per transaction: read by the actor
 * check with the statement that opens the transaction, or with one indexed query when no check ran.
 * An employee who is unknown in this tenant (another tenant's included) or deactivated may do
 * nothing: a not-allowed error (`details.reason` `EMPLOYEE_UNKNOWN` or `EMPLOYEE_DEACTIVATED`).
 */
export function actingEmployee(tx: TxContext): Promise<ActingEmployee | null> {
  return tx.memo(ACTING_EMPLOYEE, async () => {
    if (tx.actor.kind !== 'employee') return null;
    const [row] = await tx.sql<EmployeeRow>(employeeSql('$1', '$2'), [tx.tenantId, tx.actor.id]);
    return employeeOf(tx, row ?? null);
  });
}

async function employeeOf(tx: TxContext, row: EmployeeRow | null): Promise<ActingEmployee> {
  const actor = tx.actor as { kind: 'employee'; id: string };
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
 * nothing" without checking it method by method. The employee's row is read with the statement that
 * opens the transaction (no round trip of its own).
 */
export const checkActor: BoundActorCheck = {
  query: ({ tenantId, actor }, param) =>
    actor.kind === 'employee' ? employeeSql(`${param(tenantId)}::uuid`, `${param(actor.id)}::uuid`) : null,
  async check(tx, row) {
    if (tx.actor.kind !== 'employee') return requireTenant(tx);
    await tx.memo(ACTING_EMPLOYEE, () => employeeOf(tx, row as EmployeeRow | null));
  },
};
