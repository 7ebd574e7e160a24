import { teamSql, type Visibility } from '@rapport/core/plugin';
import { dealVisibilitySql } from '../deals/visibility.js';

/** The optional deal filters shared by the funnel, forecasts and the stalled-deal analysis. */
export interface DealFilter {
  ownerId?: string | undefined;
  departmentId?: string | undefined;
  /** The team of this employee: deals they own or anyone reporting to them (directly or indirectly) owns. */
  teamOf?: string | undefined;
  currency?: string | undefined;
}

/**
 * SQL predicates over the deal alias `d` for an owner, a department subtree (the owner's department
 * is the department or one below it), a team along the reports-to chain (the employee and everyone
 * below them), a currency and the actor's visibility, plus the existence
 * checks of the owner and department, evaluated in the same statement (`<field>_found` columns).
 */
export function dealFilterSql(
  filter: DealFilter,
  visibility: Visibility,
  bind: (value: unknown) => string,
): { predicates: string[]; checks: string[] } {
  const predicates: string[] = [];
  const checks: string[] = [];
  if (filter.ownerId !== undefined) {
    const owner = bind(filter.ownerId);
    predicates.push(`d.owner_id = ${owner}::uuid`);
    checks.push(
      `exists (select 1 from core_employee x where x.tenant_id = $1 and x.id = ${owner}::uuid) as owner_found`,
    );
  }
  if (filter.departmentId !== undefined) {
    const dept = bind(filter.departmentId);
    predicates.push(`d.owner_id in (select fe.id from core_employee fe
      join core_department fd on fd.tenant_id = fe.tenant_id and fd.id = fe.department_id
      where fe.tenant_id = $1 and fd.path @> array[${dept}::uuid])`);
    checks.push(
      `exists (select 1 from core_department x where x.tenant_id = $1 and x.id = ${dept}::uuid) as department_found`,
    );
  }
  if (filter.teamOf !== undefined) {
    const head = bind(filter.teamOf);
    predicates.push(`d.owner_id in (${teamSql(head)})`);
    checks.push(
      `exists (select 1 from core_employee x where x.tenant_id = $1 and x.id = ${head}::uuid) as team_found`,
    );
  }
  if (filter.currency !== undefined) predicates.push(`d.currency = ${bind(filter.currency)}`);
  const visible = dealVisibilitySql(visibility, 'd', bind);
  if (visible !== 'true') predicates.push(visible);
  return { predicates, checks };
}
