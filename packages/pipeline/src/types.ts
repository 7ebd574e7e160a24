import type { Actor } from '@rapport/core';

/** What a stage means for the deals in it: still open, or closed as won or lost. */
export type StageOutcome = 'open' | 'won' | 'lost';

/** A deal's status: the outcome of the stage it sits in. */
export type DealStatus = StageOutcome;

/** One stage of a pipeline. */
export interface Stage {
  id: string;
  pipelineId: string;
  name: string;
  /** Order within the pipeline (0-based); null once archived. */
  position: number | null;
  /** Default win probability of deals in this stage, 0..1. */
  probability: number;
  outcome: StageOutcome;
  /** Days without activity after which an open deal in this stage counts as stalled; null: never. */
  rottingDays: number | null;
  archivedAt: Date | null;
}

/** A sales pipeline with its stages, in order (archived stages last). */
export interface Pipeline {
  id: string;
  name: string;
  /** Default currency of its deals (ISO 4217), or null. */
  currency: string | null;
  position: number;
  archivedAt: Date | null;
  createdAt: Date;
  stages: Stage[];
}

/** A person or organisation taking part in a deal besides the customer. */
export interface DealContact {
  partyId: string;
  role: string;
}

/** A deal, as services return it and hooks receive it. */
export interface Deal {
  id: string;
  pipelineId: string;
  stageId: string;
  title: string;
  customerId: string;
  contacts: DealContact[];
  ownerId: string;
  teamId: string | null;
  /** Exact decimal string, with its ISO 4217 currency (both null when unknown). */
  amount: string | null;
  currency: string | null;
  /** Calendar date `YYYY-MM-DD`. */
  expectedCloseOn: string | null;
  source: string | null;
  status: DealStatus;
  closedAt: Date | null;
  closeReason: string | null;
  stageEnteredAt: Date;
  lastActivityAt: Date;
  stalledAt: Date | null;
  custom: Record<string, unknown>;
  /** Incremented by every write; pass it back as `expectedVersion` for optimistic concurrency. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One row of a deal's stage history: a stage it entered. */
export interface StageChange {
  id: string;
  dealId: string;
  pipelineId: string;
  /** Null for the first stage, entered when the deal was created. */
  fromStageId: string | null;
  toStageId: string;
  changedAt: Date;
  employeeId: string | null;
  actor: Actor;
  reason: string | null;
  /** The journal entry that shows the change on the customer's timeline. */
  journalEntryId: string | null;
}

/** One audited change of a deal's fields (not its stage: see {@link StageChange}). */
export interface DealHistoryEntry {
  id: string;
  dealId: string;
  changedAt: Date;
  actor: Actor;
  /** `update`, `merge`, `reassign`, `erase`… */
  operation: string;
  /** Field → `[old, new]`. */
  changes: Record<string, [unknown, unknown]>;
}
