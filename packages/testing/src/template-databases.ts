import { ident, withClient } from './admin.js';
import type { AppRole } from './app-role.js';

/** Prefix of every template database; the run's id follows, so a run drops only its own. */
export const TEMPLATE_PREFIX = 'rapport_tpl_';

/** Creates database `name` as a copy of `template`, owned by the app role. */
export async function cloneDatabase(adminUrl: string, template: string, name: string, role: AppRole) {
  await withClient(adminUrl, (client) =>
    client.query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(template)} OWNER ${ident(role.name)}`),
  );
}

/** Drops every template whose name starts with `prefix` (the end of a run). */
export async function dropTemplates(adminUrl: string, prefix: string): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where starts_with(datname, $1)`,
      [prefix],
    );
    for (const { datname } of rows) {
      await client.query(`ALTER DATABASE ${ident(datname)} WITH IS_TEMPLATE false`);
      await client.query(`DROP DATABASE IF EXISTS ${ident(datname)} WITH (FORCE)`);
    }
  });
}
