import type { Visibility } from '../organisation/access.js';
import { visibilitySql } from '../organisation/access.js';
import type { TableParticipation } from './declaration.js';

/**
 * The SQL predicate (over `alias`, a row of the declared table) of the rows the actor may see:
 * administrators and system processes see all; an employee sees the rows they own or that someone
 * reporting to them (directly or indirectly) owns, the rows of their team (agents) or owned by /
 * assigned to a team in their subtree (managers), and the rows
 * pointing at any party they may see (core's party visibility, plugins' clauses included).
 *
 * @example
 * const params: unknown[] = [tx.tenantId];
 * const visible = rowVisibilitySql(await visibilityOf(tx), dealParticipation, 'd', paramBinder(params));
 * await tx.sql(`select * from pipeline_deal d where d.tenant_id = $1 and ${visible}`, params);
 */
export function rowVisibilitySql(
  visibility: Visibility,
  declaration: TableParticipation,
  alias: string,
  param: (value: unknown) => string,
): string {
  if (visibility.all) return 'true';
  const { owner, team } = declaration.visibility ?? {};
  const parties = declaration.visibility?.parties ?? declaration.parties?.map((p) => p.column) ?? [];
  const or: string[] = [];
  if (owner) or.push(...ownedBySql(visibility, `${alias}.${owner}`, alias, param));
  if (team && visibility.role === 'agent' && visibility.departmentId)
    or.push(`${alias}.${team} = ${param(visibility.departmentId)}::uuid`);
  if (team && visibility.role === 'manager' && visibility.departmentId)
    or.push(`exists (select 1 from core_department vt where vt.tenant_id = ${alias}.tenant_id and vt.id = ${alias}.${team}
       and vt.path @> ${param([visibility.departmentId])}::uuid[])`);
  for (const column of parties) {
    const p = `vp_${column}`;
    or.push(`exists (select 1 from core_party ${p} where ${p}.tenant_id = ${alias}.tenant_id and ${p}.id = ${alias}.${column}
       and ${visibilitySql(visibility, p, param)})`);
  }
  return or.length === 0 ? 'false' : `(${or.join(' or ')})`;
}

/**
 * The OR-conditions under which the actor owns a row through its owner column `ownerColumn`
 * (qualified, e.g. `d.owner_id`; `alias` is the row's alias for its tenant): the owner is the actor,
 * someone who reports to the actor (directly or indirectly), or, for a manager, an employee of the
 * manager's department subtree.
 */
export function ownedBySql(
  visibility: Visibility,
  ownerColumn: string,
  alias: string,
  param: (value: unknown) => string,
): string[] {
  const or = [`${ownerColumn} = ${param(visibility.employeeId)}::uuid`];
  if (visibility.reportIds.length > 0)
    or.push(`${ownerColumn} = any(${param(visibility.reportIds)}::uuid[])`);
  if (visibility.role === 'manager' && visibility.departmentId)
    or.push(`exists (select 1 from core_employee ve join core_department vo on vo.tenant_id = ve.tenant_id and vo.id = ve.department_id
       where ve.tenant_id = ${alias}.tenant_id and ve.id = ${ownerColumn} and vo.path @> ${param([visibility.departmentId])}::uuid[])`);
  return or;
}
