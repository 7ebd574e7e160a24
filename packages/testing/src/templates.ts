import { createCrm } from '@rapport/core';
import type pg from 'pg';
import { ident, withClient, withDatabase } from './admin.js';
import type { AppRole } from './app-role.js';
import { createAppDatabase } from './databases.js';
import type { TemplateSpec } from './template-key.js';

/** Where and as whom databases are made. */
export interface TemplateServer {
  adminUrl: string;
  role: AppRole;
  extensions?: readonly string[];
}

/** Templates this process knows to be ready, by name. */
const ready = new Map<string, Promise<void>>();

/**
 * Makes sure template database `name` exists and is complete, building it if not. Vitest workers
 * race for it: a PostgreSQL advisory lock lets one build while the others wait, and a template
 * counts as ready only once it is marked IS_TEMPLATE (a builder that died leaves it unmarked, and
 * the next one starts over).
 */
export function ensureTemplate(server: TemplateServer, name: string, spec?: TemplateSpec): Promise<void> {
  let done = ready.get(name);
  if (!done) {
    done = buildOnce(server, name, spec);
    ready.set(name, done);
    done.catch(() => ready.delete(name));
  }
  return done;
}

/** Applies core's and the plugins' migrations and installs the job queue's schema in the database at `url`. */
export async function migrateDatabase(url: string, spec: TemplateSpec): Promise<void> {
  const crm = await createCrm({
    database: { url, poolSize: 2 },
    plugins: spec.plugins,
    jobs: { workers: false, ...(spec.jobsSchema ? { schema: spec.jobsSchema } : {}) },
  });
  try {
    await crm.migrate();
  } finally {
    await crm.close();
  }
}

async function buildOnce(server: TemplateServer, name: string, spec?: TemplateSpec): Promise<void> {
  await withClient(server.adminUrl, async (client) => {
    if (await isReady(client, name)) return;
    await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [name]);
    try {
      if (await isReady(client, name)) return;
      // Left half-built by a worker that died: start over.
      await client.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
      const url = await createAppDatabase(server.adminUrl, server.role, name, {
        extensions: server.extensions,
      });
      if (spec) {
        await migrateDatabase(url, spec).catch(async (error: unknown) => {
          await client.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
          throw error;
        });
        // A schedule's tick may have been queued while the template was open: clones start empty.
        await withClient(withDatabase(server.adminUrl, name), (db) =>
          db.query(`delete from ${ident(spec.jobsSchema ?? 'rapport_jobs')}.job`),
        );
      }
      // PostgreSQL copies a template only while nobody is connected to it: close the door for good.
      await client.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
        [name],
      );
      await client.query(`ALTER DATABASE ${ident(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    } finally {
      await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [name]);
    }
  });
}

async function isReady(client: pg.Client, name: string): Promise<boolean> {
  const { rowCount } = await client.query('select 1 from pg_database where datname = $1 and datistemplate', [
    name,
  ]);
  return rowCount === 1;
}
