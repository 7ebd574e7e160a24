import { InvalidDataError, paramBinder, parse, type TxContext, visibilityOf } from '@rapport/core/plugin';
import type { Document } from '../types.js';
import { type DocumentListQuery, DocumentListSchema, id as IdSchema } from './document-input.js';
import { readDocuments } from './document-reader.js';
import { documentVisibilitySql } from './visibility.js';

/** A page of documents; pass `nextCursor` as `page.cursor` for the next one (null on the last page). */
export interface DocumentPage {
  items: Document[];
  nextCursor: string | null;
}

/**
 * The documents the actor may see (see `documentVisibilitySql`), newest first, in one query: the
 * filters and the visibility predicate are ANDed, then the page is read with its parties and
 * current versions.
 */
export async function listDocuments(tx: TxContext, raw: DocumentListQuery): Promise<DocumentPage> {
  const query = parse(DocumentListSchema, raw, 'document list');
  const params: unknown[] = [tx.tenantId];
  const param = paramBinder(params);
  const where = ['d.tenant_id = $1', documentVisibilitySql(await visibilityOf(tx), 'd', param)];
  if (query.partyId)
    where.push(`exists (select 1 from documents_document_party fp where fp.tenant_id = d.tenant_id
      and fp.document_id = d.id and fp.party_id = ${param(query.partyId)}::uuid)`);
  if (query.subject)
    where.push(
      `d.subject_kind = ${param(query.subject.kind)} and d.subject_id = ${param(query.subject.id)}::uuid`,
    );
  if (query.type)
    where.push(
      `d.type_id = (select t.id from documents_type t where t.tenant_id = d.tenant_id and t.key = ${param(query.type)})`,
    );
  if (query.status) where.push(`d.status = ${param(query.status)}`);
  if (query.direction) where.push(`d.direction = ${param(query.direction)}`);
  if (query.ownerId) where.push(`d.owner_id = ${param(query.ownerId)}::uuid`);
  if (query.tag) where.push(`${param(query.tag)} = any(d.tags)`);
  if (query.number) where.push(`d.number = ${param(query.number)}`);
  if (query.issuedFrom) where.push(`d.issued_on >= ${param(query.issuedFrom)}::date`);
  if (query.issuedTo) where.push(`d.issued_on <= ${param(query.issuedTo)}::date`);
  if (query.page.cursor !== undefined) where.push(`d.id < ${param(decodeCursor(query.page.cursor))}::uuid`);
  const rows = await tx.sql<{ id: string }>(
    `select d.id from documents_document d where ${where.join(' and ')} order by d.id desc limit ${param(query.page.limit + 1)}`,
    params,
  );
  const page = rows.slice(0, query.page.limit).map((r) => r.id);
  const items = await readDocuments(tx, page);
  return { items, nextCursor: rows.length > query.page.limit ? encodeCursor(page.at(-1)!) : null };
}

function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify(['document', id])).toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const [kind, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (kind === 'document' && typeof id === 'string') return parse(IdSchema, id, 'cursor');
  } catch {
    // falls through to the typed error
  }
  throw new InvalidDataError('document list', [
    { path: 'page.cursor', message: 'is not a cursor returned by documents.list', code: 'invalid_cursor' },
  ]);
}
