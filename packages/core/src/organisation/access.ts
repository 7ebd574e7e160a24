import type { TxContext } from '../kernel/context.js';
import { NotAllowedError } from '../kernel/errors.js';
import type { CrmHooks } from '../kernel/hooks.js';
import { HOOKS } from '../kernel/tokens.js';
import { PARTY_OPTIONS } from '../parties/options.js';
import { actingEmployee } from './actor-check.js';

/** The roles of employees: agents see their own, managers their department's subtree, administrators the tenant. */
export type EmployeeRole = 'agent' | 'manager' | 'admin';

/** Adds a condition to the visibility predicate; `param` binds a value and returns its placeholder. */
export type VisibilityClause = (alias: string, param: (value: unknown) => string) => string;

/** What the acting employee may see: resolved once per transaction, extended by `transformVisibility` taps. */
export interface Visibility {
  /** The whole tenant (administrators and system processes). */
  all: boolean;
  role: EmployeeRole | 'system';
  employeeId: string | null;
  departmentId: string | null;
  /** The ids of the employee's department and its ancestors (shares with any of them apply). */
  departmentPath: string[];
  /**
   * Everyone who reports to the employee, directly or indirectly (the reports-to chain): their
   * records are visible as the employee's own, in addition to the department subtree.
   */
  reportIds: string[];
  /** Whether parties without an owner (the lead pool) are visible. */
  unowned: boolean;
  /** Extra OR-conditions from plugins. */
  clauses: VisibilityClause[];
}

/**
 * Whether the actor may change a record owned by `ownerId` (a deal, a contract, a quote, a document)
 * they have already been allowed to read: its owner, someone the owner reports to (directly or
 * indirectly), a manager, an administrator or a system process. A record without an owner: managers,
 * administrators and system processes. Colleagues who see it through its parties may read it only.
 */
export function mayChangeOwned(visibility: Visibility, ownerId: string | null): boolean {
  if (visibility.all || visibility.role === 'manager') return true;
  if (ownerId === null) return false;
  return visibility.employeeId === ownerId || visibility.reportIds.includes(ownerId);
}

const VISIBILITY = Symbol('rapport.visibility');

/**
 * Resolves the actor's visibility (memoised per transaction). An employee actor who does not exist
 * or is deactivated may do nothing: a not-allowed error (raised by the actor check, see `actingEmployee`).
 */
export function visibilityOf(tx: TxContext): Promise<Visibility> {
  return tx.memo(VISIBILITY, async () => {
    const unowned = tx.resolve(PARTY_OPTIONS).unownedPartiesVisible;
    let visibility: Visibility;
    if (tx.actor.kind === 'system') {
      visibility = {
        all: true,
        role: 'system',
        employeeId: null,
        departmentId: null,
        departmentPath: [],
        reportIds: [],
        unowned: true,
        clauses: [],
      };
    } else {
      // Read (and refused when unknown or deactivated) once per transaction by the actor check.
      const row = (await actingEmployee(tx))!;
      visibility = {
        all: row.role === 'admin',
        role: row.role,
        employeeId: tx.actor.id,
        departmentId: row.departmentId,
        departmentPath: row.departmentPath,
        reportIds: row.reportIds,
        unowned,
        clauses: [],
      };
    }
    return tx.resolve<Readonly<CrmHooks>>(HOOKS).transformVisibility.promise(visibility, tx);
  });
}

/**
 * The SQL predicate (over the party alias) of what `visibility` allows, binding values through
 * `param`. Lists, searches, segments and exports AND it into their one query.
 */
export function visibilitySql(
  visibility: Visibility,
  alias: string,
  param: (value: unknown) => string,
): string {
  if (visibility.all) return 'true';
  const me = param(visibility.employeeId);
  const path = param(visibility.departmentPath);
  const or = [
    `${alias}.owner_id = ${me}::uuid`,
    `exists (select 1 from core_party_share s where s.tenant_id = ${alias}.tenant_id and s.party_id = ${alias}.id
       and (s.employee_id = ${me}::uuid or s.department_id = any(${path}::uuid[])))`,
  ];
  if (visibility.unowned) or.push(`${alias}.owner_id is null`);
  if (visibility.reportIds.length > 0) {
    const reports = param(visibility.reportIds);
    or.push(
      `${alias}.owner_id = any(${reports}::uuid[])`,
      `exists (select 1 from core_party_share s where s.tenant_id = ${alias}.tenant_id and s.party_id = ${alias}.id
         and s.employee_id = any(${reports}::uuid[]))`,
    );
  }
  if (visibility.role === 'agent' && visibility.departmentId)
    or.push(`${alias}.team_id = ${param(visibility.departmentId)}::uuid`);
  if (visibility.role === 'manager' && visibility.departmentId) {
    const dept = param([visibility.departmentId]);
    or.push(
      `exists (select 1 from core_employee e join core_department d on d.tenant_id = e.tenant_id and d.id = e.department_id
         where e.tenant_id = ${alias}.tenant_id and e.id = ${alias}.owner_id and d.path @> ${dept}::uuid[])`,
      `exists (select 1 from core_department d where d.tenant_id = ${alias}.tenant_id and d.id = ${alias}.team_id and d.path @> ${dept}::uuid[])`,
    );
  }
  for (const clause of visibility.clauses) or.push(`(${clause(alias, param)})`);
  return `(${or.join(' or ')})`;
}

/** Binds values into a params array that already holds `params.length` values. */
export function paramBinder(params: unknown[]): (value: unknown) => string {
  return (value) => {
    params.push(value);
    return `$${params.length}`;
  };
}

/** Refuses (not allowed) unless the actor may see every one of the parties. */
export async function assertVisible(tx: TxContext, partyIds: readonly string[]): Promise<void> {
  const visibility = await visibilityOf(tx);
  if (visibility.all || partyIds.length === 0) return;
  const params: unknown[] = [tx.tenantId, partyIds];
  const predicate = visibilitySql(visibility, 'p', paramBinder(params));
  const hidden = await tx.sql<{ id: string }>(
    `select p.id from core_party p where p.tenant_id = $1 and p.id = any($2::uuid[]) and (${predicate}) is not true`,
    params,
  );
  if (hidden.length > 0) {
    throw new NotAllowedError(`Not allowed to access party ${hidden.map((h) => h.id).join(', ')}`, {
      partyIds: hidden.map((h) => h.id),
    });
  }
}
