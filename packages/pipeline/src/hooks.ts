import type { Actor, HooksOf, JournalEntry, TxContext } from '@rapport/core/plugin';
import { defineHooks, series, waterfall } from '@rapport/core/plugin';
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

/** The hooks the pipeline plugin offers, declared once: the factories and, below, their types. */
export const pipelineHooks = defineHooks({
  /** Before a deal is created (inside the transaction): transform the validated input, or throw to veto. */
  beforeDealCreate: waterfall<[DealInput, TxContext]>('input', 'tx'),
  /** A deal was created (inside the transaction), with its first stage and journal entry. */
  dealCreated: series<[DealCreatedEvent, TxContext]>('event', 'tx'),
  /** Before a deal changes stage (inside the transaction, deal locked): transform, or throw to veto. */
  beforeDealStageChange: waterfall<[DealStageChangeRequest, TxContext]>('request', 'tx'),
  /** A deal changed stage (moved, won, lost or reopened), inside the transaction. */
  dealStageChanged: series<[DealStageChangedEvent, TxContext]>('event', 'tx'),
  /** A deal's fields changed (title, amount, owner…), inside the transaction. */
  dealUpdated: series<[DealUpdatedEvent, TxContext]>('event', 'tx'),
  /** Open deals were newly marked stalled (by `pipeline.mark-stalled`): notify their owners. */
  dealsStalled: series<[DealsStalledEvent, TxContext]>('event', 'tx'),
});

// Declaration merging: these hooks and job payloads join core's `CrmHooks` and `JobMap`. Plugins that
// list the pipeline in `dependencies` by value see the hooks typed even without this merge.
declare module '@rapport/core/plugin' {
  interface CrmHooks extends HooksOf<typeof pipelineHooks> {}
  interface JobMap {
    /** Marks the tenant's newly stalled deals and fires `dealsStalled` (scheduled, per tenant). */
    'pipeline.mark-stalled': Record<string, never>;
  }
}
