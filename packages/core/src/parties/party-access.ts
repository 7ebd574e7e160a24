import type { TxContext } from '../kernel/context.js';
import { NotFoundError } from '../kernel/errors.js';
import type { Party } from './party.js';
import { readParties } from './party-reader.js';

/** Reads one party, locking its row for the rest of the transaction; a missing one is not found. */
export async function lockParty(tx: TxContext, id: string): Promise<Party> {
  const party = (await readParties(tx, [id], true)).get(id);
  if (!party) throw new NotFoundError('Party', id);
  return party;
}

/** Reads one party without locking; a missing one is not found. */
export async function requireParty(tx: TxContext, id: string): Promise<Party> {
  const party = (await readParties(tx, [id])).get(id);
  if (!party) throw new NotFoundError('Party', id);
  return party;
}

/** Marks a party changed: bumps its version and update time, and re-reads its city from the primary address. */
export async function touchParty(tx: TxContext, id: string): Promise<void> {
  await tx.sql(
    `update core_party p set version = version + 1, updated_at = now(),
       city = (select cp.details->>'city' from core_contact_point cp
               where cp.tenant_id = p.tenant_id and cp.party_id = p.id and cp.kind = 'address' and cp.is_primary and cp.removed_at is null)
     where p.tenant_id = $1 and p.id = $2`,
    [tx.tenantId, id],
  );
}
