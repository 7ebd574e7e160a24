import {
  type Actor,
  CalendarDateSchema,
  type CallContext,
  type CrmHooks,
  DATABASE,
  type Database,
  HOOKS,
  InvalidDataError,
  inject,
  injectable,
  JOURNAL_SERVICE,
  type JournalService,
  paramBinder,
  parse,
  requireManager,
  sqlFragment,
  type TxContext,
  tenantToday,
  visibilityOf,
} from '@rapport/core/plugin';
import type { Document } from '@rapport/documents';
import { type DailyRunResult, runDaily } from '../jobs/daily-run.js';
import { CONTRACTS_OPTIONS, type ContractsOptions } from '../options.js';
import type { Contract, ContractTransition } from '../types.js';
import { createContract } from './contract-create.js';
import { decodeCursor, encodeCursor } from './contract-cursor.js';
import { type GenerateDocumentInput, GenerateDocumentSchema, generateDocument } from './contract-document.js';
import {
  AttachInputSchema,
  type ContractInput,
  ContractInputSchema,
  type ContractListOptions,
  ContractListSchema,
  type ContractPatch,
  ContractPatchSchema,
  id as IdSchema,
  type RenewInput,
  RenewInputSchema,
  type TransitionInput,
  TransitionInputSchema,
  type UpdateOptions,
  UpdateOptionsSchema,
} from './contract-input.js';
import { requireVisibleContract, selectContracts, toContract } from './contract-reader.js';
import { updateContract } from './contract-update.js';
import { requireContractWriter } from './contract-writer.js';
import { checkDocuments } from './document-checks.js';
import { renewContract } from './renewal.js';
import { applyTransition, checkVersion } from './transition.js';
import { contractVisibilitySql } from './visibility.js';

/** One row of a contract's history (`operation`: `updated`, `merged`, `reassigned`, `erased`…). */
export interface ContractHistoryRow {
  id: string;
  at: Date;
  actor: Actor;
  operation: string;
  changes: Record<string, unknown>;
}

/** A page of contracts; pass `nextCursor` as `cursor` for the next one (null on the last page). */
export interface ContractPage {
  items: Contract[];
  nextCursor: string | null;
}

const contractId = (value: string) => parse(IdSchema, value, 'contract id');

/**
 * Contracts: created in `draft` with a number from `@rapport/documents`, moved through their
 * lifecycle (every move validated, dated, with actor and reason, a history row and a journal entry),
 * renewed into follow-up contracts. Every command is one transaction; reads and writes are limited
 * to what the actor may see.
 */
@injectable()
export class ContractService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(HOOKS) private readonly hooks: Readonly<CrmHooks>,
    @inject(JOURNAL_SERVICE) private readonly journal: JournalService,
    @inject(CONTRACTS_OPTIONS) private readonly options: ContractsOptions,
  ) {}

  /**
   * Creates a contract in `draft`, owned by the acting employee (or `ownerId`).
   *
   * @example
   * const contract = await crm.services.contracts.create(ctx, {
   *   partyId: globex.id, subject: 'Support 2027', startOn: '2027-01-01', endOn: '2027-12-31',
   *   value: { kind: 'recurring', amount: '500.00', currency: 'EUR', period: 'month' },
   *   notice: { months: 3 }, autoRenewal: { renewFor: { months: 12 } },
   * });
   */
  async create(ctx: CallContext, input: ContractInput): Promise<Contract> {
    const parsed = parse(ContractInputSchema, input, 'contract');
    return this.db.transaction(ctx, (tx) => createContract(tx, this.deps(), parsed));
  }

  /** Reads one contract (not found / not allowed when the actor may not see it). */
  async get(ctx: CallContext, id: string): Promise<Contract> {
    const cid = contractId(id);
    return this.db.transaction(ctx, (tx) => requireVisibleContract(tx, cid));
  }

  /** A page of the contracts the actor may see, newest first, filtered by party, owner or status. */
  async list(ctx: CallContext, options: ContractListOptions = {}): Promise<ContractPage> {
    const query = parse(ContractListSchema, options, 'contract list');
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
    return this.db.transaction(ctx, async (tx) => {
      const params: unknown[] = [];
      const visible = contractVisibilitySql(await visibilityOf(tx), 'c', paramBinder(params));
      let select = selectContracts(tx)
        .where('c.tenantId', '=', tx.tenantId)
        .where(sqlFragment<boolean>(visible, params));
      if (query.partyId !== undefined) select = select.where('c.partyId', '=', query.partyId);
      if (query.ownerId !== undefined) select = select.where('c.ownerId', '=', query.ownerId);
      if (query.status !== undefined) select = select.where('c.status', '=', query.status);
      if (after !== null) select = select.where('c.id', '<', after);
      const rows = await select
        .orderBy('c.id', 'desc')
        .limit(query.limit + 1)
        .execute();
      const items = rows.slice(0, query.limit).map(toContract);
      const more = rows.length > query.limit;
      return { items, nextCursor: more ? encodeCursor(items.at(-1)!.id) : null };
    });
  }

  /**
   * Moves a contract to another status of its lifecycle (see `TRANSITIONS`); a move the table does
   * not allow is invalid data naming `status`; a stale `expectedVersion` is a conflict; a
   * `beforeContractTransition` tap may veto. Use {@link renew} to renew.
   *
   * @example
   * await crm.services.contracts.transition(ctx, c.id, { to: 'signed', reason: 'signed by both', expectedVersion: c.version });
   */
  async transition(ctx: CallContext, id: string, input: TransitionInput): Promise<Contract> {
    const cid = contractId(id);
    const data = parse(TransitionInputSchema, input, 'contract transition');
    if (data.to === 'renewed')
      throw new InvalidDataError('contract transition', [
        { path: 'status', message: 'a contract is renewed with contracts.renew', code: 'invalid_transition' },
      ]);
    return this.db.transaction(ctx, async (tx) => {
      const contract = await this.writable(tx, cid);
      const result = await applyTransition(tx, this.deps(), contract, {
        to: data.to,
        reason: data.reason ?? null,
        expectedVersion: data.expectedVersion,
      });
      return result.contract;
    });
  }

  /**
   * Corrects a contract: in `draft` and `in_approval` its subject, value, dates, notice, auto-renewal,
   * deal/quote of origin, notes and custom fields; once signed, only notes and custom fields (any
   * other field is invalid data naming it and the status). Same rules as {@link create}; a stale
   * `expectedVersion` is a conflict; only a contract writer may (see `requireContractWriter`). Each
   * correction leaves a history row (fields before/after, see {@link history}) and a `contract` journal
   * entry (`event: 'updated'`), and fires `contractUpdated`.
   *
   * @example
   * await crm.services.contracts.update(ctx, c.id, { subject: 'Support 2027 (gold)' }, { expectedVersion: c.version });
   */
  async update(
    ctx: CallContext,
    id: string,
    patch: ContractPatch,
    options: UpdateOptions = {},
  ): Promise<Contract> {
    const cid = contractId(id);
    const data = parse(ContractPatchSchema, patch, 'contract');
    const { expectedVersion } = parse(UpdateOptionsSchema, options, 'contract update options');
    return this.db.transaction(ctx, async (tx) =>
      updateContract(tx, this.deps(), await this.writable(tx, cid), data, expectedVersion),
    );
  }

  /** What corrections, merges, reassignments and erasures changed on a contract, oldest first. */
  async history(ctx: CallContext, id: string): Promise<ContractHistoryRow[]> {
    const cid = contractId(id);
    return this.db.transaction(ctx, async (tx) => {
      await requireVisibleContract(tx, cid);
      return tx.db
        .selectFrom('ContractHistory')
        .select(['id', 'at', 'actor', 'operation', 'changes'])
        .where('tenantId', '=', tx.tenantId)
        .where('contractId', '=', cid)
        .orderBy('at')
        .orderBy('id')
        .execute();
    });
  }

  /**
   * Renews an active (or suspended) contract: creates the follow-up (new number, from the day after
   * the end) and marks this one `renewed`. Returns both.
   */
  async renew(
    ctx: CallContext,
    id: string,
    input: RenewInput = {},
  ): Promise<{ previous: Contract; renewal: Contract }> {
    const cid = contractId(id);
    const data = parse(RenewInputSchema, input, 'contract renewal');
    return this.db.transaction(ctx, async (tx) =>
      renewContract(tx, this.deps(), await this.writable(tx, cid), {
        reason: data.reason ?? null,
        expectedVersion: data.expectedVersion,
        renewFor: data.renewFor,
        value: data.value,
      }),
    );
  }

  /** Links documents (`@rapport/documents` ids) to a contract; ids already linked are kept once. */
  async attachDocuments(
    ctx: CallContext,
    id: string,
    input: { documentIds: string[]; expectedVersion?: number },
  ): Promise<Contract> {
    const cid = contractId(id);
    const data = parse(AttachInputSchema, input, 'contract documents');
    return this.db.transaction(ctx, async (tx) => {
      const contract = await this.writable(tx, cid);
      checkVersion(contract, data.expectedVersion);
      await checkDocuments(tx, data.documentIds, 'contract documents');
      await tx.sql(
        `update contracts_contract set document_ids = array(select distinct unnest(document_ids || $3::uuid[])),
           version = version + 1, updated_at = clock_timestamp()
         where tenant_id = $1 and id = $2`,
        [tx.tenantId, cid, data.documentIds],
      );
      return requireVisibleContract(tx, cid);
    });
  }

  /**
   * Renders the contract's document from a `document` template of `@rapport/documents` (a PDF filed
   * under the contract's number, about its party) and links it to the contract.
   *
   * @example
   * const { document } = await crm.services.contracts.generateDocument(ctx, c.id, { template: 'contract', locale: 'en-GB' });
   */
  async generateDocument(
    ctx: CallContext,
    id: string,
    input: GenerateDocumentInput,
  ): Promise<{ contract: Contract; document: Document }> {
    const cid = contractId(id);
    const data = parse(GenerateDocumentSchema, input, 'contract document');
    return this.db.transaction(ctx, async (tx) => {
      const document = await generateDocument(tx, await this.writable(tx, cid), data);
      return { contract: await requireVisibleContract(tx, cid), document };
    });
  }

  /** The lifecycle of a contract, oldest first (the first row is its creation). */
  async transitions(ctx: CallContext, id: string): Promise<ContractTransition[]> {
    const cid = contractId(id);
    return this.db.transaction(ctx, async (tx) => {
      await requireVisibleContract(tx, cid);
      const rows = await tx.db
        .selectFrom('ContractTransition')
        .select(['id', 'contractId', 'fromStatus', 'toStatus', 'at', 'actor', 'reason', 'journalEntryId'])
        .where('tenantId', '=', tx.tenantId)
        .where('contractId', '=', cid)
        .orderBy('at')
        .orderBy('id')
        .execute();
      return rows;
    });
  }

  /**
   * The daily run (what the scheduled `contracts.daily` job does), for the tenant's day `on` (default:
   * today in the tenant's time zone, or the day of `now`): reminder tasks in the owners' journals
   * `reminderDays` before each notice deadline and end date, then automatic renewals and expiries of
   * contracts whose end date has come; fires `contractsExpiring` with the reminders written.
   * Idempotent: a second run for the same day changes nothing. Managers, admins and system only.
   */
  async runDaily(ctx: CallContext, options: { on?: string; now?: Date } = {}): Promise<DailyRunResult> {
    const on = options.on === undefined ? undefined : parse(CalendarDateSchema, options.on, 'daily run day');
    return this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      const day = on ?? (await tenantToday(tx, options.now ?? new Date()));
      const result = await runDaily(tx, this.deps(), day, this.options.reminderDays);
      if (result.reminders.length > 0)
        await this.hooks.contractsExpiring.promise({ on: day, contracts: result.reminders }, tx);
      return result;
    });
  }

  /** Locks a contract the actor may see and may change (see `requireContractWriter`). */
  private async writable(tx: TxContext, id: string): Promise<Contract> {
    const contract = await requireVisibleContract(tx, id, true);
    await requireContractWriter(tx, contract);
    return contract;
  }

  private deps() {
    return { hooks: this.hooks, journal: this.journal };
  }
}
