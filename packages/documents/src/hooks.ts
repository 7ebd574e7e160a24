import type { HooksOf, JournalEntry, TxContext } from '@rapport/core/plugin';
import { defineHooks, series, waterfall } from '@rapport/core/plugin';
import type { DocumentInput } from './register/document-input.js';
import type { Document, DocumentVersion } from './types.js';

/** Payload of `documentCreated`. */
export interface DocumentCreatedEvent {
  document: Document;
  /** The journal entry (type `document`, event `created`) recorded for it. */
  entry: JournalEntry;
}

/** Payload of `documentVersionAdded`. */
export interface DocumentVersionAddedEvent {
  document: Document;
  version: DocumentVersion;
  entry: JournalEntry;
}

/** Payload of `documentStatusChanged`. */
export interface DocumentStatusChangedEvent {
  document: Document;
  from: string;
  to: string;
  reason: string | null;
  entry: JournalEntry;
}

/** The hooks the documents plugin offers, declared once. */
export const documentsHooks = defineHooks({
  /** Before a document is created (inside the transaction): transform the validated input, or throw to veto. */
  beforeDocumentCreate: waterfall<[DocumentInput, TxContext]>('input', 'tx'),
  /** A document was created (inside the transaction), numbered, with its journal entry. */
  documentCreated: series<[DocumentCreatedEvent, TxContext]>('event', 'tx'),
  /** A new version of a document's content was stored (inside the transaction). */
  documentVersionAdded: series<[DocumentVersionAddedEvent, TxContext]>('event', 'tx'),
  /** A document changed status (inside the transaction). */
  documentStatusChanged: series<[DocumentStatusChangedEvent, TxContext]>('event', 'tx'),
});

declare module '@rapport/core/plugin' {
  interface CrmHooks extends HooksOf<typeof documentsHooks> {}
  interface JobMap {
    /** Deletes the tenant's unreferenced objects in an object store (scheduled, per tenant). */
    'documents.sweep-orphans': { graceHours?: number };
  }
}
