import type pg from 'pg';

/** Runs one statement of a seed on its client and returns the rows. */
export type SeedQuery = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

/** Options of {@link beginSeed}. */
export interface BeginSeedOptions {
  /** The value given to `setseed`, so the seeded world is the same every run. */
  seed: number;
  /** Print each statement's duration (e.g. `process.env.BENCH_VERBOSE === '1'`). */
  verbose?: boolean;
}

/**
 * Opens a seed's transaction on `client`: `begin`, the tenant and the system actor `bench` set,
 * `setseed`. Returns the statement runner; the seed ends with `await q('commit')`.
 *
 * @example
 * const q = await beginSeed(client, tenantId, { seed: 0.42 });
 * await q('insert into … select $1 …', [tenantId]);
 * await q('commit');
 */
export async function beginSeed(
  client: pg.Client,
  tenantId: string,
  options: BeginSeedOptions,
): Promise<SeedQuery> {
  const q: SeedQuery = async <T = Record<string, unknown>>(text: string, params: unknown[] = []) => {
    const start = performance.now();
    const rows = (await client.query(text, params)).rows as T[];
    if (options.verbose)
      console.log(
        `${Math.round(performance.now() - start)} ms  ${text.trim().slice(0, 60).replace(/\s+/g, ' ')}`,
      );
    return rows;
  };
  await q('begin');
  await q(
    `select set_config('app.tenant_id', $1, true), set_config('app.actor', '{"kind":"system","name":"bench"}', true)`,
    [tenantId],
  );
  await q(`select setseed(${Number(options.seed)})`);
  return q;
}
