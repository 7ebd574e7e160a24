import type { AsyncSeriesHook, AsyncSeriesWaterfallHook } from 'tapable';
import type { Party } from '../parties/party.js';
import type {
  PartiesMergeEvent,
  PartyLifecycleChangedEvent,
  PartyUpdatedEvent,
} from '../parties/party-events.js';
import type { ParsedPartyInput, ParsedPartyPatch } from '../parties/party-input.js';
import type { Tenant, TenantInput } from '../tenants/tenant.js';
import type { TxContext } from './context.js';
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
