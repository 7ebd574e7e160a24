import {
  type Actor,
  type AnyPlugin,
  type CallContext,
  type Crm,
  type CrmOptions,
  createCrm,
  type Tenant,
} from '@rapport/core';
import pg from 'pg';
import type { BenchEnv } from './env.js';

/** Options of {@link openBenchCrm}: those of `createCrm` without the URL. */
export type OpenBenchCrmOptions<P extends readonly AnyPlugin[]> = Omit<CrmOptions<P>, 'database'>;

/** Options of {@link BenchCrm.inTenant} and {@link BenchCrm.hand}. */
export interface InTenantOptions {
  /** Also set `app.actor` to this actor (JSON), in the same statement as the tenant. */
  actor?: Actor;
  /** Commit at the end (default) or roll back. */
  commit?: boolean;
}

/** A migrated CRM on a fresh database with one tenant, and a `pg` client for the hand-written baselines. */
export interface BenchCrm<P extends readonly AnyPlugin[]> {
  readonly crm: Crm<P>;
  /** The tenant `Bench`. */
  readonly tenant: Tenant;
  /** The system context `bench` of the tenant. */
  readonly system: CallContext;
  /** A connected client as the app role (row-level security applies): for seeding and baselines. */
  readonly client: pg.Client;
  /** Runs `work` in a transaction on `client` with `app.tenant_id` (and `app.actor` if given) set. */
  inTenant<T>(work: () => Promise<T>, options?: InTenantOptions): Promise<T>;
  /** Runs one statement on `client` in its own transaction with the tenant set; returns its rows. */
  hand<T = Record<string, unknown>>(text: string, params: unknown[], options?: InTenantOptions): Promise<T[]>;
  /** Closes the client and the CRM, then drops the database. */
  close(): Promise<void>;
}

/**
 * The prologue of a benchmark: a fresh database, `createCrm` with the options given, migrations,
 * the tenant `Bench`, its system context, and a connected `pg` client with a `hand` runner for the
 * baselines. Call `close()` in a `finally`.
 *
 * @example
 * const { crm, tenant, system, hand, close } = await openBenchCrm(env, { plugins: [pipelinePlugin] });
 * try { ... } finally { await close(); }
 */
export async function openBenchCrm<const P extends readonly AnyPlugin[] = []>(
  env: BenchEnv,
  options: OpenBenchCrmOptions<P>,
): Promise<BenchCrm<P>> {
  const db = await env.freshDatabase();
  const crm = await createCrm<P>({ ...options, database: { url: db.url } });
  const client = new pg.Client({ connectionString: db.url });
  const close = async () => {
    await client.end().catch(() => undefined);
    await crm.close();
    await db.drop();
  };
  try {
    await crm.migrate();
    const tenant = await crm.services.tenants.create({ name: 'Bench' });
    const system = crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'bench' } });
    await client.connect();
    const inTenant = async <T>(work: () => Promise<T>, opts: InTenantOptions = {}): Promise<T> => {
      await client.query('begin');
      if (opts.actor)
        await client.query(
          `select set_config('app.tenant_id', $1, true), set_config('app.actor', $2, true)`,
          [tenant.id, JSON.stringify(opts.actor)],
        );
      else await client.query(`select set_config('app.tenant_id', $1, true)`, [tenant.id]);
      try {
        return await work();
      } finally {
        await client.query(opts.commit === false ? 'rollback' : 'commit');
      }
    };
    const hand = <T = Record<string, unknown>>(text: string, params: unknown[], opts?: InTenantOptions) =>
      inTenant(async () => (await client.query(text, params)).rows as T[], opts);
    return { crm, tenant, system, client, inTenant, hand, close };
  } catch (error) {
    await close();
    throw error;
  }
}
