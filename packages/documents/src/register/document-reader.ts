import { NotFoundError, paramBinder, type TxContext, visibilityOf } from '@rapport/core/plugin';
import type { Document, DocumentVersion } from '../types.js';
import { documentVisibilitySql } from './visibility.js';

type VersionRow = Omit<DocumentVersion, 'current'>;

const versionColumns = [
  'v.id',
  'v.documentId',
  'v.number',
  'v.filename',
  'v.contentType',
  'v.size',
  'v.sha256',
  'v.storage',
  'v.reason',
  'v.actor',
  'v.employeeId',
  'v.createdAt',
  'v.erasedAt',
] as const;

/** The documents with these ids (in the order given; missing ones left out), without visibility checks. */
export async function readDocuments(tx: TxContext, ids: readonly string[]): Promise<Document[]> {
  if (ids.length === 0) return [];
  const rows = await tx.db
    .selectFrom('Document as d')
    .innerJoin('DocumentType as t', (j) =>
      j.onRef('t.tenantId', '=', 'd.tenantId').onRef('t.id', '=', 'd.typeId'),
    )
    .select([
      'd.id',
      't.key as type',
      'd.typeId',
      'd.number',
      'd.seq',
      'd.period',
      'd.title',
      'd.direction',
      'd.status',
      'd.partyId',
      'd.subjectKind',
      'd.subjectId',
      'd.ownerId',
      'd.issuedOn',
      'd.tags',
      'd.custom',
      'd.currentVersionId',
      'd.contentErased',
      'd.version',
      'd.createdAt',
      'd.updatedAt',
    ])
    .where('d.tenantId', '=', tx.tenantId)
    .where('d.id', 'in', [...ids])
    .execute();
  const parties = await tx.db
    .selectFrom('DocumentParty')
    .select(['documentId', 'partyId', 'role'])
    .where('tenantId', '=', tx.tenantId)
    .where('documentId', 'in', [...ids])
    .execute();
  const currentIds = rows.map((r) => r.currentVersionId).filter((v): v is string => v !== null);
  const versions =
    currentIds.length === 0 ? [] : await selectVersions(tx).where('v.id', 'in', currentIds).execute();
  const versionById = new Map(versions.map((v) => [v.id, v]));
  const byId = new Map(
    rows.map((r) => {
      const { subjectKind, subjectId, currentVersionId, issuedOn, partyId, ...rest } = r;
      // The main party first, then the others in a stable order.
      const main = parties
        .filter((p) => p.documentId === r.id)
        .sort((a, b) =>
          a.partyId === partyId ? -1 : b.partyId === partyId ? 1 : a.partyId.localeCompare(b.partyId),
        );
      const current = currentVersionId ? versionById.get(currentVersionId) : undefined;
      const document: Document = {
        ...rest,
        issuedOn: issuedOn === null ? null : dateString(issuedOn),
        parties: main.map(({ partyId, role }) => ({ partyId, role })),
        subject: subjectKind && subjectId ? { kind: subjectKind, id: subjectId } : null,
        currentVersion: current ? toVersion(current, currentVersionId) : null,
      };
      return [r.id, document];
    }),
  );
  return ids.map((id) => byId.get(id)).filter((d): d is Document => d !== undefined);
}

/** The versions of a document, oldest first. */
export async function readVersions(tx: TxContext, documentId: string, currentId: string | null) {
  const rows = await selectVersions(tx).where('v.documentId', '=', documentId).orderBy('v.number').execute();
  return rows.map((row) => toVersion(row, currentId));
}

/** One version by id (not found otherwise), without visibility checks. */
export async function readVersion(tx: TxContext, versionId: string): Promise<VersionRow> {
  const row = await selectVersions(tx).where('v.id', '=', versionId).executeTakeFirst();
  if (!row) throw new NotFoundError('DocumentVersion', versionId);
  return row;
}

/** The document if the actor may see it; not found when it does not exist or is hidden from them. */
export async function requireVisibleDocument(tx: TxContext, id: string): Promise<Document> {
  const params: unknown[] = [tx.tenantId, id];
  const visible = documentVisibilitySql(await visibilityOf(tx), 'd', paramBinder(params));
  const rows = await tx.sql(
    `select 1 from documents_document d where d.tenant_id = $1 and d.id = $2 and ${visible}`,
    params,
  );
  const [document] = rows.length > 0 ? await readDocuments(tx, [id]) : [];
  if (!document) throw new NotFoundError('Document', id);
  return document;
}

function selectVersions(tx: TxContext) {
  return tx.db
    .selectFrom('DocumentVersion as v')
    .select(versionColumns)
    .where('v.tenantId', '=', tx.tenantId);
}

function toVersion(row: VersionRow, currentId: string | null): DocumentVersion {
  return { ...row, size: Number(row.size), current: row.id === currentId };
}

/** A `date` column as `YYYY-MM-DD` (the driver may hand a Date at midnight UTC or a string). */
function dateString(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
}
