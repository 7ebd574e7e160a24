import { describe, expect, it } from 'vitest';
import { adminQuery, createTestCrm } from '../src/index.js';

async function databaseExists(name: string): Promise<boolean> {
  return (await adminQuery('select 1 from pg_database where datname = $1', [name])).length === 1;
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
    expect(await databaseExists(testCrm.database.name)).toBe(false);
  });

  it('closes and drops its database at the end of an `await using` block', async () => {
    let database: { name: string } | undefined;
    {
      await using testCrm = await createTestCrm();
      database = testCrm.database;
      await testCrm.crm.services.tenants.create({ name: 'Scoped' });
    }
    expect(await databaseExists(database.name)).toBe(false);
  });
});
