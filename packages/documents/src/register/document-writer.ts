import { mayChangeOwned, NotAllowedError, type TxContext, visibilityOf } from '@rapport/core/plugin';
import type { Document } from '../types.js';

/**
 * Refuses (not allowed) unless the actor may change the document — its status, its versions: its
 * owner, someone the owner reports to (directly or indirectly), a manager who may see it, an
 * administrator or a system process. Colleagues who see it through its parties may read it only. A
 * document without owner (filed by a system process) is changed by managers, administrators and
 * system processes.
 */
export async function requireDocumentWriter(tx: TxContext, document: Document): Promise<void> {
  if (mayChangeOwned(await visibilityOf(tx), document.ownerId)) return;
  throw new NotAllowedError(
    `Only the owner or a manager may change document ${document.number ?? document.id}; others may read it`,
    { documentId: document.id, ownerId: document.ownerId },
  );
}
