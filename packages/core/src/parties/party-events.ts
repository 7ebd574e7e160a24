import type { Party } from './party.js';
import type { Lifecycle } from './party-input.js';

/** What changed in one party write: field → `[old, new]`. */
export type FieldChanges = Record<string, [unknown, unknown]>;

/** Payload of `partyUpdated`. */
export interface PartyUpdatedEvent {
  party: Party;
  operation: string;
  changes: FieldChanges;
}

/** Payload of `partyLifecycleChanged`. */
export interface PartyLifecycleChangedEvent {
  party: Party;
  from: Lifecycle | null;
  to: Lifecycle;
  reason: string | null;
}

/** Payload of `partiesMerging` and `partiesMerged`. */
export interface PartiesMergeEvent {
  mergeId: string;
  /** The party that remains. */
  survivorId: string;
  /** The party whose rows move to the survivor and which is then removed. */
  mergedId: string;
}
