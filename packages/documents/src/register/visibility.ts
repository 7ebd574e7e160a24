import { ownedBySql, type Visibility, visibilitySql } from '@rapport/core/plugin';

/**
 * The SQL predicate (over `alias`, a `documents_document` row) of the documents the actor may see:
 * administrators and system processes see all; an employee sees the documents they own (or that
 * someone reporting to them owns, or for a manager someone in their subtree) and every document
 * that concerns a party they may see (core's party visibility, plugins' clauses included).
 *
 * @example
 * const params: unknown[] = [tx.tenantId];
 * const visible = documentVisibilitySql(await visibilityOf(tx), 'd', paramBinder(params));
 * await tx.sql(`select * from documents_document d where d.tenant_id = $1 and ${visible}`, params);
 */
export function documentVisibilitySql(
  visibility: Visibility,
  alias: string,
  param: (value: unknown) => string,
): string {
  if (visibility.all) return 'true';
  const owned = visibility.employeeId ? ownedBySql(visibility, `${alias}.owner_id`, alias, param) : [];
  const parties = `exists (select 1 from documents_document_party vdp join core_party vpp
      on vpp.tenant_id = vdp.tenant_id and vpp.id = vdp.party_id
    where vdp.tenant_id = ${alias}.tenant_id and vdp.document_id = ${alias}.id and ${visibilitySql(visibility, 'vpp', param)})`;
  return `(${[...owned, parties].join(' or ')})`;
}
