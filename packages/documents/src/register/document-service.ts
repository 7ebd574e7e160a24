import {
  type CallContext,
  type CrmHooks,
  DATABASE,
  type Database,
  HOOKS,
  inject,
  injectable,
  JOURNAL_SERVICE,
  type JournalService,
  parse,
  requireAdmin,
  requireManager,
  requireParty,
  type TemplateParty,
  tenantToday,
} from '@rapport/core/plugin';
import { type AllocatedNumber, allocateNumber } from '../numbering/allocate.js';
import { DOCUMENTS_OPTIONS, type DocumentsOptions, GraceHoursSchema } from '../options.js';
import {
  type DocumentRenderer,
  type RenderedDocument,
  type RenderInput,
  RenderInputSchema,
} from '../render/document-renderer.js';
import {
  createFromTemplate,
  type DocumentFromTemplateInput,
  FromTemplateSchema,
  templateParty,
} from '../render/from-template.js';
import type { ContentStore } from '../storage/content-store.js';
import { type OrphanSweepResult, sweepOrphans } from '../storage/orphan-sweep.js';
import { type ExportedDocument, exportDocuments } from '../taps/export.js';
import { CONTENT_STORE, DOCUMENT_RENDERER, DOCUMENT_TYPE_DEFAULTS } from '../tokens.js';
import type { DocumentTypeDefaults } from '../types/type-defaults.js';
import { type DocumentType, type DocumentTypeInput, DocumentTypeInputSchema } from '../types/type-input.js';
import { listTypes, resolveType, upsertType } from '../types/type-store.js';
import type { Document, DocumentContent, DocumentVersion } from '../types.js';
import { addVersion, readContent } from '../versions/version-service.js';
import { checkParties } from './document-checks.js';
import { createDocument } from './document-create.js';
import {
  type AllocateInput,
  AllocateInputSchema,
  type DocumentCreateInput,
  DocumentInputSchema,
  type DocumentListQuery,
  id as IdSchema,
  type StatusChange,
  StatusChangeSchema,
  type VersionInput,
  VersionInputSchema,
} from './document-input.js';
import { type DocumentPage, listDocuments } from './document-list.js';
import { readVersions, requireVisibleDocument } from './document-reader.js';
import { changeStatus } from './document-status.js';

const documentId = (value: string, what = 'document id') => parse(IdSchema, value, what);

/**
 * The document register: types and their gapless numbering, documents about parties with their
 * versions and content, status changes, and documents rendered from templates. Every method takes
 * a call context or a transaction context (`tx`), whose transaction it then joins — so another
 * plugin numbers and files its documents inside its own command.
 */
@injectable()
export class DocumentService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(HOOKS) private readonly hooks: Readonly<CrmHooks>,
    @inject(JOURNAL_SERVICE) private readonly journal: JournalService,
    @inject(CONTENT_STORE) private readonly store: ContentStore,
    @inject(DOCUMENT_TYPE_DEFAULTS) private readonly defaults: DocumentTypeDefaults,
    @inject(DOCUMENTS_OPTIONS) private readonly options: DocumentsOptions,
    @inject(DOCUMENT_RENDERER) private readonly renderer: DocumentRenderer,
  ) {}

  /**
   * Defines a document type of the tenant, or changes the one with the same key (managers and
   * administrators). Changing the format does not renumber anything; a format whose numbers could
   * repeat (a yearly counter without the year) is invalid data naming `numberFormat`.
   *
   * @example
   * await crm.services.documents.defineType(ctx, { key: 'contract', name: 'Contract', numberFormat: 'CT-{yyyy}-{seq:5}' });
   */
  async defineType(ctx: CallContext, input: DocumentTypeInput): Promise<DocumentType> {
    const parsed = parse(DocumentTypeInputSchema, input, 'document type');
    return this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      return upsertType(tx, parsed);
    });
  }

  /** The tenant's document types (declared defaults appear once used or defined). */
  async types(ctx: CallContext): Promise<DocumentType[]> {
    return this.db.transaction(ctx, (tx) => listTypes(tx));
  }

  /**
   * Takes the next number of a type for the period of `on` (default: the tenant's today). Called
   * with a transaction context, the number belongs to that transaction: a rollback gives it back.
   *
   * @example
   * const { number } = await crm.services.documents.allocateNumber(tx, { type: 'contract' }); // CT-2026-00001
   */
  async allocateNumber(ctx: CallContext, input: AllocateInput): Promise<AllocatedNumber> {
    const parsed = parse(AllocateInputSchema, input, 'number');
    return this.db.transaction(ctx, async (tx) => {
      const type = await resolveType(tx, this.defaults, parsed.type);
      return allocateNumber(tx, type, parsed.on ?? (await tenantToday(tx)));
    });
  }

  /**
   * Files a document about one or more parties: numbered by its type (unless `number` says
   * otherwise), with its first version when `content` is given, on the parties' timelines.
   *
   * @example
   * const doc = await crm.services.documents.create(ctx, {
   *   type: 'letter', title: 'Welcome letter', direction: 'outgoing', parties: [{ partyId }],
   *   content: { filename: 'welcome.pdf', contentType: 'application/pdf', bytes },
   * });
   */
  async create(ctx: CallContext, input: DocumentCreateInput): Promise<Document> {
    const parsed = parse(DocumentInputSchema, input, 'document');
    return this.db.transaction(ctx, (tx) => createDocument(tx, this.deps(), parsed));
  }

  /** One document (not found when it does not exist or the actor may not see it). */
  async get(ctx: CallContext, id: string): Promise<Document> {
    const did = documentId(id);
    return this.db.transaction(ctx, (tx) => requireVisibleDocument(tx, did));
  }

  /** A page of the documents the actor may see, newest first, filtered by party, subject, type, status… */
  async list(ctx: CallContext, query: DocumentListQuery = {}): Promise<DocumentPage> {
    return this.db.transaction(ctx, (tx) => listDocuments(tx, query));
  }

  /** Changes a document's status (one of its type's statuses), with a journal entry. */
  async setStatus(ctx: CallContext, id: string, change: StatusChange): Promise<Document> {
    const did = documentId(id);
    const parsed = parse(StatusChangeSchema, change, 'status change');
    return this.db.transaction(ctx, (tx) =>
      changeStatus(tx, this.deps(), did, {
        status: parsed.status,
        reason: parsed.reason ?? null,
        ...(parsed.expectedVersion !== undefined ? { expectedVersion: parsed.expectedVersion } : {}),
      }),
    );
  }

  /** Adds a version of the document's content, which becomes the current one; earlier versions stay. */
  async addVersion(ctx: CallContext, id: string, input: VersionInput): Promise<DocumentVersion> {
    const did = documentId(id);
    const parsed = parse(VersionInputSchema, input, 'version');
    return this.db.transaction(ctx, (tx) => addVersion(tx, this.deps(), did, parsed));
  }

  /** Every version of a document, oldest first; the current one is marked. */
  async versions(ctx: CallContext, id: string): Promise<DocumentVersion[]> {
    const did = documentId(id);
    return this.db.transaction(ctx, async (tx) => {
      const document = await requireVisibleDocument(tx, did);
      return readVersions(tx, did, document.currentVersion?.id ?? null);
    });
  }

  /** The bytes of a version, checked against its SHA-256 (an erased version is a conflict). */
  async content(ctx: CallContext, versionId: string): Promise<DocumentContent> {
    const vid = documentId(versionId, 'version id');
    return this.db.transaction(ctx, (tx) => readContent(tx, this.store, vid));
  }

  /**
   * Renders a `document` template to HTML and PDF without filing anything (a preview, a quote's PDF
   * to attach). `partyId` (checked visible) or `party` fills `{{party}}`.
   *
   * @example
   * const { html, pdf } = await crm.services.documents.render(ctx, { template: 'letter', locale: 'de-DE', data });
   */
  async render(
    ctx: CallContext,
    input: RenderInput & { party?: TemplateParty; partyId?: string },
  ): Promise<RenderedDocument> {
    const parsed = parse(RenderInputSchema, input, 'render');
    const partyId = input.partyId === undefined ? undefined : documentId(input.partyId, 'party id');
    return this.db.transaction(ctx, async (tx) => {
      let party = input.party;
      if (partyId !== undefined) {
        await checkParties(tx, [{ partyId }]);
        party = await templateParty(tx, partyId);
      }
      return this.renderer.render(tx, { ...parsed, ...(party ? { party } : {}) });
    });
  }

  /**
   * Files a document whose first version is the PDF rendered from a template (the HTML is not
   * stored: `render` gives it again). The number is allocated first, so the template can print it
   * as `{{document.number}}`; the main party is `{{party}}`.
   */
  async createFromTemplate(ctx: CallContext, input: DocumentFromTemplateInput): Promise<Document> {
    const parsed = parse(FromTemplateSchema, input, 'document');
    return this.db.transaction(ctx, (tx) => createFromTemplate(tx, this.deps(), parsed));
  }

  /**
   * The documents about a party as a privacy export lists them (core's `privacy.export` has them
   * as section `documents`, without bytes); `content: true` adds each version's bytes (base64) for a
   * request that asks for copies. Administrators only, like erasures.
   */
  async personalData(
    ctx: CallContext,
    partyId: string,
    options: { content?: boolean } = {},
  ): Promise<ExportedDocument[]> {
    const pid = documentId(partyId, 'party id');
    return this.db.transaction(ctx, async (tx) => {
      await requireAdmin(tx);
      await requireParty(tx, pid);
      return exportDocuments(tx, pid, options.content ? this.store : undefined);
    });
  }

  /**
   * Deletes the tenant's objects in an object store that no version refers to and that are older
   * than `graceHours` (default: the `orphanSweep.graceHours` option): what a crash between an upload
   * and its rollback left behind (a plain rollback deletes its object itself). What the scheduled
   * `documents.sweep-orphans` job runs; nothing to do with the PostgreSQL storage. Managers,
   * administrators and system processes.
   */
  async sweepOrphans(ctx: CallContext, options: { graceHours?: number } = {}): Promise<OrphanSweepResult> {
    const graceHours = parse(GraceHoursSchema.optional(), options.graceHours, 'orphan sweep graceHours');
    return this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      return sweepOrphans(tx, this.store.storage, graceHours ?? this.options.orphanSweep.graceHours);
    });
  }

  /** @internal the collaborators commands share. */
  deps() {
    return {
      db: this.db,
      hooks: this.hooks,
      journal: this.journal,
      store: this.store,
      defaults: this.defaults,
      options: this.options,
      renderer: this.renderer,
    };
  }
}
