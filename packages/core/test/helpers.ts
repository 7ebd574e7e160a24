import { type AnyPlugin, type Crm, type CrmOptions, createCrm } from '@rapport/core';
import { createTestDatabase } from '@rapport/testing';

/** A CRM on a fresh database of its own, with a `dispose` that closes it and drops the database. */
export async function freshCrm<const P extends readonly AnyPlugin[] = []>(
  options: Omit<CrmOptions<P>, 'database'> = {},
): Promise<{ crm: Crm<P>; url: string; dispose(): Promise<void> }> {
  const db = await createTestDatabase();
  const crm = await createCrm({
    ...options,
    database: { url: db.url },
    jobs: { pollingIntervalSeconds: 0.5, ...options.jobs },
  });
  return {
    crm,
    url: db.url,
    async dispose() {
      await crm.close();
      await db.drop();
    },
  };
}
