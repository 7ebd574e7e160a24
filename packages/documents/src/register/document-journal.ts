import type { JournalEntry, JournalService, TxContext } from '@rapport/core/plugin';
import type { DocumentEvent } from '../activity-types.js';
import type { Document } from '../types.js';

/**
 * Records one `document` journal entry about the document, with all its parties: it shows once on
 * each party's timeline.
 */
export async function recordDocumentEvent(
  tx: TxContext,
  journal: JournalService,
  document: Document,
  event: { event: DocumentEvent; versionNumber?: number; fromStatus?: string; reason?: string | null },
): Promise<JournalEntry> {
  const { entry } = await journal.record(tx, {
    type: 'document',
    subject: { type: 'document', id: document.id },
    parties: document.parties,
    data: {
      documentId: document.id,
      number: document.number,
      type: document.type,
      status: document.status,
      title: document.title,
      ...event,
    },
  });
  return entry;
}
