import pg from 'pg';

/**
 * Counts the rows of `table` across every tenant, connected as administrator: the app role the CRM
 * uses cannot see other tenants' rows, so only this shows what a rollback really left behind.
 */
export async function countAllRows(adminUrl: string, table: string): Promise<number> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from ${pg.escapeIdentifier(table)}`,
    );
    return rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}
