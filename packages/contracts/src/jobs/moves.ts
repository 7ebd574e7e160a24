import type { JournalEntry, RecordInput, TxContext } from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import { readContracts } from '../contracts/contract-reader.js';
import type { TransitionDeps } from '../contracts/transition.js';
import type { ContractTransitionedEvent } from '../hooks.js';
import type { Contract, ContractStatus } from '../types.js';

/** One move the daily run makes (vetoes already asked); a renewal carries its follow-up's id and number. */
export interface Move {
  contract: Contract;
  to: 'renewed' | 'expired' | 'active';
  reason: string;
  renewal?: { id: string; number: string };
}

/**
 * Writes LOCKED contracts' moves set-based, as a single move would: the follow-ups of renewals (one
 * insert), the status changes (one update), the journal entries (one batch: each follow-up's
 * creation, then each move) and the history rows (one insert); `contractTransitioned` fires for each
 * move afterwards. `on` is the tenant's day of the run.
 */
export async function writeMoves(tx: TxContext, deps: TransitionDeps, on: string, moves: readonly Move[]) {
  if (moves.length === 0) return;
  const renewals = moves.filter((m) => m.renewal);
  const [{ at }] = (await tx.sql<{ at: string }>('select clock_timestamp() as at')) as [{ at: string }];
  if (renewals.length > 0) await insertFollowUps(tx, renewals, on, at);
  await tx.sql(
    `update contracts_contract c set status = m.to_status, status_changed_at = $3, version = c.version + 1, updated_at = $3,
       ended_on = case m.to_status when 'renewed' then coalesce(c.end_on, $4::date)
         when 'expired' then least(coalesce(c.end_on, $4::date), $4::date) else c.ended_on end
     from unnest($2::uuid[], $5::text[]) as m(id, to_status)
     where c.tenant_id = $1 and c.id = m.id`,
    [tx.tenantId, moves.map((m) => m.contract.id), at, on, moves.map((m) => m.to)],
  );
  const rows = [
    ...renewals.map((m) => ({
      contract: { ...m.contract, id: m.renewal!.id, number: m.renewal!.number },
      from: null,
      to: 'active' as ContractStatus,
      reason: `renewal of ${m.contract.number}`,
    })),
    ...moves.map((m) => ({
      contract: m.contract,
      from: m.contract.status,
      to: m.to as ContractStatus,
      reason: m.reason,
    })),
  ];
  const inputs: Array<RecordInput<'contract'>> = rows.map((r) => ({
    type: 'contract',
    occurredAt: new Date(at),
    subject: { type: 'contract', id: r.contract.id },
    parties: [{ partyId: r.contract.partyId, role: r.contract.partyRole }],
    outcome: r.reason,
    data: { contractId: r.contract.id, number: r.contract.number, from: r.from, to: r.to, reason: r.reason },
  }));
  const entries = (await deps.journal.recordMany(tx, inputs)).map((r) => r.entry);
  const ids = rows.map(() => uuidv7());
  await tx.sql(
    `insert into contracts_transition (tenant_id, id, contract_id, from_status, to_status, at, actor, reason, journal_entry_id)
     select $1, t.id, t.contract_id, t.from_status, t.to_status, $2, $3, t.reason, t.entry_id
     from unnest($4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::uuid[])
       as t(id, contract_id, from_status, to_status, reason, entry_id)`,
    [
      tx.tenantId,
      at,
      JSON.stringify(tx.actor),
      ids,
      rows.map((r) => r.contract.id),
      rows.map((r) => r.from),
      rows.map((r) => r.to),
      rows.map((r) => r.reason),
      entries.map((e) => e.id),
    ],
  );
  await notify(tx, deps, moves, {
    at,
    ids: ids.slice(renewals.length),
    entries: entries.slice(renewals.length),
  });
}

/** The follow-ups of renewed contracts, in one insert: the day after the end, same terms, active. */
async function insertFollowUps(
  tx: TxContext,
  renewals: readonly Move[],
  on: string,
  at: string,
): Promise<void> {
  await tx.sql(
    `insert into contracts_contract (tenant_id, id, number, subject, party_id, party_role, deal_id, quote_id, owner_id,
       status, value_kind, amount, currency, period, start_on, end_on, notice_months, notice_days, notice_on,
       renew_months, max_renewals, renewal_count, renewed_from_id, signed_on, custom, status_changed_at, created_at, updated_at)
     select c.tenant_id, n.id, n.number, c.subject, c.party_id, c.party_role, c.deal_id, c.quote_id, c.owner_id,
       'active', c.value_kind, c.amount, c.currency, c.period, c.end_on + 1, e.end_on, c.notice_months, c.notice_days,
       case when c.notice_months is not null then (e.end_on - make_interval(months => c.notice_months))::date
            when c.notice_days is not null then e.end_on - c.notice_days end,
       c.renew_months, c.max_renewals, c.renewal_count + 1, c.id, $3::date, c.custom, $4, $4, $4
     from unnest($2::uuid[], $5::uuid[], $6::text[]) as n(old_id, id, number)
     join contracts_contract c on c.tenant_id = $1 and c.id = n.old_id
     cross join lateral (select (c.end_on + 1 + make_interval(months => c.renew_months) - interval '1 day')::date as end_on) e`,
    [
      tx.tenantId,
      renewals.map((m) => m.contract.id),
      on,
      at,
      renewals.map((m) => m.renewal!.id),
      renewals.map((m) => m.renewal!.number),
    ],
  );
}

/** Fires `contractTransitioned` for each move, with the contracts as they are now. */
async function notify(
  tx: TxContext,
  deps: TransitionDeps,
  moves: readonly Move[],
  written: { at: string; ids: string[]; entries: JournalEntry[] },
): Promise<void> {
  if (!deps.hooks.contractTransitioned.isUsed()) return;
  const after = new Map(
    (
      await readContracts(
        tx,
        moves.flatMap((m) => [m.contract.id, ...(m.renewal ? [m.renewal.id] : [])]),
      )
    ).map((c) => [c.id, c]),
  );
  for (const [i, m] of moves.entries()) {
    const entry = written.entries[i]!;
    const event: ContractTransitionedEvent = {
      contract: after.get(m.contract.id)!,
      transition: {
        id: written.ids[i]!,
        contractId: m.contract.id,
        fromStatus: m.contract.status,
        toStatus: m.to,
        at: new Date(written.at),
        actor: tx.actor,
        reason: m.reason,
        journalEntryId: entry.id,
      },
      from: m.contract.status,
      to: m.to,
      reason: m.reason,
      actor: tx.actor,
      entry,
      ...(m.renewal ? { renewal: after.get(m.renewal.id)! } : {}),
    };
    await deps.hooks.contractTransitioned.promise(event, tx);
  }
}
