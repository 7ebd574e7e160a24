import { type FieldIssue, InvalidDataError, type TxContext } from '@rapport/core/plugin';

/**
 * Refuses document ids that are not documents of this tenant (`@rapport/documents`' register):
 * invalid data naming `documentIds.<i>`, nothing written.
 */
export async function checkDocuments(
  tx: TxContext,
  documentIds: readonly string[],
  what: string,
): Promise<void> {
  if (documentIds.length === 0) return;
  const rows = await tx.sql<{ id: string }>(
    'select id from documents_document where tenant_id = $1 and id = any($2::uuid[])',
    [tx.tenantId, [...documentIds]],
  );
  const found = new Set(rows.map((r) => r.id));
  const issues: FieldIssue[] = documentIds.flatMap((id, i) =>
    found.has(id)
      ? []
      : [{ path: `documentIds.${i}`, message: `no document ${id} in this tenant`, code: 'not_found' }],
  );
  if (issues.length > 0) throw new InvalidDataError(what, issues);
}
