import type { AnyPlugin, TableOf } from '@rapport/core/plugin';
import { DocumentContentEntity } from './content.js';
import { DocumentCounterEntity } from './counter.js';
import { DocumentEntity } from './document.js';
import { DocumentPartyEntity } from './document-party.js';
import { DocumentTypeEntity } from './document-type.js';
import { DocumentHistoryEntity } from './history.js';
import { DocumentVersionEntity } from './version.js';

export {
  DocumentContentEntity,
  DocumentCounterEntity,
  DocumentEntity,
  DocumentHistoryEntity,
  DocumentPartyEntity,
  DocumentTypeEntity,
  DocumentVersionEntity,
};

/** Every entity of the documents plugin, registered through the plugin's `entities`. */
export const documentsEntities: NonNullable<AnyPlugin['entities']> = [
  DocumentTypeEntity,
  DocumentCounterEntity,
  DocumentEntity,
  DocumentPartyEntity,
  DocumentVersionEntity,
  DocumentContentEntity,
  DocumentHistoryEntity,
];

declare module '@rapport/core/plugin' {
  /** The documents plugin's tables, added to `tx.db` by declaration merging. */
  interface RapportTables {
    DocumentType: TableOf<typeof DocumentTypeEntity>;
    DocumentCounter: TableOf<typeof DocumentCounterEntity>;
    Document: TableOf<typeof DocumentEntity>;
    DocumentParty: TableOf<typeof DocumentPartyEntity>;
    DocumentVersion: TableOf<typeof DocumentVersionEntity>;
    DocumentContent: TableOf<typeof DocumentContentEntity>;
    DocumentHistory: TableOf<typeof DocumentHistoryEntity>;
  }
}
