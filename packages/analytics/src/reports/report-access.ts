import { NotAllowedError, ownedBySql, paramBinder, type TxContext, visibilityOf } from '@rapport/core/plugin';

/**
 * The SQL predicate (over the report alias `r`) of the reports the actor may read and run: their own,
 * those of anyone who reports to them (or, for a manager, of their department subtree), those shared
 * with their department or a department above it, and, for administrators and system processes, all.
 */
export async function readableReportsSql(tx: TxContext, params: unknown[]): Promise<string> {
  const visibility = await visibilityOf(tx);
  if (visibility.all) return 'true';
  const bind = paramBinder(params);
  const owned = ownedBySql(visibility, 'r.owner_id', 'r', bind);
  return `(${owned.join(' or ')} or r.department_id = any(${bind(visibility.departmentPath)}::uuid[]))`;
}

/**
 * Refuses (not allowed) unless the actor may change or delete a report owned by `ownerId`: its
 * owner, whoever the owner reports to, a manager of the owner's department subtree, administrators.
 */
export async function requireReportEditor(
  tx: TxContext,
  report: { id: string; ownerId: string | null },
): Promise<void> {
  const visibility = await visibilityOf(tx);
  if (visibility.all) return;
  if (report.ownerId !== null) {
    const params: unknown[] = [tx.tenantId, report.ownerId];
    const owned = ownedBySql(visibility, '$2::uuid', 'x', paramBinder(params));
    const [row] = await tx.sql<{ ok: boolean }>(
      `select (${owned.join(' or ')}) as ok from (select $1::uuid as tenant_id) x`,
      params,
    );
    if (row?.ok) return;
  }
  throw new NotAllowedError(
    `Only the owner of report ${report.id}, their managers or administrators may change it`,
    {
      reportId: report.id,
      ownerId: report.ownerId,
    },
  );
}
