import type { TxContext } from '../kernel/context.js';
import { defineHooks, type HooksOf, series, waterfall } from '../kernel/define-hooks.js';
import type { Visibility } from '../organisation/access.js';
import type { EmployeeDeactivatedEvent } from '../organisation/events.js';
import type { OwnershipTransferEvent } from '../organisation/reassign.js';
import type { Tenant, TenantInput } from '../tenants/tenant.js';
import type { Party } from './party.js';
import type { PartiesMergeEvent, PartyLifecycleChangedEvent, PartyUpdatedEvent } from './party-events.js';
import type { ParsedPartyInput, ParsedPartyPatch } from './party-input.js';

/** The hooks of core's parties module (parties, organisation and ownership, tenants, privacy). */
export const partyHooks = defineHooks({
  /** Before a tenant is created: transform the input, or throw to veto (inside the transaction). */
  beforeTenantCreate: waterfall<[TenantInput, TxContext]>('input', 'tx'),
  /** A tenant was created (inside the transaction): seed its data. */
  tenantCreated: series<[Tenant, TxContext]>('tenant', 'tx'),
  /** Before a party is created: transform the validated input, or throw to veto. */
  beforePartyCreate: waterfall<[ParsedPartyInput, TxContext]>('input', 'tx'),
  /** A party was created (inside the transaction). */
  partyCreated: series<[Party, TxContext]>('party', 'tx'),
  /** A batch of an import was written (inside its transaction): the created and the linked parties. */
  partiesImported: series<[{ source: string; createdIds: string[]; linkedIds: string[] }, TxContext]>(
    'batch',
    'tx',
  ),
  /** Before a party is updated: transform the patch (the current party is given), or throw to veto. */
  beforePartyUpdate: waterfall<[ParsedPartyPatch, Party, TxContext]>('patch', 'party', 'tx'),
  /** A party changed (fields, tags, contact points, roles…), with the field changes. */
  partyUpdated: series<[PartyUpdatedEvent, TxContext]>('event', 'tx'),
  /** A party moved along its lifecycle (qualified, converted, lost, reopened). */
  partyLifecycleChanged: series<[PartyLifecycleChangedEvent, TxContext]>('event', 'tx'),
  /**
   * Two parties are being merged: every plugin moves its rows that point at `mergedId` to
   * `survivorId` here, inside the merge's transaction, before the merged party is removed.
   */
  partiesMerging: series<[PartiesMergeEvent, TxContext]>('event', 'tx'),
  /** Two parties were merged (inside the transaction). */
  partiesMerged: series<[PartiesMergeEvent, TxContext]>('event', 'tx'),
  /**
   * Transforms what the acting employee may see (once per transaction): taps may widen it with extra
   * SQL clauses (`visibility.clauses`) or open everything (`all`).
   */
  transformVisibility: waterfall<[Visibility, TxContext]>('visibility', 'tx'),
  /**
   * Parties are changing owner (a reassignment or a deactivation): taps move their open items (open
   * deals, planned tasks, contracts in force) joining `core_reassignment_item`, and add their counts.
   */
  ownershipTransferring: waterfall<[Record<string, number>, OwnershipTransferEvent, TxContext]>(
    'moved',
    'event',
    'tx',
  ),
  /** Parties changed owner (inside the transaction), with what moved. */
  ownershipTransferred: series<[OwnershipTransferEvent & { moved: Record<string, number> }, TxContext]>(
    'event',
    'tx',
  ),
  /** An employee was deactivated (inside the transaction). */
  employeeDeactivated: series<[EmployeeDeactivatedEvent, TxContext]>('event', 'tx'),
  /** Exporting a person's data: taps add their sections (e.g. the journal) to the export. */
  collectPersonalData: waterfall<[Record<string, unknown>, { partyId: string }, TxContext]>(
    'sections',
    'subject',
    'tx',
  ),
  /** Erasing a person: taps anonymise the personal data of their rows (keeping the rows for aggregates). */
  partyErasing: series<[{ partyId: string; erasureId: string }, TxContext]>('event', 'tx'),
});

/** The types of the module's hooks, as merged into `CrmHooks`. */
export type PartyHooks = HooksOf<typeof partyHooks>;

// Declaration merging, as any plugin does: the module's hooks join the CRM's typed hook map.
declare module '../kernel/hooks.js' {
  interface CrmHooks extends HooksOf<typeof partyHooks> {}
}
