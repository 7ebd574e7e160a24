import {
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
  visibilityOf,
} from '@rapport/core/plugin';
import type { DealsStalledEvent, StalledDeal } from '../hooks.js';
import type { Deal, DealHistoryEntry, StageChange } from '../types.js';
import { createDeal } from './deal-create.js';
import {
  type CloseInput,
  CloseInputSchema,
  type DealCreateInput,
  DealInputSchema,
  type DealListOptions,
  DealListSchema,
  type DealPatch,
  DealPatchSchema,
  id as IdSchema,
  type MoveInput,
  MoveInputSchema,
  type ReopenInput,
  ReopenInputSchema,
} from './deal-input.js';
import { requireVisibleDeal, selectDeals, toDeals } from './deal-reader.js';
import { updateDeal } from './deal-update.js';
import { changeStage } from './stage-change.js';
import { readStageChanges } from './stage-history.js';
import { findStalled, markStalled, type StalledQuery, StalledQuerySchema } from './stalled.js';
import { dealVisibilitySql } from './visibility.js';

/** A page of deals; pass `nextCursor` as `cursor` for the next one (null on the last page). */
export interface DealPage {
  items: Deal[];
  nextCursor: string | null;
}

const dealId = (value: string) => parse(IdSchema, value, 'deal id');

/**
 * Deals: created in a pipeline's stage, moved through its stages, won or lost with a reason, reopened.
 * Every command is one transaction; every stage change writes one history row and one journal entry
 * and fires the pipeline's typed hooks. Reads and writes are limited to what the actor may see.
 */
@injectable()
export class DealService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(HOOKS) private readonly hooks: Readonly<CrmHooks>,
    @inject(JOURNAL_SERVICE) private readonly journal: JournalService,
  ) {}

  /**
   * Creates a deal in the pipeline's first open stage (or `stageId`), owned by the acting employee
   * (or `ownerId`), with the pipeline's currency unless another is given.
   *
   * @example
   * const deal = await crm.services.deals.create(ctx, {
   *   pipelineId: sales.id, title: 'Globex – 20 licences', customerId: globex.id, amount: '12000.00',
   *   expectedCloseOn: '2025-09-30', source: 'web form',
   * });
   */
  async create(ctx: CallContext, input: DealCreateInput): Promise<Deal> {
    const parsed = parse(DealInputSchema, input, 'deal');
    return this.db.transaction(ctx, (tx) => createDeal(tx, this.deps(), parsed));
  }

  /** Reads one deal (not found / not allowed when the actor may not see it). */
  async get(ctx: CallContext, id: string): Promise<Deal> {
    const did = dealId(id);
    return this.db.transaction(ctx, (tx) => requireVisibleDeal(tx, did));
  }

  /** A page of the deals the actor may see, in creation order, filtered by pipeline, stage, owner, status or customer. */
  async list(ctx: CallContext, options: DealListOptions = {}): Promise<DealPage> {
    const query = parse(DealListSchema, options, 'deal list');
    const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
    return this.db.transaction(ctx, async (tx) => {
      const params: unknown[] = [];
      const visible = dealVisibilitySql(await visibilityOf(tx), 'd', paramBinder(params));
      let select = selectDeals(tx)
        .where('d.tenantId', '=', tx.tenantId)
        .where(sqlFragment<boolean>(visible, params));
      if (query.pipelineId !== undefined) select = select.where('d.pipelineId', '=', query.pipelineId);
      if (query.stageId !== undefined) select = select.where('d.stageId', '=', query.stageId);
      if (query.ownerId !== undefined) select = select.where('d.ownerId', '=', query.ownerId);
      if (query.customerId !== undefined) select = select.where('d.customerId', '=', query.customerId);
      if (query.status !== undefined) select = select.where('d.status', '=', query.status);
      if (after !== null) select = select.where('d.id', '>', after);
      const rows = await select
        .orderBy('d.id')
        .limit(query.limit + 1)
        .execute();
      const items = await toDeals(tx, rows.slice(0, query.limit));
      const more = rows.length > query.limit;
      return { items, nextCursor: more ? encodeCursor(items.at(-1)!.id) : null };
    });
  }

  /**
   * Changes a deal's fields (not its stage: see {@link move}); each change is audited as
   * `[old, new]` (see {@link history}). Pass `expectedVersion` to refuse (conflict) a stale edit.
   */
  async update(ctx: CallContext, id: string, patch: DealPatch): Promise<Deal> {
    const did = dealId(id);
    const parsed = parse(DealPatchSchema, patch, 'deal');
    return this.db.transaction(ctx, (tx) => updateDeal(tx, this.hooks, did, parsed));
  }

  /**
   * Moves an open deal to another stage of its pipeline. A stage of another pipeline is invalid data
   * naming `stageId` (code `other_pipeline`); a won or lost deal is a conflict until reopened; moving
   * into a won or lost stage is a win or a loss and needs a `reason`.
   *
   * @example
   * await crm.services.deals.move(ctx, deal.id, { stageId: proposal.id, expectedVersion: deal.version });
   */
  async move(ctx: CallContext, id: string, input: MoveInput): Promise<Deal> {
    const did = dealId(id);
    const data = parse(MoveInputSchema, input, 'stage change');
    return this.db.transaction(ctx, async (tx) => {
      const { deal } = await changeStage(tx, this.deps(), did, {
        kind: 'move',
        stageId: data.stageId,
        reason: data.reason ?? null,
        expectedVersion: data.expectedVersion,
      });
      return deal;
    });
  }

  /** Wins an open deal (into the pipeline's first won stage, or `stageId`); the reason is required. */
  async win(ctx: CallContext, id: string, input: CloseInput): Promise<Deal> {
    return this.close(ctx, id, 'win', input);
  }

  /** Loses an open deal (into the pipeline's first lost stage, or `stageId`); the reason is required. */
  async lose(ctx: CallContext, id: string, input: CloseInput): Promise<Deal> {
    return this.close(ctx, id, 'lose', input);
  }

  /** Reopens a won or lost deal into an open stage of its pipeline (a conflict for an open deal). */
  async reopen(ctx: CallContext, id: string, input: ReopenInput): Promise<Deal> {
    const did = dealId(id);
    const data = parse(ReopenInputSchema, input, 'stage change');
    return this.db.transaction(ctx, async (tx) => {
      const { deal } = await changeStage(tx, this.deps(), did, {
        kind: 'reopen',
        stageId: data.stageId,
        reason: data.reason ?? null,
        expectedVersion: data.expectedVersion,
      });
      return deal;
    });
  }

  /** The stages a deal went through, oldest first (the first row is its creation). */
  async stageHistory(ctx: CallContext, id: string): Promise<StageChange[]> {
    const did = dealId(id);
    return this.db.transaction(ctx, async (tx) => {
      await requireVisibleDeal(tx, did);
      return readStageChanges(tx, did);
    });
  }

  /** The audited changes of a deal's fields (edits, merges, reassignments), oldest first. */
  async history(ctx: CallContext, id: string): Promise<DealHistoryEntry[]> {
    const did = dealId(id);
    return this.db.transaction(ctx, async (tx) => {
      await requireVisibleDeal(tx, did);
      return tx.db
        .selectFrom('DealHistory')
        .select(['id', 'dealId', 'changedAt', 'actor', 'operation', 'changes'])
        .where('tenantId', '=', tx.tenantId)
        .where('dealId', '=', did)
        .orderBy('changedAt')
        .orderBy('id')
        .execute();
    });
  }

  /**
   * The open deals the actor may see with no activity for longer than their stage's rotting limit
   * (or `olderThanDays`), longest-inactive first.
   */
  async stalled(ctx: CallContext, query: StalledQuery = {}): Promise<StalledDeal[]> {
    const parsed = parse(StalledQuerySchema, query, 'stalled deals query');
    return this.db.transaction(ctx, (tx) => findStalled(tx, parsed));
  }

  /**
   * Marks the tenant's newly stalled deals and fires `dealsStalled` (what the scheduled
   * `pipeline.mark-stalled` job runs); managers, administrators and system processes only.
   */
  async markStalled(ctx: CallContext): Promise<DealsStalledEvent> {
    return this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      return markStalled(tx, this.hooks);
    });
  }

  private close(ctx: CallContext, id: string, kind: 'win' | 'lose', input: CloseInput): Promise<Deal> {
    const did = dealId(id);
    const data = parse(CloseInputSchema, input, 'stage change');
    return this.db.transaction(ctx, async (tx) => {
      const { deal } = await changeStage(tx, this.deps(), did, {
        kind,
        stageId: data.stageId,
        reason: data.reason,
        expectedVersion: data.expectedVersion,
      });
      return deal;
    });
  }

  private deps() {
    return { hooks: this.hooks, journal: this.journal };
  }
}

function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify(['deal', id])).toString('base64url');
}

function decodeCursor(cursor: string): string {
  try {
    const [kind, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (kind === 'deal' && typeof id === 'string') return parse(IdSchema, id, 'cursor');
  } catch {
    // falls through to the typed error
  }
  throw new InvalidDataError('deal list', [
    { path: 'cursor', message: 'is not a cursor returned by deals.list', code: 'invalid_cursor' },
  ]);
}
