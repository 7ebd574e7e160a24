import {
  type FieldIssue,
  InvalidDataError,
  partyVisibility,
  refuseHiddenParties,
  requireAssignableOwner,
  type TxContext,
} from '@rapport/core/plugin';
import type { DocumentType } from '../types/type-input.js';

/**
 * The parties of a new document must exist (invalid data naming `parties.N.partyId` otherwise),
 * appear once, and be visible to the actor (not allowed otherwise).
 */
export async function checkParties(
  tx: TxContext,
  parties: ReadonlyArray<{ partyId: string }>,
): Promise<void> {
  const ids = parties.map((p) => p.partyId);
  const found = await partyVisibility(tx, ids);
  const issues: FieldIssue[] = [];
  parties.forEach((party, i) => {
    if (!found.has(party.partyId))
      issues.push({
        path: `parties.${i}.partyId`,
        message: `no party ${party.partyId} in this tenant`,
        code: 'not_found',
      });
    else if (ids.indexOf(party.partyId) !== i)
      issues.push({ path: `parties.${i}.partyId`, message: 'the party is listed twice', code: 'duplicate' });
  });
  if (issues.length > 0) throw new InvalidDataError('document', issues);
  refuseHiddenParties(found);
}

/** An owner must be an active employee; an agent may only make themselves the owner. */
export async function checkOwner(tx: TxContext, ownerId: string): Promise<void> {
  await requireAssignableOwner(tx, ownerId, 'document');
}

/** A status must be one the document's type has (invalid data naming `path` otherwise). */
export function checkStatus(type: DocumentType, status: string, path = 'status'): void {
  if (!type.statuses.includes(status))
    throw new InvalidDataError('document', [
      {
        path,
        message: `"${status}" is not a status of document type "${type.key}" (${type.statuses.join(', ')})`,
        code: 'invalid_value',
      },
    ]);
}
