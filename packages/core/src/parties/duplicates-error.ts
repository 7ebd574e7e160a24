import { DuplicateError } from '../kernel/errors.js';
import type { IdentityKey } from './party.js';

/** An existing party that holds an identity key the caller tried to use. */
export interface DuplicateMatch extends IdentityKey {
  partyId: string;
  displayName: string;
  ownerId: string | null;
}

/** The party already exists: lists the existing parties (and whom they belong to) holding its identity keys. */
export class DuplicatePartyError extends DuplicateError {
  readonly matches: DuplicateMatch[];

  constructor(matches: DuplicateMatch[]) {
    const first = matches[0];
    super(
      first
        ? `A party with ${first.kind} "${first.value}" already exists: ${first.displayName} (${first.partyId})`
        : 'The party already exists',
      { fields: [...new Set(matches.map((match) => match.kind))], details: { matches } },
    );
    this.name = 'DuplicatePartyError';
    this.matches = matches;
  }

  /** The error for identity keys a party could not claim: the holders, without the claimant. */
  static fromConflicts(
    conflicts: ReadonlyArray<DuplicateMatch & { claimantId: string }>,
  ): DuplicatePartyError {
    return new DuplicatePartyError(conflicts.map(({ claimantId: _, ...match }) => match));
  }
}
