import type { HookFactoryMap } from './define-hooks.js';
import { PluginError } from './errors.js';

/**
 * The typed hook map of a CRM. The kernel declares no hooks of its own: core's modules and every
 * plugin add theirs by declaration merging (see `defineHooks`). Only the owner calls a hook; everyone
 * else taps it.
 *
 * @example
 * const greeterHooks = defineHooks({ greetingCreated: series<[Greeting, TxContext]>('greeting', 'tx') });
 * declare module '@rapport/core/plugin' {
 *   interface CrmHooks extends HooksOf<typeof greeterHooks> {}
 * }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging
export interface CrmHooks {}

/** The name of a hook in {@link CrmHooks}. */
export type HookName = keyof CrmHooks & string;

/** The function a tap of hook `H` must be: the hook's arguments in, its result type out. */
export type TapFn<H> = H extends { promise(...args: infer A): Promise<infer R> }
  ? (...args: A) => Promise<R>
  : never;

/**
 * Collects the hooks declared by the installed plugins into one frozen map. Reading a hook that no
 * installed plugin declares is a plugin error naming the hook, instead of `undefined`.
 */
export function buildHooks(
  declarations: ReadonlyArray<{ plugin: string; hooks: HookFactoryMap }>,
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
