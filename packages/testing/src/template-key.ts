import { createHash } from 'node:crypto';
import { type AnyPlugin, CORE_VERSION } from '@rapport/core';

/** What a migrated template is built for: the plugins (core is always there) and the queue's schema. */
export interface TemplateSpec {
  plugins: readonly AnyPlugin[];
  /** Schema of the job queue's tables (default `rapport_jobs`, as in `createCrm`). */
  jobsSchema?: string;
}

/**
 * A short, stable hash of everything a template's contents depend on: core's version, each plugin's
 * name, version and migrations (names and text, because test files define throwaway plugins that
 * share a name), the queue schema, the extensions and the owning role. Order-independent.
 */
export function templateKey(
  spec: TemplateSpec | undefined,
  extensions: readonly string[],
  role: string,
): string {
  const plugins = (spec?.plugins ?? [])
    .map((plugin) => ({
      name: plugin.name,
      version: plugin.version,
      migrations: (plugin.migrations ?? []).map((m) => [m.name, String(m.up)]),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const material = JSON.stringify({
    migrated: spec !== undefined,
    core: CORE_VERSION,
    plugins,
    jobsSchema: spec ? (spec.jobsSchema ?? 'rapport_jobs') : null,
    extensions: [...extensions].sort(),
    role,
  });
  return createHash('sha256').update(material).digest('hex').slice(0, 16);
}
