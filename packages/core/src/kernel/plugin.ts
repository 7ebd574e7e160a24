import type { EntityClass, EntitySchema } from '@mikro-orm/core';
import type { DependencyContainer, InjectionToken } from 'tsyringe';
import type { z } from 'zod';
import type { ActivityType } from '../journal/activity-types.js';
import type { TableParticipation } from '../participation/declaration.js';
import type { CrmHooks, HookFactories, HookName, TapFn } from './hooks.js';
import type { JobDefinitions } from './jobs.js';
import type { Logger } from './logger.js';
import type { Migration } from './migrations.js';

/** A constructor the CRM's container builds; every parameter carries `@inject(TOKEN)`. */
export type ServiceClass<T> = new (...args: any[]) => T;

/** A service a plugin registers: the token others inject it by, and the class that implements it. */
export interface ServiceDefinition<T> {
  token: InjectionToken<T>;
  useClass: ServiceClass<T>;
}

/** The services map of a plugin: the keys become `crm.services.<key>`. */
export type ServiceMap = Record<string, ServiceDefinition<any>>;

/** What a plugin's `setup` receives. */
export interface SetupApi<O> {
  /** The plugin's name, used as the name of its taps. */
  readonly name: string;
  /** The validated options. */
  readonly options: O;
  /** The CRM's frozen hook map. */
  readonly hooks: Readonly<CrmHooks>;
  /** The CRM's DI container. */
  readonly container: DependencyContainer;
  readonly logger: Logger;
  /** Taps `hook` under the plugin's name, with the hook's exact argument and result types. */
  tap<K extends HookName>(
    hook: K,
    fn: TapFn<CrmHooks[K]>,
    options?: { stage?: number; before?: string },
  ): void;
}

/** The description of a plugin given to {@link definePlugin}. */
export interface PluginSpec<Name extends string, S extends ServiceMap, O extends z.ZodType> {
  name: Name;
  /** Semver version, checked against other plugins' dependency ranges. */
  version: string;
  description?: string;
  /** Plugins this one needs, by name, with a semver range each. */
  dependencies?: Record<string, string>;
  /** Zod schema of the options; validated when the CRM is created. */
  options?: O;
  /** Token under which the validated options are registered in the container. */
  optionsToken?: InjectionToken<z.output<O>>;
  /** MikroORM entities (`defineEntity`) the plugin owns. */
  entities?: ReadonlyArray<EntityClass<any> | EntitySchema<any, any>>;
  /** The plugin's migrations, applied in order after those of its dependencies. */
  migrations?: readonly Migration[];
  /** Hooks this plugin owns (factories, so every CRM instance has its own). */
  hooks?: HookFactories;
  /** Activity types this plugin adds to the journal (made with `defineActivityType`). */
  activityTypes?: ReadonlyArray<Omit<ActivityType, 'owner'>>;
  /**
   * The plugin's tables that point at parties and employees, and how they take part in merges,
   * privacy export and erasure, reassignment and deactivation hand-over, and visibility; core runs
   * these generically (taps stay for what a declaration cannot express).
   */
  participation?: readonly TableParticipation[];
  /** Durable job types this plugin handles. */
  jobs?: JobDefinitions;
  /** Services registered as singletons in the CRM's container. */
  services?: S;
  /** Taps hooks and registers anything else; runs in dependency order. */
  setup?(api: SetupApi<z.output<O>>): void | Promise<void>;
  /**
   * Releases what `setup` acquired; runs in reverse order on `crm.close()`. It receives the same API
   * as `setup`, so what one CRM acquired (registered in its container) is found without module state.
   */
  teardown?(api: SetupApi<z.output<O>>): void | Promise<void>;
}

/** A plugin value: its spec, plus the options it was configured with. */
export interface Plugin<
  Name extends string = string,
  S extends ServiceMap = ServiceMap,
  O extends z.ZodType = z.ZodType,
> extends Readonly<PluginSpec<Name, S, O>> {
  /** Raw options given to {@link Plugin.configure}; validated by `createCrm`. */
  readonly configuredOptions: unknown;
  /** Returns a copy of this plugin configured with `options`. */
  configure(options: z.input<O>): Plugin<Name, S, O>;
}

/** Any plugin. */
export type AnyPlugin = Plugin<string, any, any>;

/**
 * Declares a plugin: a plain value that `createCrm` orders, validates and installs.
 *
 * @example
 * export const notes = definePlugin({
 *   name: 'notes', version: '1.0.0', dependencies: { '@rapport/core': '^0.1.0' },
 *   entities: [Note], migrations: [{ name: '0001_notes', up: 'create table notes_note (...)' }],
 *   services: { notes: { token: NOTES, useClass: NoteService } },
 *   setup(api) { api.tap('tenantCreated', async (tenant, tx) => { ... }); },
 * });
 */
export function definePlugin<
  const Name extends string,
  S extends ServiceMap = {},
  O extends z.ZodType = z.ZodType,
>(spec: PluginSpec<Name, S, O>): Plugin<Name, S, O> {
  const make = (configuredOptions: unknown): Plugin<Name, S, O> =>
    Object.freeze({
      ...spec,
      configuredOptions,
      configure: (options: z.input<O>) => make(options),
    });
  return make(undefined);
}
