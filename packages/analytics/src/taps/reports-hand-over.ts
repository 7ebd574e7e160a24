import type { EmployeeDeactivatedEvent, PartiesMergeEvent, TxContext } from '@rapport/core/plugin';

/**
 * A deactivated employee's saved reports go to the heir, as core hands over their saved segments:
 * one statement. Names are unique per owner, so a report whose name the heir already uses is renamed
 * `<name> (<leaver's name>, <id prefix>)` rather than failing the deactivation. Without an heir
 * (customers left unassigned) the reports stay with the leaver, where the leaver's managers and the
 * administrators can still read, change, copy and delete them. Not expressible as declared open work:
 * the move must rename on collision.
 */
export async function handOverReports(event: EmployeeDeactivatedEvent, tx: TxContext): Promise<void> {
  if (!event.heirId) return;
  await tx.sql(
    `update analytics_report r set owner_id = $3, version = r.version + 1, updated_at = now(),
       name = case when exists (
         select 1 from analytics_report o
         where o.tenant_id = r.tenant_id and o.owner_id = $3 and lower(o.name) = lower(r.name))
       then r.name || ' (' || $4 || ', ' || left(r.id::text, 8) || ')' else r.name end
     where r.tenant_id = $1 and r.owner_id = $2`,
    [tx.tenantId, event.employee.id, event.heirId, event.employee.name],
  );
}

/**
 * A merge removes the merged party: saved report definitions that name it (`filters.partyIds`, an
 * `id` condition of a segment filter, anywhere in the definition) are repointed at the survivor, so a
 * report keeps covering the same customer. A party id is an opaque UUID, so replacing its text is exact.
 */
export async function repointReportParties(event: PartiesMergeEvent, tx: TxContext): Promise<void> {
  await tx.sql(
    `update analytics_report set definition = replace(definition::text, $2, $3)::jsonb,
       version = version + 1, updated_at = now()
     where tenant_id = $1 and strpos(definition::text, $2) > 0`,
    [tx.tenantId, event.mergedId, event.survivorId],
  );
}
