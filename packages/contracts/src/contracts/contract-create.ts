import {
  InvalidDataError,
  requireAssignableOwner,
  requireVisibleParties,
  type TxContext,
  tenantToday,
  visibilityOf,
} from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import { CONTRACT_ORIGINS } from '../tokens.js';
import type { Contract, ContractStatus, ContractValue, Term } from '../types.js';
import type { ParsedContractInput } from './contract-input.js';
import { readContracts } from './contract-reader.js';
import { checkDocuments } from './document-checks.js';
import { allocateContractNumber } from './numbering.js';
import { recordTransition, type TransitionDeps } from './transition.js';

/** Everything a new contract row holds (validated). */
export interface NewContract {
  partyId: string;
  partyRole: 'customer' | 'partner';
  dealId: string | null;
  quoteId: string | null;
  subject: string;
  value: ContractValue;
  startOn: string;
  endOn: string | null;
  notice: Term | null;
  renewMonths: number | null;
  maxRenewals: number | null;
  ownerId: string;
  documentIds: readonly string[];
  notes: string | null;
  custom: Record<string, unknown>;
  status: ContractStatus;
  renewedFromId: string | null;
  renewalCount: number;
  signedOn: string | null;
  reason: string | null;
}

/**
 * Creates a contract inside `tx` from validated input: checks the party, the owner (agents own their
 * own contracts only), the deal and quote of origin (see `ContractOrigins`), then writes it in `draft`.
 */
export async function createContract(
  tx: TxContext,
  deps: TransitionDeps,
  input: ParsedContractInput,
): Promise<Contract> {
  const visibility = await visibilityOf(tx);
  const ownerId = input.ownerId ?? visibility.employeeId;
  if (!ownerId)
    throw new InvalidDataError('contract', [
      {
        path: 'ownerId',
        message: 'a contract created by a system process needs an owner',
        code: 'invalid_type',
      },
    ]);
  await requireVisibleParties(tx, [input.partyId]);
  await requireAssignableOwner(tx, ownerId, 'contract');
  await tx.resolve(CONTRACT_ORIGINS).check(tx, input, 'contract');
  await checkDocuments(tx, input.documentIds, 'contract');
  return insertContract(tx, deps, {
    partyId: input.partyId,
    partyRole: input.partyRole,
    dealId: input.dealId ?? null,
    quoteId: input.quoteId ?? null,
    subject: input.subject,
    value: input.value,
    startOn: input.startOn,
    endOn: input.endOn ?? null,
    notice: input.notice ?? null,
    renewMonths: input.autoRenewal?.renewFor.months ?? null,
    maxRenewals: input.autoRenewal?.maxRenewals ?? null,
    ownerId,
    documentIds: input.documentIds,
    notes: input.notes ?? null,
    custom: input.custom,
    status: 'draft',
    renewedFromId: null,
    renewalCount: 0,
    signedOn: null,
    reason: null,
  });
}

/** Writes a contract row with a new number, its first history row and journal entry. */
export async function insertContract(tx: TxContext, deps: TransitionDeps, c: NewContract): Promise<Contract> {
  const id = uuidv7();
  const number = await allocateContractNumber(tx, await tenantToday(tx));
  const [{ at }] = (await tx.sql<{ at: string }>('select clock_timestamp() as at')) as [{ at: string }];
  const months = c.notice && 'months' in c.notice ? c.notice.months : null;
  const days = c.notice && 'days' in c.notice ? c.notice.days : null;
  await tx.sql(
    `insert into contracts_contract (tenant_id, id, number, subject, party_id, party_role, deal_id, quote_id, owner_id,
       status, value_kind, amount, currency, period, start_on, end_on, notice_months, notice_days, notice_on,
       renew_months, max_renewals, renewal_count, renewed_from_id, signed_on, document_ids, notes, custom,
       status_changed_at, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::date, $16::date, $17::int, $18::int,
       case when $17::int is not null then ($16::date - make_interval(months => $17::int))::date
            when $18::int is not null then $16::date - $18::int end,
       $19, $20, $21, $22, $23, $24::uuid[], $25, $26, $27, $27, $27)`,
    [
      tx.tenantId,
      id,
      number,
      c.subject,
      c.partyId,
      c.partyRole,
      c.dealId,
      c.quoteId,
      c.ownerId,
      c.status,
      c.value.kind,
      c.value.amount,
      c.value.currency,
      c.value.kind === 'recurring' ? c.value.period : null,
      c.startOn,
      c.endOn,
      months,
      days,
      c.renewMonths,
      c.maxRenewals,
      c.renewalCount,
      c.renewedFromId,
      c.signedOn,
      [...c.documentIds],
      c.notes,
      JSON.stringify(c.custom),
      at,
    ],
  );
  await recordTransition(
    tx,
    deps.journal,
    { id, number, partyId: c.partyId, partyRole: c.partyRole },
    null,
    c.status,
    c.reason,
    at,
  );
  const [contract] = await readContracts(tx, [id]);
  return contract!;
}
