import type { TxContext } from '@rapport/core/plugin';
import type { ContentStore } from '../storage/content-store.js';

/**
 * On a party's erasure: the documents that concern only that party lose their personal content —
 * every version's bytes are deleted from the storage (the version rows keep size, checksum and
 * dates, stamped `erased_at`), the title becomes `Erased document`, custom fields are emptied and
 * the row is marked `content_erased`. The register row, its number, type, status and dates stay, so
 * numbering stays gapless and counts stay right. Documents that also concern other parties are
 * kept whole (they are those parties' documents too).
 *
 * The PostgreSQL storage deletes in the erasure's transaction; an object store deletes at once, so
 * a later failure of the erasure leaves those bytes gone (the erasure was asked for anyway).
 */
export async function eraseDocumentContent(
  tx: TxContext,
  store: ContentStore,
  partyId: string,
): Promise<void> {
  const documents = await tx.sql<{ id: string }>(
    `select d.id from documents_document d
     where d.tenant_id = $1 and exists (select 1 from documents_document_party p where p.tenant_id = d.tenant_id and p.document_id = d.id and p.party_id = $2)
       and not exists (select 1 from documents_document_party o where o.tenant_id = d.tenant_id and o.document_id = d.id and o.party_id <> $2)
     for update`,
    [tx.tenantId, partyId],
  );
  if (documents.length === 0) return;
  const ids = documents.map((d) => d.id);
  const versions = await tx.sql<{ id: string; storage: string }>(
    `update documents_version set erased_at = clock_timestamp(), reason = null
     where tenant_id = $1 and document_id = any($2::uuid[]) and erased_at is null returning id, storage`,
    [tx.tenantId, ids],
  );
  for (const version of versions)
    if (version.storage === store.storage.kind) await store.storage.delete(tx, { key: version.id });
  await tx.sql(
    `update documents_document set title = 'Erased document', custom = '{}', tags = '{}', content_erased = true,
       version = version + 1, updated_at = clock_timestamp()
     where tenant_id = $1 and id = any($2::uuid[])`,
    [tx.tenantId, ids],
  );
}
