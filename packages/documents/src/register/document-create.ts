import {
  type CrmHooks,
  DuplicateError,
  type JournalService,
  parse,
  pgErrorOf,
  type TxContext,
  tenantToday,
  visibilityOf,
} from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import { type AllocatedNumber, allocateNumber } from '../numbering/allocate.js';
import type { DocumentsOptions } from '../options.js';
import { checkContent } from '../storage/content-checks.js';
import type { ContentStore } from '../storage/content-store.js';
import type { DocumentTypeDefaults } from '../types/type-defaults.js';
import { resolveType } from '../types/type-store.js';
import type { Document } from '../types.js';
import { writeVersion } from '../versions/version-writer.js';
import { checkOwner, checkParties, checkStatus } from './document-checks.js';
import { type DocumentInput, DocumentInputSchema } from './document-input.js';
import { recordDocumentEvent } from './document-journal.js';
import { readDocuments } from './document-reader.js';

/** What creating a document needs from the container. */
export interface CreateDeps {
  hooks: Readonly<CrmHooks>;
  journal: JournalService;
  store: ContentStore;
  defaults: DocumentTypeDefaults;
  options: DocumentsOptions;
}

/**
 * Creates a document inside `tx`: checks (parties, owner, type, status, content — all before any
 * write), `beforeDocumentCreate` taps, the number, the register row and its parties, the first
 * version when content is given, one journal entry on the parties' timelines, `documentCreated`.
 */
export async function createDocument(
  tx: TxContext,
  deps: CreateDeps,
  parsed: DocumentInput,
  preallocated?: AllocatedNumber,
): Promise<Document> {
  let input = parsed;
  if (deps.hooks.beforeDocumentCreate.isUsed())
    input = parse(DocumentInputSchema, await deps.hooks.beforeDocumentCreate.promise(input, tx), 'document');
  const visibility = await visibilityOf(tx);
  const ownerId = input.ownerId ?? visibility.employeeId ?? null;
  const type = await resolveType(tx, deps.defaults, input.type);
  const status = input.status ?? (input.direction === 'incoming' ? 'received' : 'draft');
  checkStatus(type, status);
  if (input.content) checkContent(deps.options, input.content);
  await checkParties(tx, input.parties);
  if (ownerId) await checkOwner(tx, ownerId);

  const issuedOn = input.issuedOn ?? null;
  const numbered = preallocated
    ? preallocated
    : input.number === 'auto'
      ? await allocateNumber(tx, type, issuedOn ?? (await tenantToday(tx)))
      : input.number === 'none'
        ? null
        : { number: input.number, seq: null, period: null };
  const id = uuidv7();
  try {
    await tx.db
      .insertInto('Document')
      .values({
        tenantId: tx.tenantId,
        id,
        typeId: type.id,
        number: numbered?.number ?? null,
        seq: numbered?.seq ?? null,
        period: numbered?.period ?? null,
        title: input.title,
        direction: input.direction,
        status,
        partyId: input.parties[0]!.partyId,
        subjectKind: input.subject?.kind ?? null,
        subjectId: input.subject?.id ?? null,
        ownerId,
        issuedOn,
        tags: input.tags,
        custom: input.custom,
      })
      .execute();
  } catch (error) {
    if (pgErrorOf(error)?.code === '23505')
      throw new DuplicateError(`A ${type.key} numbered ${numbered?.number} exists`, {
        fields: ['tenant_id', 'type_id', 'number'],
        details: { path: 'number', type: type.key, number: numbered?.number },
        cause: error,
      });
    throw error;
  }
  await tx.db
    .insertInto('DocumentParty')
    .values(
      input.parties.map((p) => ({ tenantId: tx.tenantId, documentId: id, partyId: p.partyId, role: p.role })),
    )
    .execute();
  const version = input.content
    ? await writeVersion(tx, deps.store, {
        documentId: id,
        content: input.content,
        reason: input.reason ?? null,
      })
    : null;
  const [document] = await readDocuments(tx, [id]);
  const entry = await recordDocumentEvent(tx, deps.journal, document!, {
    event: 'created',
    ...(version ? { versionNumber: version.number } : {}),
  });
  await deps.hooks.documentCreated.promise({ document: document!, entry }, tx);
  return document!;
}
