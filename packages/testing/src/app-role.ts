import { ident, literal, withClient } from './admin.js';

/** The ordinary role tests connect as; row-level security does not apply to superusers. */
export interface AppRole {
  /** Role name (lowercase letters, digits and underscores). */
  name: string;
  password: string;
}

/** The role created unless another is configured. */
export const DEFAULT_APP_ROLE: AppRole = Object.freeze({ name: 'rapport_app', password: 'rapport_app' });

const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
/** Errors two runs can get when they create or alter the same role at the same moment. */
const RACE_CODES = new Set(['42710', '23505', 'XX000']);

/**
 * Creates `role` on the server of `adminUrl` if missing, and (re)sets it to an ordinary login role:
 * NOSUPERUSER, NOBYPASSRLS, CREATEDB, with the given password. Idempotent and safe to race.
 */
export async function ensureAppRole(adminUrl: string, role: AppRole = DEFAULT_APP_ROLE): Promise<void> {
  if (!ROLE_NAME.test(role.name)) throw new TypeError(`Invalid role name "${role.name}"`);
  const attributes = `LOGIN NOSUPERUSER NOBYPASSRLS CREATEDB PASSWORD ${literal(role.password)}`;
  await withClient(adminUrl, async (client) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [role.name]);
        await client.query(`${rowCount ? 'ALTER' : 'CREATE'} ROLE ${ident(role.name)} WITH ${attributes}`);
        return;
      } catch (error) {
        // Another run (a parallel vitest, a child process) created or altered it first: try again.
        if (attempt >= 5 || !RACE_CODES.has((error as { code?: string }).code ?? '')) throw error;
      }
    }
  });
}
