import semver from 'semver';
import { PluginError } from './errors.js';
import type { AnyPlugin } from './plugin.js';

/**
 * Orders plugins so each comes after its dependencies (keeping the given order otherwise), and
 * refuses duplicate, missing, version-incompatible and cyclic plugins with an error naming them.
 */
export function orderPlugins(plugins: readonly AnyPlugin[]): AnyPlugin[] {
  const byName = new Map<string, AnyPlugin>();
  for (const plugin of plugins) {
    if (byName.has(plugin.name)) {
      throw new PluginError(`Plugin ${plugin.name} is installed twice`, {
        plugins: [plugin.name],
        kind: 'duplicate',
      });
    }
    if (!semver.valid(plugin.version)) {
      throw new PluginError(`Plugin ${plugin.name} has an invalid version "${plugin.version}"`, {
        plugins: [plugin.name],
        kind: 'invalid-version',
      });
    }
    byName.set(plugin.name, plugin);
  }
  for (const plugin of plugins) {
    for (const [dependency, range] of Object.entries(plugin.dependencies ?? {})) {
      const found = byName.get(dependency);
      if (!found) {
        throw new PluginError(
          `Plugin ${plugin.name} needs ${dependency} (${range}), which is not installed`,
          {
            plugins: [plugin.name, dependency],
            kind: 'missing',
          },
        );
      }
      if (!semver.satisfies(found.version, range, { includePrerelease: true })) {
        throw new PluginError(
          `Plugin ${plugin.name} needs ${dependency} ${range}, but version ${found.version} is installed`,
          {
            plugins: [plugin.name, dependency],
            kind: 'incompatible',
            required: range,
            installed: found.version,
          },
        );
      }
    }
  }
  const ordered: AnyPlugin[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (plugin: AnyPlugin, path: string[]): void => {
    const seen = state.get(plugin.name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = [...path.slice(path.indexOf(plugin.name)), plugin.name];
      throw new PluginError(`Plugins depend on each other in a cycle: ${cycle.join(' -> ')}`, {
        plugins: [...new Set(cycle)],
        kind: 'cycle',
      });
    }
    state.set(plugin.name, 'visiting');
    for (const dependency of Object.keys(plugin.dependencies ?? {})) {
      visit(byName.get(dependency)!, [...path, plugin.name]);
    }
    state.set(plugin.name, 'done');
    ordered.push(plugin);
  };
  for (const plugin of plugins) visit(plugin, []);
  return ordered;
}
