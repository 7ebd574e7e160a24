import type { AsyncParallelHook, AsyncSeriesHook, AsyncSeriesWaterfallHook } from 'tapable';
import type { JournalEntry, RecordedEntry } from '../journal/entry.js';
import type { PendingEntry } from '../journal/entry-writer.js';
import type { Visibility } from '../organisation/access.js';
import type { EmployeeDeactivatedEvent } from '../organisation/events.js';
import type { OwnershipTransferEvent } from '../organisation/reassign.js';
import type { Party } from '../parties/party.js';
import type {
  PartiesMergeEvent,
  PartyLifecycleChangedEvent,
  PartyUpdatedEvent,
} from '../parties/party-events.js';
import type { ParsedPartyInput, ParsedPartyPatch } from '../parties/party-input.js';
import type { Tenant, TenantInput } from '../tenants/tenant.js';
import type { CallContext, TxContext } from './context.js';
import { PluginError } from './errors.js';

/**
 * The typed hook map of a CRM: core's hooks, and every plugin's hooks added by declaration merging.
 * Only the owner calls a hook; everyone else taps it.
 *
 * @example
 * declare module '@rapport/core' {
 *   interface CrmHooks { dealWon: AsyncSeriesHook<[Deal, TxContext]> }
 * }
 */
export interface CrmHooks {
  /** Before a tenant is created: transform the input, or throw to veto (inside the transaction). */
  beforeTenantCreate: AsyncSeriesWaterfallHook<[TenantInput, TxContext]>;
  /** A tenant was created (inside the transaction): seed its data. */
  tenantCreated: AsyncSeriesHook<[Tenant, TxContext]>;
  /** Before a party is created: transform the validated input, or throw to veto. */
  beforePartyCreate: AsyncSeriesWaterfallHook<[ParsedPartyInput, TxContext]>;
  /** A party was created (inside the transaction). */
  partyCreated: AsyncSeriesHook<[Party, TxContext]>;
  /** A batch of an import was written (inside its transaction): the created and the linked parties. */
  partiesImported: AsyncSeriesHook<
    [{ source: string; createdIds: string[]; linkedIds: string[] }, TxContext]
  >;
  /** Before a party is updated: transform the patch (the current party is given), or throw to veto. */
  beforePartyUpdate: AsyncSeriesWaterfallHook<[ParsedPartyPatch, Party, TxContext]>;
  /** A party changed (fields, tags, contact points, roles…), with the field changes. */
  partyUpdated: AsyncSeriesHook<[PartyUpdatedEvent, TxContext]>;
  /** A party moved along its lifecycle (qualified, converted, lost, reopened). */
  partyLifecycleChanged: AsyncSeriesHook<[PartyLifecycleChangedEvent, TxContext]>;
  /**
   * Two parties are being merged: every plugin moves its rows that point at `mergedId` to
   * `survivorId` here, inside the merge's transaction, before the merged party is removed.
   */
  partiesMerging: AsyncSeriesHook<[PartiesMergeEvent, TxContext]>;
  /** Two parties were merged (inside the transaction). */
  partiesMerged: AsyncSeriesHook<[PartiesMergeEvent, TxContext]>;
  /**
   * Resolves what the acting employee may see (once per transaction): taps may widen it with extra
   * SQL clauses (`visibility.clauses`) or open everything (`all`).
   */
  resolveVisibility: AsyncSeriesWaterfallHook<[Visibility, TxContext]>;
  /**
   * Parties are changing owner (a reassignment or a deactivation): taps move their open items (open
   * deals, planned tasks, contracts in force) joining `core_reassignment_item`, and add their counts.
   */
  ownershipTransferring: AsyncSeriesWaterfallHook<
    [Record<string, number>, OwnershipTransferEvent, TxContext]
  >;
  /** Parties changed owner (inside the transaction), with what moved. */
  ownershipTransferred: AsyncSeriesHook<
    [OwnershipTransferEvent & { moved: Record<string, number> }, TxContext]
  >;
  /** Exporting a person's data: taps add their sections (e.g. the journal) to the export. */
  collectPersonalData: AsyncSeriesWaterfallHook<[Record<string, unknown>, { partyId: string }, TxContext]>;
  /** Erasing a person: taps anonymise the personal data of their rows (keeping the rows for aggregates). */
  partyErasing: AsyncSeriesHook<[{ partyId: string; erasureId: string }, TxContext]>;
  /** An employee was deactivated (inside the transaction). */
  employeeDeactivated: AsyncSeriesHook<[EmployeeDeactivatedEvent, TxContext]>;
  /** Before an activity is recorded: transform the validated entry, or throw to veto (inside the transaction). */
  beforeActivityRecord: AsyncSeriesWaterfallHook<[PendingEntry, TxContext]>;
  /** An activity was recorded (inside the transaction): plugins update their own state, e.g. points for a sale. */
  activityRecorded: AsyncSeriesHook<[RecordedEntry, TxContext]>;
  /**
   * A batch of activities was recorded (inside the transaction), once per `record` / `recordMany`
   * call, after every entry's `activityRecorded`: taps that update their own rows do it in one
   * set-based statement for the whole batch.
   */
  activitiesRecorded: AsyncSeriesHook<[JournalEntry[], TxContext]>;
  /** An activity was recorded and committed (through the durable queue, after commit). */
  activityCommitted: AsyncParallelHook<[JournalEntry, CallContext]>;
  /** Planned work is due soon: notify the assignee (fires once per entry and due time). */
  activityReminder: AsyncSeriesHook<[JournalEntry, TxContext]>;
}

/** The name of a hook in {@link CrmHooks}. */
export type HookName = keyof CrmHooks & string;

/** Factories for the hooks a plugin owns; each CRM instance builds its own hooks from them. */
export type HookFactories = { [K in HookName]?: () => CrmHooks[K] };

/** The function a tap of hook `H` must be: the hook's arguments in, its result type out. */
export type TapFn<H> = H extends { promise(...args: infer A): Promise<infer R> }
  ? (...args: A) => Promise<R>
  : never;

/**
 * Collects the hooks declared by the installed plugins into one frozen map. Reading a hook that no
 * installed plugin declares is a plugin error naming the hook, instead of `undefined`.
 */
export function buildHooks(
  declarations: ReadonlyArray<{ plugin: string; hooks: HookFactories }>,
): Readonly<CrmHooks> {
  const owners = new Map<string, string>();
  const hooks: Record<string, unknown> = {};
  for (const { plugin, hooks: factories } of declarations) {
    for (const [name, factory] of Object.entries(factories)) {
      const owner = owners.get(name);
      if (owner) {
        throw new PluginError(`Hook "${name}" is declared by both ${owner} and ${plugin}`, {
          plugins: [owner, plugin],
          hook: name,
        });
      }
      owners.set(name, plugin);
      hooks[name] = (factory as () => unknown)();
    }
  }
  Object.freeze(hooks);
  return new Proxy(hooks, {
    get(target, name) {
      if (typeof name === 'string' && !(name in target) && name !== 'then' && name !== 'toJSON') {
        throw new PluginError(`No installed plugin declares the hook "${name}"`, { plugins: [], hook: name });
      }
      return Reflect.get(target, name);
    },
  }) as unknown as Readonly<CrmHooks>;
}
