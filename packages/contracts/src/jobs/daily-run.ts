import { type JournalService, type RecordInput, type TxContext, tenantDayStart } from '@rapport/core/plugin';
import { readContracts } from '../contracts/contract-reader.js';
import type { TransitionDeps } from '../contracts/transition.js';
import type { ExpiringContract } from '../hooks.js';
import { activateContracts } from './activation.js';
import { endContracts } from './end-of-term.js';
import { type DueReminder, dueReminders, insertReminders } from './reminders-sql.js';

/** What one daily run did. */
export interface DailyRunResult {
  /** The tenant's date the run was for (`YYYY-MM-DD`). */
  on: string;
  /** Reminders written (one planned task each), in deadline order. */
  reminders: ExpiringContract[];
  /** Signed contracts moved to `active` because their start date had come. */
  activated: string[];
  /** Contracts renewed automatically, with their follow-ups. */
  renewed: Array<{ contractId: string; renewalId: string }>;
  /** Contracts that expired on their end date. */
  expired: string[];
  /** Contracts whose activation, renewal or expiry a `beforeContractTransition` tap vetoed (left as they were). */
  vetoed: string[];
}

const CHUNK = 2_000;

/**
 * The daily run for the transaction's tenant and the tenant's day `on`: reminder tasks in the owners'
 * journals, then activation of signed contracts whose start date has come, then automatic renewals
 * and expiries of contracts whose end date has come. Serialised per
 * tenant (advisory lock) and idempotent: a second run for the same day writes nothing.
 */
export async function runDaily(
  tx: TxContext,
  deps: TransitionDeps & { journal: JournalService },
  on: string,
  reminderDays: readonly number[],
): Promise<DailyRunResult> {
  await tx.sql(`select pg_advisory_xact_lock(hashtext('contracts.daily:' || $1))`, [tx.tenantId]);
  const reminders = await writeReminders(tx, deps.journal, on, reminderDays);
  // Activations first: a catch-up run then renews or expires them as the missed runs would have.
  const activation = await activateContracts(tx, deps, on);
  const result: DailyRunResult = {
    on,
    reminders,
    activated: activation.activated,
    renewed: [],
    expired: [],
    vetoed: activation.vetoed,
  };
  const ending = await tx.sql<{ id: string }>(
    `select id from contracts_contract
     where tenant_id = $1 and status in ('signed', 'active', 'suspended') and end_on <= $2::date
     order by end_on, id for update`,
    [tx.tenantId, on],
  );
  for (let i = 0; i < ending.length; i += 1000) {
    const ids = ending.slice(i, i + 1000).map((r) => r.id);
    const byId = new Map((await readContracts(tx, ids)).map((c) => [c.id, c]));
    // In end-date order, so that follow-up numbers follow it too.
    const contracts = ids.map((id) => byId.get(id)!);
    const done = await endContracts(tx, deps, on, contracts);
    result.renewed.push(...done.renewed);
    result.expired.push(...done.expired);
    result.vetoed.push(...done.vetoed);
  }
  return result;
}

async function writeReminders(
  tx: TxContext,
  journal: JournalService,
  on: string,
  days: readonly number[],
): Promise<ExpiringContract[]> {
  const due = await dueReminders(tx, on, days);
  const written: ExpiringContract[] = [];
  for (let i = 0; i < due.length; i += CHUNK) {
    const chunk = due.slice(i, i + CHUNK);
    // Deadlines share few days: compute each day's start in the tenant's zone once.
    const starts = new Map<string, Date>();
    for (const r of chunk)
      if (!starts.has(r.deadline_on)) starts.set(r.deadline_on, await tenantDayStart(tx, r.deadline_on));
    const inputs = chunk.map((r) => taskOf(r, starts.get(r.deadline_on)!));
    const results = await journal.recordMany(tx, inputs);
    const rows = chunk.flatMap((r, j) =>
      r.remind_on.map((remindOn) => ({
        contractId: r.id,
        kind: r.kind,
        remindOn,
        deadlineOn: r.deadline_on,
        entryId: results[j]?.entry.id ?? null,
      })),
    );
    await insertReminders(tx, rows);
    for (const [j, r] of chunk.entries()) {
      written.push({
        contractId: r.id,
        number: r.number,
        subject: r.subject,
        partyId: r.party_id,
        ownerId: r.owner_id,
        kind: r.kind,
        deadlineOn: r.deadline_on,
        daysLeft: r.days_left,
        taskEntryId: results[j]?.entry.id ?? null,
      });
    }
  }
  return written;
}

/** The planned task of one reminder, due at `dueAt` (the start of the deadline day in the tenant's zone). */
function taskOf(r: DueReminder, dueAt: Date): RecordInput<'task'> {
  const what = r.kind === 'notice' ? 'Notice deadline' : 'End';
  return {
    type: 'task',
    subject: { type: 'contract', id: r.id },
    parties: [{ partyId: r.party_id, role: r.party_role }],
    employeeId: r.owner_id,
    assigneeId: r.owner_id,
    status: 'planned',
    dueAt,
    externalId: `contracts:${r.id}:${r.kind}:${r.deadline_on}:${r.threshold}`,
    data: {
      title: `${what} of contract ${r.number} on ${r.deadline_on} (${r.days_left} days)`,
      description:
        r.kind === 'notice'
          ? `Last day to give notice on "${r.subject}" (${r.number}); decide whether it continues.`
          : `Contract "${r.subject}" (${r.number}) ends on ${r.deadline_on}.`,
    },
  };
}
