import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createTestCrm } from '../src/index.js';

async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  const url = new URL(adminUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('createTestCrm', () => {
  it('builds a migrated CRM that connects as a role row-level security applies to', async () => {
    const { crm, close } = await createTestCrm();
    try {
      expect(crm.rowLevelSecurity).toBe(true);
      expect(await crm.pendingMigrations()).toEqual([]);
      const tenant = await crm.services.tenants.create({ name: 'Acme' });
      expect(tenant.name).toBe('Acme');
    } finally {
      await close();
    }
  });

  it('leaves migrations pending when asked not to migrate', async () => {
    const { crm, close } = await createTestCrm({ migrate: false });
    try {
      expect((await crm.pendingMigrations()).length).toBeGreaterThan(0);
    } finally {
      await close();
    }
  });

  it('drops its database on close', async () => {
    const testCrm = await createTestCrm();
    await testCrm.close();
    expect(await databaseExists(testCrm.database.adminUrl, testCrm.database.name)).toBe(false);
  });

  it('closes and drops its database at the end of an `await using` block', async () => {
    let database: { name: string; adminUrl: string } | undefined;
    {
      await using testCrm = await createTestCrm();
      database = testCrm.database;
      await testCrm.crm.services.tenants.create({ name: 'Scoped' });
    }
    expect(await databaseExists(database.adminUrl, database.name)).toBe(false);
  });
});
