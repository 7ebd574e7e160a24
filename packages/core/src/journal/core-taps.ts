import type { SetupApi } from '../kernel/plugin.js';
import { readEntries } from './entry-writer.js';

const NAME = '@rapport/core/journal';

/**
 * What the journal's declared participation (`participation.ts`, which moves its party links in a
 * merge) cannot express, through the same hooks any plugin taps: reassignments hand planned work to
 * the heir (as corrections, since entries are append-only), exports include whole entries, erasures
 * anonymise their notes and data.
 */
export function tapJournal(api: SetupApi<unknown>): void {
  api.hooks.ownershipTransferring.tapPromise(NAME, async (moved, event, tx) => {
    if (!event.toEmployeeId) return moved;
    const rows = await tx.sql(
      `with open_items as (
         select e.* from core_journal_entry e
         where e.tenant_id = $1 and e.status = 'planned' and e.superseded_by is null and e.assignee_id = $3
           and e.correction is distinct from 'void'
           and exists (select 1 from core_journal_party l join core_reassignment_item i
                         on i.tenant_id = l.tenant_id and i.party_id = l.party_id and i.reassignment_id = $2
                       where l.tenant_id = e.tenant_id and l.entry_id = e.id)
       ), copies as (
         insert into core_journal_entry (tenant_id, id, type, occurred_at, actor, employee_id, direction, subject_type,
           subject_id, duration_seconds, outcome, amount, currency, notes, data, status, assignee_id, due_at, corrects_id,
           correction, correction_reason)
         select tenant_id, core_uuidv7(), type, occurred_at, $5::jsonb, employee_id, direction, subject_type, subject_id,
           duration_seconds, outcome, amount, currency, notes, data, status, $4, due_at, id, 'amend', 'reassigned'
         from open_items returning id, corrects_id
       ), links as (
         insert into core_journal_party (tenant_id, party_id, entry_id, role, occurred_at)
         select l.tenant_id, l.party_id, c.id, l.role, l.occurred_at
         from copies c join core_journal_party l on l.tenant_id = $1 and l.entry_id = c.corrects_id
       )
       update core_journal_entry e set superseded_by = c.id from copies c
       where e.tenant_id = $1 and e.id = c.corrects_id returning e.id`,
      [tx.tenantId, event.reassignmentId, event.fromEmployeeId, event.toEmployeeId, JSON.stringify(tx.actor)],
    );
    // Counted only when something moved, like every other tap's count: reports stay free of zeros.
    return rows.length > 0 ? { ...moved, plannedActivities: rows.length } : moved;
  });

  api.hooks.collectPersonalData.tapPromise(NAME, async (sections, { partyId }, tx) => {
    const ids = await tx.sql<{ entry_id: string }>(
      'select entry_id from core_journal_party where tenant_id = $1 and party_id = $2 order by occurred_at, entry_id',
      [tx.tenantId, partyId],
    );
    return {
      ...sections,
      journal: await readEntries(
        tx,
        ids.map((r) => r.entry_id),
      ),
    };
  });

  api.hooks.partyErasing.tapPromise(NAME, async ({ partyId }, tx) => {
    // The one sanctioned rewrite of journal entries: anonymise, keep type, time and amount for the sums.
    await tx.sql(`select set_config('app.erasure', 'on', true)`);
    await tx.sql(
      `update core_journal_entry e set notes = null, data = '{}', outcome = null, external_id = null, correction_reason = null
       from core_journal_party l where l.tenant_id = $1 and l.party_id = $2 and e.tenant_id = l.tenant_id and e.id = l.entry_id`,
      [tx.tenantId, partyId],
    );
    await tx.sql(`select set_config('app.erasure', 'off', true)`);
  });
}
