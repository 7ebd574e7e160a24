import type { Actor, HooksOf, JournalEntry, TxContext } from '@rapport/core/plugin';
import { bail, defineHooks, series } from '@rapport/core/plugin';
import type { Contract, ContractStatus, ContractTransition } from './types.js';

/** What `beforeContractTransition` taps receive: the move about to happen (contract row locked). */
export interface ContractTransitionRequest {
  contract: Contract;
  from: ContractStatus;
  to: ContractStatus;
  reason: string | null;
  actor: Actor;
}

/** What a `beforeContractTransition` tap returns to refuse the move (or it throws). */
export interface ContractTransitionVeto {
  veto: string;
}

/** Payload of `contractTransitioned`: one lifecycle move, fully described. */
export interface ContractTransitionedEvent {
  /** The contract after the move. */
  contract: Contract;
  transition: ContractTransition;
  from: ContractStatus | null;
  to: ContractStatus;
  reason: string | null;
  actor: Actor;
  /** The journal entry (type `contract`) recorded for it. */
  entry: JournalEntry;
  /** For a renewal: the follow-up contract. */
  renewal?: Contract;
}

/** Payload of `contractUpdated`: a correction of a contract's fields (see `contracts.update`). */
export interface ContractUpdatedEvent {
  /** The contract after the correction. */
  contract: Contract;
  /** The contract before it. */
  before: Contract;
  /** Each changed field, before and after (as `Contract` holds it). */
  changes: Partial<Record<keyof Contract, { before: unknown; after: unknown }>>;
  actor: Actor;
  /** The journal entry (type `contract`, `event: 'updated'`) recorded for it. */
  entry: JournalEntry;
}

/** A contract the daily job found coming up to a deadline. */
export interface ExpiringContract {
  contractId: string;
  number: string;
  subject: string;
  partyId: string;
  ownerId: string;
  kind: 'notice' | 'end';
  /** The deadline (`YYYY-MM-DD`): the last day for notice, or the end date. */
  deadlineOn: string;
  /** Whole days from the run's date to the deadline. */
  daysLeft: number;
  /** The planned task written in the owner's journal. */
  taskEntryId: string | null;
}

/** Payload of `contractsExpiring`: the reminders written by one run of the daily job. */
export interface ContractsExpiringEvent {
  /** The tenant's date the job ran for (`YYYY-MM-DD`). */
  on: string;
  contracts: ExpiringContract[];
}

/** The hooks the contracts plugin offers, declared once. */
export const contractsHooks = defineHooks({
  /** Before a lifecycle move (inside the transaction): return `{ veto }` or throw to refuse it. */
  beforeContractTransition: bail<[ContractTransitionRequest, TxContext], ContractTransitionVeto>(
    'request',
    'tx',
  ),
  /** A contract moved through its lifecycle (inside the transaction). */
  contractTransitioned: series<[ContractTransitionedEvent, TxContext]>('event', 'tx'),
  /** A contract's fields were corrected with `contracts.update` (inside the transaction). */
  contractUpdated: series<[ContractUpdatedEvent, TxContext]>('event', 'tx'),
  /** The daily job wrote reminders for contracts coming up to their notice deadline or end. */
  contractsExpiring: series<[ContractsExpiringEvent, TxContext]>('event', 'tx'),
});

// Declaration merging: these hooks and job payloads join core's `CrmHooks` and `JobMap`.
declare module '@rapport/core/plugin' {
  interface CrmHooks extends HooksOf<typeof contractsHooks> {}
  interface JobMap {
    /** Reminders, automatic renewals and expiries for one tenant's day (scheduled, per tenant). */
    'contracts.daily': { on?: string };
  }
}
