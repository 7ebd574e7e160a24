import { AsyncParallelHook, AsyncSeriesBailHook, AsyncSeriesHook, AsyncSeriesWaterfallHook } from 'tapable';

/** A hook whose taps act in order (tapable's `AsyncSeriesHook`). */
export interface SeriesHook<A extends unknown[]> extends AsyncSeriesHook<A> {}
/** A hook whose taps transform its first argument in turn (tapable's `AsyncSeriesWaterfallHook`). */
export interface WaterfallHook<A extends unknown[]> extends AsyncSeriesWaterfallHook<A> {}
/** A hook whose first tap returning a value decides (tapable's `AsyncSeriesBailHook`). */
export interface BailHook<A extends unknown[], R> extends AsyncSeriesBailHook<A, R | undefined> {}
/** A hook whose taps run concurrently (tapable's `AsyncParallelHook`). */
export interface ParallelHook<A extends unknown[]> extends AsyncParallelHook<A> {}

/** Names of a hook's arguments, one per argument (tapable compiles its calls from them). */
type ArgumentNames<A extends unknown[]> = { [K in keyof A]: string };

/** One declared hook: its kind, and how a CRM instance builds it. Made by `series`, `waterfall`, `bail`, `parallel`. */
export interface HookKind<H> {
  readonly kind: 'series' | 'waterfall' | 'bail' | 'parallel';
  /** Builds a fresh hook named `name` for one CRM instance. */
  create(name: string): H;
}

/**
 * When argument names are not given, the hook passes this many arguments to its taps (extra ones are
 * `undefined`): enough for every hook in Rapport, which take at most a payload, a subject and `tx`.
 */
const DEFAULT_ARGUMENTS = ['arg0', 'arg1', 'arg2', 'arg3', 'arg4', 'arg5'];

function kind<H>(
  name: HookKind<H>['kind'],
  names: readonly string[],
  make: (args: string[], hookName: string) => H,
): HookKind<H> {
  const args = names.length > 0 ? [...names] : DEFAULT_ARGUMENTS;
  return Object.freeze({ kind: name, create: (hookName: string) => make(args, hookName) });
}

/** A hook whose taps act in order, one after the other (`xCreated`, `xing`); a throwing tap vetoes. */
export function series<A extends unknown[]>(...names: [] | ArgumentNames<A>): HookKind<SeriesHook<A>> {
  return kind('series', names, (args, name) => new AsyncSeriesHook<A>(args as never, name));
}

/** A hook whose taps transform its first argument in turn (`beforeX`, `transformX`, `collectX`). */
export function waterfall<A extends unknown[]>(...names: [] | ArgumentNames<A>): HookKind<WaterfallHook<A>> {
  return kind('waterfall', names, (args, name) => new AsyncSeriesWaterfallHook<A>(args as never, name));
}

/** A hook whose first tap returning something other than `undefined` decides (`resolveX`). */
export function bail<A extends unknown[], R>(...names: [] | ArgumentNames<A>): HookKind<BailHook<A, R>> {
  return kind('bail', names, (args, name) => new AsyncSeriesBailHook<A, R | undefined>(args as never, name));
}

/** A hook whose taps run concurrently: independent notifications, after the fact. */
export function parallel<A extends unknown[]>(...names: [] | ArgumentNames<A>): HookKind<ParallelHook<A>> {
  return kind('parallel', names, (args, name) => new AsyncParallelHook<A>(args as never, name));
}

/** Factories of declared hooks, by name: what `definePlugin({ hooks })` takes. */
export type HookFactoryMap = { readonly [name: string]: () => unknown };

/** The hook map type of declared hooks, for declaration merging into `CrmHooks`. */
export type HooksOf<F> = { [K in keyof F]: F[K] extends () => infer H ? H : never };

/**
 * Declares a package's hooks once: the value is the factories `definePlugin({ hooks })` takes (each CRM
 * builds its own hooks from them), and `HooksOf<typeof value>` is the type to merge into `CrmHooks`.
 *
 * @example
 * export const greeterHooks = defineHooks({
 *   beforeGreetingCreate: waterfall<[GreetingInput, TxContext]>('input', 'tx'),
 *   greetingCreated: series<[Greeting, TxContext]>('greeting', 'tx'),
 * });
 * declare module '@rapport/core/plugin' {
 *   interface CrmHooks extends HooksOf<typeof greeterHooks> {}
 * }
 */
export function defineHooks<const D extends Record<string, HookKind<unknown>>>(
  declarations: D,
): { readonly [K in keyof D]: () => D[K] extends HookKind<infer H> ? H : never } {
  return Object.freeze(
    Object.fromEntries(
      Object.entries(declarations).map(([name, declared]) => [name, () => declared.create(name)]),
    ),
  ) as never;
}
