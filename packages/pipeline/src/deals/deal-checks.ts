import {
  ConflictError,
  type FieldIssue,
  InvalidDataError,
  mayChangeOwned,
  NotAllowedError,
  partyVisibility,
  refuseHiddenParties,
  requireAssignableOwner,
  type TxContext,
  visibilityOf,
} from '@rapport/core/plugin';
import type { Deal, DealContact } from '../types.js';

/**
 * Refuses (not allowed) unless the actor may change the deal: its owner, someone the owner reports
 * to (directly or indirectly), a manager who may see it, an administrator or a system process. Colleagues who see a deal through its customer may read it
 * and record activities about it, but not move or edit it.
 */
export async function requireDealWriter(tx: TxContext, deal: Deal): Promise<void> {
  if (mayChangeOwned(await visibilityOf(tx), deal.ownerId)) return;
  throw new NotAllowedError(`Only the owner or a manager may change deal ${deal.id}`, {
    dealId: deal.id,
    ownerId: deal.ownerId,
  });
}

/**
 * Checks the parties of a deal: they must exist (invalid data naming the field otherwise) and the
 * actor must see them (not allowed otherwise); the customer is not also one of the contacts.
 */
export async function checkParties(
  tx: TxContext,
  customerId: string | undefined,
  contacts: readonly DealContact[] | undefined,
): Promise<void> {
  const ids = [...(customerId ? [customerId] : []), ...(contacts ?? []).map((c) => c.partyId)];
  if (ids.length === 0) return;
  const found = await partyVisibility(tx, ids);
  const issues: FieldIssue[] = [];
  if (customerId && !found.has(customerId))
    issues.push({ path: 'customerId', message: `no party ${customerId} in this tenant`, code: 'not_found' });
  (contacts ?? []).forEach((contact, i) => {
    if (!found.has(contact.partyId))
      issues.push({
        path: `contacts.${i}`,
        message: `no party ${contact.partyId} in this tenant`,
        code: 'not_found',
      });
    else if (contact.partyId === customerId)
      issues.push({ path: `contacts.${i}`, message: 'the customer is not also a contact', code: 'custom' });
  });
  if (issues.length > 0) throw new InvalidDataError('deal', issues);
  refuseHiddenParties(found);
}

/**
 * Checks a new owner: an active employee of the tenant (invalid data naming `ownerId` otherwise); an
 * agent may only give deals to themselves.
 */
export async function checkOwner(tx: TxContext, ownerId: string): Promise<void> {
  await requireAssignableOwner(tx, ownerId, 'deal');
}

/** Checks a team: a department of the tenant (invalid data naming `teamId` otherwise). */
export async function checkTeam(tx: TxContext, teamId: string): Promise<void> {
  const rows = await tx.sql('select 1 from core_department where tenant_id = $1 and id = $2', [
    tx.tenantId,
    teamId,
  ]);
  if (rows.length === 0)
    throw new InvalidDataError('deal', [
      { path: 'teamId', message: `no department ${teamId} in this tenant`, code: 'not_found' },
    ]);
}

/** Refuses (conflict) a write based on a stale read: the deal is no longer at `expected`. */
export function checkVersion(deal: Deal, expected: number | undefined): void {
  if (expected !== undefined && expected !== deal.version) {
    throw new ConflictError(
      `Deal ${deal.id} changed meanwhile (version ${deal.version}, expected ${expected}); reload it and retry`,
      { details: { dealId: deal.id, version: deal.version, expectedVersion: expected } },
    );
  }
}
