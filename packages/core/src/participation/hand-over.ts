import type { TxContext } from '../kernel/context.js';
import type { EmployeeLink } from './declaration.js';
import type { ParticipationRegistry, RegisteredParticipation } from './registry.js';
import { moveRows } from './rows.js';

type OpenLink = EmployeeLink & { openWork: string };

/** Runs `move` for every declared employee link with open work; the rows moved, per label (only non-zero). */
async function eachOpenLink(
  registry: ParticipationRegistry,
  move: (entry: RegisteredParticipation, link: OpenLink) => Promise<number>,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const entry of registry.all()) {
    for (const link of entry.employees ?? []) {
      if (!link.openWork) continue;
      const n = await move(entry, link as OpenLink);
      if (n > 0) counts[entry.label] = (counts[entry.label] ?? 0) + n;
    }
  }
  return counts;
}

/**
 * A reassignment of customers hands their open work to the new owner: per declared employee link
 * with `openWork`, the open rows of the previous owner whose followed party was reassigned (the
 * parties of `core_reassignment_item` for this reassignment) move to the heir, audited. Nothing moves
 * when the customers are left unassigned. Returns the counts per label (only non-zero).
 */
export async function handOverReassigned(
  tx: TxContext,
  registry: ParticipationRegistry,
  event: { reassignmentId: string; fromEmployeeId: string; toEmployeeId: string | null },
): Promise<Record<string, number>> {
  if (!event.toEmployeeId) return {};
  return eachOpenLink(registry, async (entry, link) => {
    const follows = link.follows ?? entry.parties?.[0]?.column;
    if (!follows) return 0;
    return moveRows(tx, entry, {
      column: link.column,
      from: '$3',
      to: '$4',
      where: `r.${link.column} = $3 and (${link.openWork}) and exists (
        select 1 from core_reassignment_item i
        where i.tenant_id = $1 and i.reassignment_id = $2 and i.party_id = r.${follows})`,
      params: [tx.tenantId, event.reassignmentId, event.fromEmployeeId, event.toEmployeeId],
      audit: { operation: 'reassign', context: { reassignmentId: event.reassignmentId } },
    });
  });
}

/**
 * A deactivated employee's remaining open work (on customers someone else owns, which the
 * reassignment did not cover) goes to the heir, so nothing open stays with someone who left.
 * Returns the counts per label (only non-zero).
 */
export async function handOverRemaining(
  tx: TxContext,
  registry: ParticipationRegistry,
  event: { reassignmentId: string; employeeId: string; heirId: string | null },
): Promise<Record<string, number>> {
  if (!event.heirId) return {};
  return eachOpenLink(registry, (entry, link) =>
    moveRows(tx, entry, {
      column: link.column,
      from: '$2',
      to: '$3',
      where: `r.${link.column} = $2 and (${link.openWork})`,
      params: [tx.tenantId, event.employeeId, event.heirId],
      audit: { operation: 'reassign', context: { reassignmentId: event.reassignmentId } },
    }),
  );
}
