import type { Actor, HookFactories, JournalEntry, TxContext } from '@rapport/core';
import { AsyncSeriesHook, AsyncSeriesWaterfallHook } from '@rapport/core';
import type { DealInput } from './deals/deal-input.js';
import type { Deal, Stage, StageChange, StageOutcome } from './types.js';

/** How a deal came to change stage: an ordinary move, a win, a loss, or reopening a closed deal. */
export type StageChangeKind = 'move' | 'win' | 'lose' | 'reopen';

/** What `beforeDealStageChange` taps receive (and may return changed): the move about to happen. */
export interface DealStageChangeRequest {
  /** The deal as it is now (locked for this transaction). */
  deal: Deal;
  from: Stage;
  /** The target stage; a tap may return another stage of the same pipeline (re-validated). */
  to: Stage;
  kind: StageChangeKind;
  reason: string | null;
}

/** Payload of `dealStageChanged`: one stage change, fully described. */
export interface DealStageChangedEvent {
  /** The deal after the change. */
  deal: Deal;
  /** The history row written for it. */
  change: StageChange;
  from: Stage;
  to: Stage;
  kind: StageChangeKind;
  /** The outcome of the new stage: `won` / `lost` when the deal just closed. */
  outcome: StageOutcome;
  reason: string | null;
  actor: Actor;
  /** The journal entry (type `pipeline.stage_changed`) recorded for it. */
  entry: JournalEntry;
}

/** Payload of `dealCreated`. */
export interface DealCreatedEvent {
  deal: Deal;
  stage: Stage;
  /** The first row of the deal's stage history (`fromStageId` null). */
  change: StageChange;
  /** The journal entry (type `pipeline.deal_created`) recorded for it. */
  entry: JournalEntry;
}

/** Payload of `dealUpdated`: the deal after the change, and each changed field as `[old, new]`. */
export interface DealUpdatedEvent {
  deal: Deal;
  changes: Record<string, [unknown, unknown]>;
}

/** A deal the stalled-deal job has just marked. */
export interface StalledDeal {
  id: string;
  title: string;
  pipelineId: string;
  stageId: string;
  stageName: string;
  customerId: string;
  ownerId: string;
  amount: string | null;
  currency: string | null;
  lastActivityAt: Date;
  /** Whole days since the last activity. */
  inactiveDays: number;
  /** The stage's rotting limit that was exceeded. */
  rottingDays: number;
}

/** Payload of `dealsStalled`: the deals newly marked stalled in one run, grouped by owner. */
export interface DealsStalledEvent {
  markedAt: Date;
  total: number;
  byOwner: Array<{ ownerId: string; deals: StalledDeal[] }>;
}

// Declaration merging: importing this package types these hooks, activity data and job payloads for
// every plugin, through core's own `CrmHooks` and `JobMap`.
declare module '@rapport/core' {
  interface CrmHooks {
    /** Before a deal is created (inside the transaction): transform the validated input, or throw to veto. */
    beforeDealCreate: AsyncSeriesWaterfallHook<[DealInput, TxContext]>;
    /** A deal was created (inside the transaction), with its first stage and journal entry. */
    dealCreated: AsyncSeriesHook<[DealCreatedEvent, TxContext]>;
    /** Before a deal changes stage (inside the transaction, deal locked): transform, or throw to veto. */
    beforeDealStageChange: AsyncSeriesWaterfallHook<[DealStageChangeRequest, TxContext]>;
    /** A deal changed stage (moved, won, lost or reopened), inside the transaction. */
    dealStageChanged: AsyncSeriesHook<[DealStageChangedEvent, TxContext]>;
    /** A deal's fields changed (title, amount, owner…), inside the transaction. */
    dealUpdated: AsyncSeriesHook<[DealUpdatedEvent, TxContext]>;
    /** Open deals were newly marked stalled (by `pipeline.mark-stalled`): notify their owners. */
    dealsStalled: AsyncSeriesHook<[DealsStalledEvent, TxContext]>;
  }
  interface JobMap {
    /** Marks the tenant's newly stalled deals and fires `dealsStalled` (scheduled, per tenant). */
    'pipeline.mark-stalled': Record<string, never>;
  }
}

const series =
  <T extends unknown[]>(name: string, args: string[]) =>
  () =>
    new AsyncSeriesHook<T>(args as never, name);
const waterfall =
  <T extends unknown[]>(name: string, args: string[]) =>
  () =>
    new AsyncSeriesWaterfallHook<T>(args as never, name);

/** Factories of the hooks the pipeline plugin owns: every CRM instance builds its own. */
export const pipelineHooks: HookFactories = {
  beforeDealCreate: waterfall('beforeDealCreate', ['input', 'tx']),
  dealCreated: series('dealCreated', ['event', 'tx']),
  beforeDealStageChange: waterfall('beforeDealStageChange', ['request', 'tx']),
  dealStageChanged: series('dealStageChanged', ['event', 'tx']),
  dealUpdated: series('dealUpdated', ['event', 'tx']),
  dealsStalled: series('dealsStalled', ['event', 'tx']),
};
