import {
  ConflictError,
  type CrmHooks,
  InvalidDataError,
  type JournalService,
  type TxContext,
  tenantToday,
  VetoError,
} from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import type { ContractTransitionedEvent } from '../hooks.js';
import type { Contract, ContractStatus, ContractTransition } from '../types.js';
import { readContracts } from './contract-reader.js';
import { isAllowed, TRANSITIONS } from './lifecycle.js';

/** What a transition needs from the service. */
export interface TransitionDeps {
  hooks: Readonly<CrmHooks>;
  journal: JournalService;
}

/** One move asked for. */
export interface TransitionSpec {
  to: ContractStatus;
  reason: string | null;
  expectedVersion?: number | undefined;
  /** The day the move takes effect in the tenant (default: today there). */
  on?: string | undefined;
  /** `beforeContractTransition` was already asked (by {@link vetoOf}) and did not veto. */
  vetoChecked?: boolean;
  /** For a renewal: the follow-up, passed on to `contractTransitioned`. */
  renewal?: Contract;
}

/** Refuses (conflict) a write based on a stale read. */
export function checkVersion(contract: Contract, expected: number | undefined): void {
  if (expected !== undefined && expected !== contract.version)
    throw new ConflictError(
      `Contract ${contract.number} changed meanwhile (version ${contract.version}, expected ${expected}); reload it and retry`,
      { details: { contractId: contract.id, version: contract.version, expectedVersion: expected } },
    );
}

/** Refuses a move that is not in the lifecycle table: invalid data naming `status`. */
export function checkMove(contract: Contract, to: ContractStatus): void {
  if (isAllowed(contract.status, to)) return;
  const allowed = TRANSITIONS[contract.status];
  throw new InvalidDataError('contract transition', [
    {
      path: 'status',
      message: `contract ${contract.number} cannot go from ${contract.status} to ${to} (allowed: ${allowed.join(', ') || 'none, it has ended'})`,
      code: 'invalid_transition',
    },
  ]);
}

/**
 * Moves a LOCKED contract (see `requireVisibleContract(tx, id, true)`) to `spec.to` inside `tx`:
 * checks the version and the lifecycle table, lets `beforeContractTransition` veto, then writes the
 * status (guarded by the version), one history row and one journal entry, and fires
 * `contractTransitioned`. Returns the contract after the move.
 */
export async function applyTransition(
  tx: TxContext,
  deps: TransitionDeps,
  contract: Contract,
  spec: TransitionSpec,
): Promise<{ contract: Contract; transition: ContractTransition }> {
  checkVersion(contract, spec.expectedVersion);
  checkMove(contract, spec.to);
  if (!spec.vetoChecked) {
    const veto = await vetoOf(tx, deps, contract, spec.to, spec.reason);
    if (veto !== null)
      throw new VetoError(`Moving contract ${contract.number} to ${spec.to} was refused: ${veto}`, {
        contractId: contract.id,
        status: contract.status,
        to: spec.to,
      });
  }
  const on = spec.on ?? (await tenantToday(tx));
  // The clock after the lock: a move that waited for a concurrent one comes after it in the history.
  const [{ at }] = (await tx.sql<{ at: string }>('select clock_timestamp() as at')) as [{ at: string }];
  const updated = await tx.sql(
    `update contracts_contract set status = $3, status_changed_at = $4, version = version + 1, updated_at = $4,
       signed_on = case when $3 = 'signed' then $5::date else signed_on end,
       ended_on = case $3 when 'terminated' then $5::date when 'renewed' then coalesce(end_on, $5::date)
         when 'expired' then least(coalesce(end_on, $5::date), $5::date) else ended_on end
     where tenant_id = $1 and id = $2 and version = $6
     returning id`,
    [tx.tenantId, contract.id, spec.to, at, on, contract.version],
  );
  if (updated.length === 0)
    throw new ConflictError(`Contract ${contract.number} changed meanwhile; reload it and retry`, {
      details: { contractId: contract.id, version: contract.version },
    });
  const transition = await recordTransition(
    tx,
    deps.journal,
    contract,
    contract.status,
    spec.to,
    spec.reason,
    at,
  );
  const [after] = await readContracts(tx, [contract.id]);
  const event: ContractTransitionedEvent = {
    contract: after!,
    transition,
    from: contract.status,
    to: spec.to,
    reason: spec.reason,
    actor: tx.actor,
    entry: transition.entry,
    ...(spec.renewal ? { renewal: spec.renewal } : {}),
  };
  await deps.hooks.contractTransitioned.promise(event, tx);
  return { contract: after!, transition };
}

/** Asks the `beforeContractTransition` taps: the veto's reason, or null when the move may go ahead. */
export async function vetoOf(
  tx: TxContext,
  deps: TransitionDeps,
  contract: Contract,
  to: ContractStatus,
  reason: string | null,
): Promise<string | null> {
  if (!deps.hooks.beforeContractTransition.isUsed()) return null;
  const verdict = await deps.hooks.beforeContractTransition.promise(
    { contract, from: contract.status, to, reason, actor: tx.actor },
    tx,
  );
  return verdict?.veto ?? null;
}

/** Writes the journal entry (type `contract`) and the history row of one move (or of the creation). */
export async function recordTransition(
  tx: TxContext,
  journal: JournalService,
  contract: Pick<Contract, 'id' | 'number' | 'partyId' | 'partyRole'>,
  from: ContractStatus | null,
  to: ContractStatus,
  reason: string | null,
  at: string,
): Promise<ContractTransition & { entry: ContractTransitionedEvent['entry'] }> {
  const { entry } = await journal.record(tx, {
    type: 'contract',
    occurredAt: new Date(at),
    subject: { type: 'contract', id: contract.id },
    parties: [{ partyId: contract.partyId, role: contract.partyRole }],
    ...(reason ? { outcome: reason.slice(0, 500) } : {}),
    data: { contractId: contract.id, number: contract.number, from, to, reason },
  });
  const employeeId = tx.actor.kind === 'employee' ? tx.actor.id : null;
  const id = uuidv7();
  await tx.sql(
    `insert into contracts_transition (tenant_id, id, contract_id, from_status, to_status, at, employee_id, actor, reason, journal_entry_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [tx.tenantId, id, contract.id, from, to, at, employeeId, JSON.stringify(tx.actor), reason, entry.id],
  );
  return {
    id,
    contractId: contract.id,
    fromStatus: from,
    toStatus: to,
    at: new Date(at),
    actor: tx.actor,
    reason,
    journalEntryId: entry.id,
    entry,
  };
}
