import { NotAllowedError, type TxContext, visibilityOf } from '@rapport/core/plugin';
import type { Document } from '../types.js';

/**
 * Refuses (not allowed) unless the actor may change the document — its status, its versions: its
 * owner, someone the owner reports to (directly or indirectly), a manager who may see it, an
 * administrator or a system process. Colleagues who see it through its parties may read it only. A
 * document without owner (filed by a system process) is changed by managers, administrators and
 * system processes.
 */
export async function requireDocumentWriter(tx: TxContext, document: Document): Promise<void> {
  const visibility = await visibilityOf(tx);
  if (visibility.all || visibility.role === 'manager') return;
  const owner = document.ownerId;
  if (owner !== null && (visibility.employeeId === owner || visibility.reportIds.includes(owner))) return;
  throw new NotAllowedError(
    `Only the owner or a manager may change document ${document.number ?? document.id}; others may read it`,
    { documentId: document.id, ownerId: owner },
  );
}
