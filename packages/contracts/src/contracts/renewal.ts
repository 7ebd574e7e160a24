import { InvalidDataError, type TxContext, tenantToday, VetoError } from '@rapport/core/plugin';
import type { Contract, ContractValue } from '../types.js';
import { insertContract } from './contract-create.js';
import { applyTransition, checkMove, checkVersion, type TransitionDeps, vetoOf } from './transition.js';

/** What a renewal asks for. */
export interface RenewalSpec {
  reason: string | null;
  expectedVersion?: number | undefined;
  renewFor?: { months: number } | undefined;
  value?: ContractValue | undefined;
  /** `beforeContractTransition` was already asked and did not veto. */
  vetoChecked?: boolean;
  /** The tenant's day of the renewal (default today). */
  on?: string | undefined;
}

/**
 * Renews a LOCKED contract inside `tx`: creates the follow-up (a new number, the day after the end,
 * for `renewFor` months — default the auto-renewal term — with the same terms, `renewedFromId` set,
 * active from the start) and moves the old one to `renewed`.
 */
export async function renewContract(
  tx: TxContext,
  deps: TransitionDeps,
  contract: Contract,
  spec: RenewalSpec,
): Promise<{ previous: Contract; renewal: Contract }> {
  checkVersion(contract, spec.expectedVersion);
  checkMove(contract, 'renewed');
  const issue = (path: string, message: string) =>
    new InvalidDataError('contract renewal', [{ path, message, code: 'custom' }]);
  if (!contract.endOn) throw issue('endOn', `contract ${contract.number} has no end date to renew from`);
  const months = spec.renewFor?.months ?? contract.autoRenewal?.renewFor.months;
  if (!months) throw issue('renewFor', 'the contract has no automatic renewal term: give renewFor');
  const [dates] = (await tx.sql<{ start_on: string; end_on: string }>(
    `select ($1::date + 1)::text as start_on,
       (($1::date + 1) + make_interval(months => $2::int) - interval '1 day')::date::text as end_on`,
    [contract.endOn, months],
  )) as [{ start_on: string; end_on: string }];
  const on = spec.on ?? (await tenantToday(tx));
  // Asked before the follow-up is written, so that a scheduled run can skip a vetoed renewal cleanly.
  const reason = spec.reason ?? 'renewal';
  if (!spec.vetoChecked) {
    const veto = await vetoOf(tx, deps, contract, 'renewed', reason);
    if (veto !== null)
      throw new VetoError(`Renewing contract ${contract.number} was refused: ${veto}`, {
        contractId: contract.id,
        status: contract.status,
        to: 'renewed',
      });
  }
  const renewal = await insertContract(tx, deps, {
    partyId: contract.partyId,
    partyRole: contract.partyRole,
    dealId: contract.dealId,
    quoteId: contract.quoteId,
    subject: contract.subject,
    value: spec.value ?? contract.value,
    startOn: dates.start_on,
    endOn: dates.end_on,
    notice: contract.notice,
    renewMonths: contract.autoRenewal?.renewFor.months ?? null,
    maxRenewals: contract.autoRenewal?.maxRenewals ?? null,
    ownerId: contract.ownerId,
    documentIds: [],
    notes: null,
    custom: contract.custom,
    status: 'active',
    renewedFromId: contract.id,
    renewalCount: contract.renewalCount + 1,
    signedOn: on,
    reason: `renewal of ${contract.number}`,
  });
  const { contract: previous } = await applyTransition(tx, deps, contract, {
    to: 'renewed',
    reason,
    on,
    renewal,
    vetoChecked: true,
  });
  return { previous, renewal };
}
