import { type JournalService, type RecordInput, type TxContext, tenantDayStart } from '@rapport/core/plugin';
import { readContracts } from '../contracts/contract-reader.js';
import { renewContract } from '../contracts/renewal.js';
import { applyTransition, type TransitionDeps, vetoOf } from '../contracts/transition.js';
import type { ExpiringContract } from '../hooks.js';
import { type DueReminder, dueReminders, insertReminders } from './reminders-sql.js';

/** What one daily run did. */
export interface DailyRunResult {
  /** The tenant's date the run was for (`YYYY-MM-DD`). */
  on: string;
  /** Reminders written (one planned task each), in deadline order. */
  reminders: ExpiringContract[];
  /** Contracts renewed automatically, with their follow-ups. */
  renewed: Array<{ contractId: string; renewalId: string }>;
  /** Contracts that expired on their end date. */
  expired: string[];
  /** Contracts whose renewal or expiry a `beforeContractTransition` tap vetoed (left as they were). */
  vetoed: string[];
}

const CHUNK = 2_000;

/**
 * The daily run for the transaction's tenant and the tenant's day `on`: reminder tasks in the owners'
 * journals, then automatic renewals and expiries of contracts whose end date has come. Serialised per
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
  const result: DailyRunResult = { on, reminders, renewed: [], expired: [], vetoed: [] };
  const ending = await tx.sql<{ id: string }>(
    `select id from contracts_contract
     where tenant_id = $1 and status in ('signed', 'active', 'suspended') and end_on <= $2::date
     order by end_on, id for update`,
    [tx.tenantId, on],
  );
  for (let i = 0; i < ending.length; i += 500) {
    const contracts = await readContracts(
      tx,
      ending.slice(i, i + 500).map((r) => r.id),
    );
    for (const contract of contracts) {
      const renews =
        contract.status === 'active' &&
        contract.autoRenewal !== null &&
        (contract.autoRenewal.maxRenewals === undefined ||
          contract.renewalCount < contract.autoRenewal.maxRenewals);
      const to = renews ? 'renewed' : 'expired';
      const reason = renews ? 'automatic renewal' : 'end date reached';
      if ((await vetoOf(tx, deps, contract, to, reason)) !== null) {
        result.vetoed.push(contract.id);
        continue;
      }
      if (renews) {
        const { renewal } = await renewContract(tx, deps, contract, { reason, on, vetoChecked: true });
        result.renewed.push({ contractId: contract.id, renewalId: renewal.id });
      } else {
        await applyTransition(tx, deps, contract, { to, reason, on, vetoChecked: true });
        result.expired.push(contract.id);
      }
    }
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
    const inputs = await Promise.all(chunk.map((r) => taskOf(tx, r)));
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

/** The planned task of one reminder, due at the start of the deadline day in the tenant's zone. */
async function taskOf(tx: TxContext, r: DueReminder): Promise<RecordInput<'task'>> {
  const what = r.kind === 'notice' ? 'Notice deadline' : 'End';
  return {
    type: 'task',
    subject: { type: 'contract', id: r.id },
    parties: [{ partyId: r.party_id, role: r.party_role }],
    employeeId: r.owner_id,
    assigneeId: r.owner_id,
    status: 'planned',
    dueAt: await tenantDayStart(tx, r.deadline_on),
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
