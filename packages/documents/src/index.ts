export { DOCUMENTS_ACTIVITY_TYPES, type DocumentEvent } from './activity-types.js';
export {
  DocumentContentEntity,
  DocumentCounterEntity,
  DocumentEntity,
  DocumentHistoryEntity,
  DocumentPartyEntity,
  DocumentTypeEntity,
  DocumentVersionEntity,
  documentsEntities,
} from './entities/index.js';
export {
  type DocumentCreatedEvent,
  type DocumentStatusChangedEvent,
  type DocumentVersionAddedEvent,
  documentsHooks,
} from './hooks.js';
export { documentsMigration } from './migrations/0001-documents.js';
export type { AllocatedNumber } from './numbering/allocate.js';
export { checkNumberFormat, defaultNumberFormat, formatNumber } from './numbering/number-format.js';
export {
  DEFAULT_CONTENT_TYPES,
  DOCUMENTS_OPTIONS,
  type DocumentStorageOptions,
  type DocumentsOptions,
  DocumentsOptionsSchema,
} from './options.js';
export { DOCUMENT_PARTICIPATION, DOCUMENT_PARTY_PARTICIPATION } from './participation.js';
export { documentsPlugin } from './plugin.js';
export {
  type AllocateInput,
  AllocateInputSchema,
  type ContentInput,
  ContentInputSchema,
  type DocumentCreateInput,
  type DocumentDirection,
  type DocumentInput,
  DocumentInputSchema,
  type DocumentListQuery,
  DocumentListSchema,
  type StatusChange,
  StatusChangeSchema,
  type VersionInput,
  VersionInputSchema,
} from './register/document-input.js';
export type { DocumentPage } from './register/document-list.js';
export { DocumentService } from './register/document-service.js';
export { requireDocumentWriter } from './register/document-writer.js';
export { documentVisibilitySql } from './register/visibility.js';
export {
  DocumentRenderer,
  type RenderedDocument,
  type RenderInput,
  RenderInputSchema,
} from './render/document-renderer.js';
export { type DocumentFromTemplateInput, FromTemplateSchema } from './render/from-template.js';
export { markupToContent } from './render/pdf-markup.js';
export { DOCUMENT_TEMPLATE_KIND } from './render/template-kind.js';
export { checkContent, contentTypeAllowed, sha256Of } from './storage/content-checks.js';
export { ContentStore } from './storage/content-store.js';
export type { DocumentStorage, StorageKey } from './storage/document-storage.js';
export { type OrphanSweepResult, sweepOrphans } from './storage/orphan-sweep.js';
export { PostgresDocumentStorage } from './storage/postgres-storage.js';
export { S3DocumentStorage } from './storage/s3-storage.js';
export { type ExportedDocument, exportDocuments } from './taps/export.js';
export { CONTENT_STORE, DOCUMENT_RENDERER, DOCUMENT_SERVICE, DOCUMENT_TYPE_DEFAULTS } from './tokens.js';
export { DocumentTypeDefaults } from './types/type-defaults.js';
export {
  BUILT_IN_STATUSES,
  type DocumentType,
  type DocumentTypeInput,
  DocumentTypeInputSchema,
  type NumberingPeriod,
  type ParsedDocumentType,
} from './types/type-input.js';
export type { Document, DocumentContent, DocumentPartyLink, DocumentVersion } from './types.js';
export { DOCUMENTS_VERSION } from './version.js';
