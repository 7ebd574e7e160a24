import type { Actor } from '@rapport/core';

/** Where a contract stands in its life. */
export type ContractStatus =
  | 'draft'
  | 'in_approval'
  | 'signed'
  | 'active'
  | 'suspended'
  | 'expired'
  | 'terminated'
  | 'renewed';

/** The role the party plays in the contract. */
export type ContractPartyRole = 'customer' | 'partner';

/** How often a recurring amount is due. */
export type RecurringPeriod = 'month' | 'quarter' | 'year';

/** What a contract is worth: a total over its term, or an amount due every period. Exact decimals. */
export type ContractValue =
  | { kind: 'total'; amount: string; currency: string }
  | { kind: 'recurring'; amount: string; currency: string; period: RecurringPeriod };

/** A length of time in whole months or days (notice periods, renewal terms). */
export type Term = { months: number } | { days: number };

/** How a contract renews itself on its end date. */
export interface AutoRenewal {
  /** The length of each follow-up contract. */
  renewFor: { months: number };
  /** How many times it may renew automatically (absent: without limit). */
  maxRenewals?: number;
}

/** A contract, as services return it and hooks receive it. */
export interface Contract {
  id: string;
  /** The number allocated by `@rapport/documents` (type `contract`), e.g. `CT-2026-00012`. */
  number: string;
  subject: string;
  partyId: string;
  partyRole: ContractPartyRole;
  /** The deal (`@rapport/pipeline`) it came from, if any. */
  dealId: string | null;
  /** The quote it came from, if any. */
  quoteId: string | null;
  ownerId: string;
  status: ContractStatus;
  value: ContractValue;
  /** Calendar dates `YYYY-MM-DD`; `endOn` null for a contract without end. */
  startOn: string;
  endOn: string | null;
  notice: Term | null;
  /** The last day notice can be given (`endOn` − notice), or null. */
  noticeOn: string | null;
  autoRenewal: AutoRenewal | null;
  /** The day it was signed (null before), and the day it stopped binding (expired, terminated, renewed). */
  signedOn: string | null;
  endedOn: string | null;
  /** How many renewals led to this contract (0 for an original). */
  renewalCount: number;
  /** The contract this one renewed, and the one that renewed it. */
  renewedFromId: string | null;
  renewedToId: string | null;
  /** Documents (`@rapport/documents`) of this contract: the contract text, signed scans… */
  documentIds: string[];
  /** Free text about the contract (cleared by a privacy erasure of its party). */
  notes: string | null;
  custom: Record<string, unknown>;
  statusChangedAt: Date;
  /** Incremented by every write; pass it back as `expectedVersion` for optimistic concurrency. */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One row of a contract's lifecycle history. */
export interface ContractTransition {
  id: string;
  contractId: string;
  /** Null for the creation (into `draft`). */
  fromStatus: ContractStatus | null;
  toStatus: ContractStatus;
  at: Date;
  actor: Actor;
  reason: string | null;
  /** The journal entry that shows it on the party's timeline. */
  journalEntryId: string | null;
}
