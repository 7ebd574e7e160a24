import type { TxContext } from '@rapport/core/plugin';
import { LIVE_STATUSES } from '../contracts/lifecycle.js';

/** A contract with reminders due on the run's day, for one of its deadlines. */
export interface DueReminder {
  id: string;
  number: string;
  subject: string;
  party_id: string;
  party_role: string;
  owner_id: string;
  kind: 'notice' | 'end';
  deadline_on: string;
  days_left: number;
  /** The smallest reminder threshold (days) reached: the one the task is written for. */
  threshold: number;
  /** Every threshold date reached and not yet recorded (all recorded with the one task). */
  remind_on: string[];
}

/**
 * The reminders due on `on` (set-based, one statement): for each live contract whose notice
 * deadline or end date lies within the largest threshold from `on`, the thresholds `d` with
 * `deadline − d ≤ on ≤ deadline` that have no `contracts_reminder` row yet. A day the job missed is
 * caught up the next day (one task, for the most urgent threshold reached); a second run finds the
 * rows and returns nothing. Reads the two partial indexes on `notice_on` and `end_on`.
 */
export function dueReminders(tx: TxContext, on: string, days: readonly number[]): Promise<DueReminder[]> {
  const live = LIVE_STATUSES.map((s) => `'${s}'`).join(', ');
  const horizon = Math.max(...days);
  return tx.sql<DueReminder>(
    `with candidates as (
       select c.id, c.number, c.subject, c.party_id, c.party_role, c.owner_id, 'notice'::text as kind, c.notice_on as deadline
       from contracts_contract c
       where c.tenant_id = $1 and c.status in (${live}) and c.notice_on between $2::date and $2::date + $4::int
       union all
       select c.id, c.number, c.subject, c.party_id, c.party_role, c.owner_id, 'end'::text, c.end_on
       from contracts_contract c
       where c.tenant_id = $1 and c.status in (${live}) and c.end_on between $2::date and $2::date + $4::int
     ), due as (
       select k.*, t.d, k.deadline - t.d as remind_on
       from candidates k join unnest($3::int[]) as t(d) on k.deadline - t.d <= $2::date
       where not exists (
         select 1 from contracts_reminder r
         where r.tenant_id = $1 and r.contract_id = k.id and r.kind = k.kind and r.remind_on = k.deadline - t.d)
     )
     select id, number, subject, party_id, party_role, owner_id, kind, deadline::text as deadline_on,
       (deadline - $2::date) as days_left, min(d) as threshold, array_agg(remind_on::text order by remind_on) as remind_on
     from due
     group by id, number, subject, party_id, party_role, owner_id, kind, deadline
     order by deadline, id, kind`,
    [tx.tenantId, on, [...days], horizon],
  );
}

/** Records the reminder rows of one run (the idempotence keys), linked to their tasks. */
export async function insertReminders(
  tx: TxContext,
  rows: ReadonlyArray<{
    contractId: string;
    kind: string;
    remindOn: string;
    deadlineOn: string;
    entryId: string | null;
  }>,
): Promise<void> {
  if (rows.length === 0) return;
  await tx.sql(
    `insert into contracts_reminder (tenant_id, contract_id, kind, remind_on, deadline_on, journal_entry_id)
     select $1, r.contract_id, r.kind, r.remind_on, r.deadline_on, r.entry_id
     from unnest($2::uuid[], $3::text[], $4::date[], $5::date[], $6::uuid[])
       as r(contract_id, kind, remind_on, deadline_on, entry_id)
     on conflict do nothing`,
    [
      tx.tenantId,
      rows.map((r) => r.contractId),
      rows.map((r) => r.kind),
      rows.map((r) => r.remindOn),
      rows.map((r) => r.deadlineOn),
      rows.map((r) => r.entryId),
    ],
  );
}
