import type { EntityClass, EntitySchema } from '@mikro-orm/core';
import type { DependencyContainer, InjectionToken } from 'tsyringe';
import type { z } from 'zod';
import type { HookFactoryMap, HooksOf } from './define-hooks.js';
import type { CrmHooks, TapFn } from './hooks.js';
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

/** A dependency given by value: the plugin itself (range `^<its version>`), or the plugin with a semver range. */
export type PluginDependency = AnyPlugin | { readonly plugin: AnyPlugin; readonly range: string };

/**
 * The plugins a plugin needs: given by value (`[pipelinePlugin]`), so their hooks are typed in `setup`
 * without relying on another file's imports; or, for packages you do not import, by name with a range.
 */
export type PluginDependencies = readonly PluginDependency[] | Readonly<Record<string, string>>;

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
  ? I
  : never;
type HooksOfPlugin<P> = P extends Plugin<string, any, any, infer H> ? H : {};
type HooksOfDependency<D> = D extends { readonly plugin: infer P } ? HooksOfPlugin<P> : HooksOfPlugin<D>;

/** The hooks a plugin's dependencies (given by value) offer, theirs included. */
export type DependencyHooks<D> = D extends readonly unknown[]
  ? UnionToIntersection<HooksOfDependency<D[number]>> & {}
  : {};

/** The hook map a plugin sees: every installed plugin's `CrmHooks`, its own hooks and its dependencies'. */
export type VisibleHooks<H> = CrmHooks & H;

/**
 * What a plugin may contribute to core's modules besides the kernel's fields (activity types to the
 * journal, say); the modules add the fields by declaration merging.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface PluginContributions {}

/** What a plugin's `setup` receives. */
export interface SetupApi<O, H = {}> {
  /** The plugin's name, used as the name of its taps. */
  readonly name: string;
  /** The validated options. */
  readonly options: O;
  /** The CRM's frozen hook map. */
  readonly hooks: Readonly<VisibleHooks<H>>;
  /** The CRM's DI container. */
  readonly container: DependencyContainer;
  readonly logger: Logger;
  /** Every installed plugin, in dependency order (modules read what plugins contribute to them). */
  readonly plugins: readonly AnyPlugin[];
  /** Taps `hook` under the plugin's name, with the hook's exact argument and result types. */
  tap<K extends keyof VisibleHooks<H> & string>(
    hook: K,
    fn: TapFn<VisibleHooks<H>[K]>,
    options?: { stage?: number; before?: string },
  ): void;
}

/** The description of a plugin given to {@link definePlugin}. */
export interface PluginSpec<
  Name extends string,
  S extends ServiceMap,
  O extends z.ZodType,
  F extends HookFactoryMap = {},
  D extends PluginDependencies = {},
> extends PluginContributions {
  name: Name;
  /** Semver version, checked against other plugins' dependency ranges. */
  version: string;
  description?: string;
  /**
   * Plugins this one needs: by value (`[pipelinePlugin]`, or `[{ plugin: pipelinePlugin, range: '^0.2.0' }]`),
   * which also types their hooks in `setup`; or by name with a semver range (`{ 'x': '^1.0.0' }`).
   */
  dependencies?: D;
  /** Zod schema of the options; validated when the CRM is created. */
  options?: O;
  /** Token under which the validated options are registered in the container. */
  optionsToken?: InjectionToken<z.output<O>>;
  /** MikroORM entities (`defineEntity`) the plugin owns. */
  entities?: ReadonlyArray<EntityClass<any> | EntitySchema<any, any>>;
  /**
   * The name its migrations are recorded under (default: the plugin's name). Core's modules keep
   * `@rapport/core`, so databases migrated before they were split keep working.
   */
  migrationLedger?: string;
  /** The plugin's migrations, applied in order after those of its dependencies. */
  migrations?: readonly Migration[];
  /** Hooks this plugin owns, made with `defineHooks` (factories, so every CRM instance has its own). */
  hooks?: F;
  /** Durable job types this plugin handles. */
  jobs?: JobDefinitions;
  /** Services registered as singletons in the CRM's container. */
  services?: S;
  /** Taps hooks and registers anything else; runs in dependency order. */
  setup?(api: SetupApi<z.output<O>, HooksOf<F> & DependencyHooks<D>>): void | Promise<void>;
  /**
   * Releases what `setup` acquired; runs in reverse order on `crm.close()`. It receives the same API
   * as `setup`, so what one CRM acquired (registered in its container) is found without module state.
   */
  teardown?(api: SetupApi<z.output<O>, HooksOf<F> & DependencyHooks<D>>): void | Promise<void>;
}

/**
 * A plugin value: its spec, plus the options it was configured with. `H` is the type of the hooks it
 * offers and those of its dependencies, so plugins that depend on it by value see them typed.
 */
export interface Plugin<
  Name extends string = string,
  S extends ServiceMap = ServiceMap,
  O extends z.ZodType = z.ZodType,
  H = {},
> extends Readonly<Omit<PluginSpec<Name, S, O>, 'dependencies' | 'hooks' | 'setup' | 'teardown'>> {
  /** The plugins this one needs, by name, with a semver range each (by-value dependencies normalised). */
  readonly dependencies: Readonly<Record<string, string>>;
  /** Factories of the hooks this plugin owns. */
  readonly hooks?: HookFactoryMap;
  readonly setup?: (api: SetupApi<any, any>) => void | Promise<void>;
  readonly teardown?: (api: SetupApi<any, any>) => void | Promise<void>;
  /** Type-only: the hooks this plugin offers, its dependencies' included. Never set at runtime. */
  readonly '~hooks'?: H;
  /** Raw options given to {@link Plugin.configure}; validated by `createCrm`. */
  readonly configuredOptions: unknown;
  /** Returns a copy of this plugin configured with `options`. */
  configure(options: z.input<O>): Plugin<Name, S, O, H>;
}

/** Any plugin. */
export type AnyPlugin = Plugin<string, any, any, any>;

/**
 * Declares a plugin: a plain value that `createCrm` orders, validates and installs.
 *
 * @example
 * export const notes = definePlugin({
 *   name: 'notes', version: '1.0.0', dependencies: [pipelinePlugin], hooks: notesHooks,
 *   entities: [Note], migrations: [{ name: '0001_notes', up: 'create table notes_note (...)' }],
 *   services: { notes: { token: NOTES, useClass: NoteService } },
 *   setup(api) { api.tap('tenantCreated', async (tenant, tx) => { ... }); },
 * });
 */
export function definePlugin<
  const Name extends string,
  S extends ServiceMap = {},
  O extends z.ZodType = z.ZodType,
  F extends HookFactoryMap = {},
  const D extends PluginDependencies = {},
>(spec: PluginSpec<Name, S, O, F, D>): Plugin<Name, S, O, HooksOf<F> & DependencyHooks<D>> {
  const dependencies = Object.freeze(normaliseDependencies(spec.dependencies));
  const make = (configuredOptions: unknown): Plugin<Name, S, O, HooksOf<F> & DependencyHooks<D>> =>
    Object.freeze({
      ...(spec as Omit<typeof spec, 'dependencies' | 'setup' | 'teardown'>),
      setup: spec.setup as Plugin['setup'],
      teardown: spec.teardown as Plugin['teardown'],
      dependencies,
      configuredOptions,
      configure: (options: z.input<O>) => make(options),
    });
  return make(undefined);
}

function normaliseDependencies(dependencies: PluginDependencies | undefined): Record<string, string> {
  if (!dependencies) return {};
  if (!Array.isArray(dependencies)) return { ...(dependencies as Record<string, string>) };
  return Object.fromEntries(
    (dependencies as readonly PluginDependency[]).map((dependency) =>
      'range' in dependency && 'plugin' in dependency && !('configure' in dependency)
        ? [dependency.plugin.name, dependency.range]
        : [(dependency as AnyPlugin).name, `^${(dependency as AnyPlugin).version}`],
    ),
  );
}
