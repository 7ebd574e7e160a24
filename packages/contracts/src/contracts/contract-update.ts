import { type FieldIssue, InvalidDataError, type TxContext } from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import type { ContractUpdatedEvent } from '../hooks.js';
import { CONTRACT_ORIGINS } from '../tokens.js';
import type { Contract, ContractStatus } from '../types.js';
import { type ParsedContractPatch, termIssues } from './contract-input.js';
import { readContracts, trimDecimal } from './contract-reader.js';
import { checkVersion, type TransitionDeps } from './transition.js';

/** Statuses in which every term may still be corrected; later only `notes` and `custom`. */
const OPEN_STATUSES: readonly ContractStatus[] = ['draft', 'in_approval'];
const ALWAYS_EDITABLE = new Set(['notes', 'custom']);

type Field = keyof ParsedContractPatch & keyof Contract;
/** One changed field: its value before and after, as `Contract` holds it. */
export type FieldChange = { before: unknown; after: unknown };

/**
 * Corrects a LOCKED contract the actor may write inside `tx`: checks the version, what its status
 * lets change, the merged dates and terms (the rules of `create`) and the deal/quote of origin, then
 * writes the fields (guarded by the version), one `contracts_history` row (`updated`, each field
 * before/after), one `contract` journal entry (`event: 'updated'`) and fires `contractUpdated`. A
 * patch that changes nothing writes nothing and returns the contract as it is.
 */
export async function updateContract(
  tx: TxContext,
  deps: TransitionDeps,
  contract: Contract,
  patch: ParsedContractPatch,
  expectedVersion: number | undefined,
): Promise<Contract> {
  checkVersion(contract, expectedVersion);
  const next = merged(contract, patch);
  const changes: Partial<Record<Field, FieldChange>> = {};
  for (const field of Object.keys(patch) as Field[]) {
    const before = contract[field];
    if (!same(before, next[field])) changes[field] = { before, after: next[field] };
  }
  const fields = Object.keys(changes) as Field[];
  refuseLocked(contract, fields);
  const issues: FieldIssue[] = termIssues(next);
  if (issues.length > 0) throw new InvalidDataError('contract', issues);
  if (fields.length === 0) return contract;
  if (changes.dealId || changes.quoteId)
    await tx
      .resolve(CONTRACT_ORIGINS)
      .check(
        tx,
        { dealId: changes.dealId && next.dealId, quoteId: changes.quoteId && next.quoteId },
        'contract',
      );
  const [{ at }] = (await tx.sql<{ at: string }>('select clock_timestamp() as at')) as [{ at: string }];
  await writeFields(tx, contract, next, at);
  const { entry } = await deps.journal.record(tx, {
    type: 'contract',
    occurredAt: new Date(at),
    subject: { type: 'contract', id: contract.id },
    parties: [{ partyId: contract.partyId, role: contract.partyRole }],
    outcome: `updated ${fields.join(', ')}`,
    data: {
      contractId: contract.id,
      number: contract.number,
      from: contract.status,
      to: contract.status,
      reason: null,
      event: 'updated',
      fields,
    },
  });
  await tx.sql(
    `insert into contracts_history (tenant_id, id, contract_id, at, actor, operation, changes)
     values ($1, $2, $3, $4, $5, 'updated', $6)`,
    [tx.tenantId, uuidv7(), contract.id, at, JSON.stringify(tx.actor), JSON.stringify(changes)],
  );
  const [after] = await readContracts(tx, [contract.id]);
  const event: ContractUpdatedEvent = { contract: after!, before: contract, changes, actor: tx.actor, entry };
  await deps.hooks.contractUpdated.promise(event, tx);
  return after!;
}

/** The contract with the patch applied, in the shape `Contract` holds (amounts without padding). */
function merged(contract: Contract, patch: ParsedContractPatch): Contract {
  const next: Contract = { ...contract };
  for (const [field, value] of Object.entries(patch) as Array<[Field, unknown]>)
    if (value !== undefined) (next as unknown as Record<string, unknown>)[field] = value;
  next.value = { ...next.value, amount: trimDecimal(next.value.amount) };
  return next;
}

/** Once signed, a contract's terms are what was signed: only notes and custom fields change. */
function refuseLocked(contract: Contract, fields: readonly Field[]): void {
  if (OPEN_STATUSES.includes(contract.status)) return;
  const locked = fields.filter((f) => !ALWAYS_EDITABLE.has(f));
  if (locked.length > 0)
    throw new InvalidDataError(
      'contract',
      locked.map((path) => ({
        path,
        message: `cannot change once the contract is ${contract.status} (only notes and custom fields); renew or terminate it instead`,
        code: 'read_only',
      })),
    );
}

/** Writes the editable columns from `next`, the notice deadline recomputed, guarded by the version. */
async function writeFields(tx: TxContext, contract: Contract, next: Contract, at: string): Promise<void> {
  const months = next.notice && 'months' in next.notice ? next.notice.months : null;
  const days = next.notice && 'days' in next.notice ? next.notice.days : null;
  await tx.sql(
    `update contracts_contract set subject = $4, value_kind = $5, amount = $6, currency = $7, period = $8,
       start_on = $9::date, end_on = $10::date, notice_months = $11::int, notice_days = $12::int,
       notice_on = case when $11::int is not null then ($10::date - make_interval(months => $11::int))::date
                        when $12::int is not null then $10::date - $12::int end,
       renew_months = $13, max_renewals = $14, deal_id = $15, quote_id = $16, notes = $17, custom = $18,
       version = version + 1, updated_at = $19
     where tenant_id = $1 and id = $2 and version = $3`,
    [
      tx.tenantId,
      contract.id,
      contract.version,
      next.subject,
      next.value.kind,
      next.value.amount,
      next.value.currency,
      next.value.kind === 'recurring' ? next.value.period : null,
      next.startOn,
      next.endOn,
      months,
      days,
      next.autoRenewal?.renewFor.months ?? null,
      next.autoRenewal?.maxRenewals ?? null,
      next.dealId,
      next.quoteId,
      next.notes,
      JSON.stringify(next.custom),
      at,
    ],
  );
}

/** Deep equality of JSON values, whatever the key order (jsonb reorders keys). */
function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}
