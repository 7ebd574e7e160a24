import type { JournalEntry, RecordInput, TxContext } from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import { readContracts } from '../contracts/contract-reader.js';
import { allocateContractNumber } from '../contracts/numbering.js';
import { type TransitionDeps, vetoOf } from '../contracts/transition.js';
import type { ContractTransitionedEvent } from '../hooks.js';
import type { Contract, ContractStatus } from '../types.js';

/** What {@link endContracts} did. */
export interface EndOfTermResult {
  renewed: Array<{ contractId: string; renewalId: string }>;
  expired: string[];
  vetoed: string[];
}

interface Move {
  contract: Contract;
  to: 'renewed' | 'expired';
  reason: string;
  renewal?: { id: string; number: string };
}

/**
 * Renews or expires LOCKED contracts whose end date has come, set-based: the vetoes asked one by
 * one, a number per follow-up from documents, then one statement each for the follow-ups, the
 * status changes, the journal entries (one batch) and the history rows; `contractTransitioned`
 * fires for each move afterwards, as for a single move. Renewed: active, with auto-renewal and
 * renewals left; the rest expire.
 */
export async function endContracts(
  tx: TxContext,
  deps: TransitionDeps,
  on: string,
  contracts: readonly Contract[],
): Promise<EndOfTermResult> {
  const result: EndOfTermResult = { renewed: [], expired: [], vetoed: [] };
  const moves: Move[] = [];
  for (const contract of contracts) {
    const renews =
      contract.status === 'active' &&
      contract.autoRenewal !== null &&
      (contract.autoRenewal.maxRenewals === undefined ||
        contract.renewalCount < contract.autoRenewal.maxRenewals);
    const to = renews ? 'renewed' : 'expired';
    const reason = renews ? 'automatic renewal' : 'end date reached';
    if ((await vetoOf(tx, deps, contract, to, reason)) !== null) result.vetoed.push(contract.id);
    else moves.push({ contract, to, reason });
  }
  if (moves.length === 0) return result;
  for (const move of moves)
    if (move.to === 'renewed') move.renewal = { id: uuidv7(), number: await allocateContractNumber(tx, on) };
  const renewals = moves.filter((m) => m.renewal);
  const [{ at }] = (await tx.sql<{ at: string }>('select clock_timestamp() as at')) as [{ at: string }];
  if (renewals.length > 0) await insertFollowUps(tx, renewals, on, at);
  await tx.sql(
    `update contracts_contract c set status = m.to_status, status_changed_at = $3, version = c.version + 1, updated_at = $3,
       ended_on = case when m.to_status = 'renewed' then coalesce(c.end_on, $4::date) else least(coalesce(c.end_on, $4::date), $4::date) end
     from unnest($2::uuid[], $5::text[]) as m(id, to_status)
     where c.tenant_id = $1 and c.id = m.id`,
    [tx.tenantId, moves.map((m) => m.contract.id), at, on, moves.map((m) => m.to)],
  );
  // Journal and history: each follow-up's creation, then each move.
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
  for (const m of moves) {
    if (m.renewal) result.renewed.push({ contractId: m.contract.id, renewalId: m.renewal.id });
    else result.expired.push(m.contract.id);
  }
  return result;
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
