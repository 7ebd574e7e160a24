import type { Crm } from '@rapport/core';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Attack: unbounded work for any user — 200,000 ids in one read, 50,000 entries in one transaction,
// a 40 MB or 100,000-level (or cyclic) filter, a duplicates report with a low threshold, no
// statement timeout. Small limits here keep the test cheap; the defaults are in the README.
describe('attacks: limits on what one call may ask', () => {
  let env: TestCrm<[]>;
  let crm: Crm;
  let org: OrgFixture;
  let partyId: string;

  beforeAll(async () => {
    env = await createTestCrm({
      limits: {
        getManyIds: 10,
        recordManyEntries: 3,
        filterBytes: 1024,
        filterDepth: 8,
        statementTimeoutMs: { command: 200 },
      },
    });
    crm = env.crm;
    org = await seedOrganisation(crm);
    partyId = (await crm.services.parties.create(org.system, { kind: 'person', givenName: 'Ada' })).party.id;
  });
  afterAll(() => env?.close());

  const ids = (n: number) =>
    Array.from({ length: n }, (_, i) => `0190a000-0000-7000-8000-${String(i).padStart(12, '0')}`);

  it('refuses getMany with more ids than limits.getManyIds, naming `ids`', async () => {
    await expect(crm.services.parties.getMany(org.system, ids(11))).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'ids', code: 'too_big' })] },
    });
    await expect(crm.services.parties.getMany(org.system, ids(10))).resolves.toEqual([]);
  });

  it('refuses recordMany with more entries than limits.recordManyEntries, writing none', async () => {
    const entry = { type: 'meeting', parties: [{ partyId }], notes: 'x' } as const;
    await expect(
      crm.services.journal.recordMany(org.system, [entry, entry, entry, entry]),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      message: expect.stringContaining('activities'),
    });
    const rows = await env.database.adminQuery('select 1 from core_journal_entry');
    expect(rows).toEqual([]);
  });

  it('refuses a filter larger than limits.filterBytes before validating it', async () => {
    const filter = {
      or: Array.from({ length: 200 }, (_, i) => ({ field: 'tags', op: 'contains', value: `tag-${i}` })),
    };
    await expect(
      crm.services.segments.save(org.system, { name: 'big', filter: filter as never }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'filter', code: 'too_big' })] },
    });
  });

  it('refuses a filter nested 100,000 levels deep with a typed error, not a stack overflow', async () => {
    let filter: unknown = { field: 'tags', op: 'contains', value: 'x' };
    for (let i = 0; i < 100_000; i++) filter = { not: filter };
    await expect(crm.services.segments.count(org.system, filter as never)).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ code: 'too_big' })] },
    });
    await expect(
      crm.services.segments.save(org.system, { name: 'deep', filter: filter as never }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
    });
  });

  it('refuses a cyclic filter with a typed error naming the path', async () => {
    const filter: Record<string, unknown> = { and: [] };
    (filter.and as unknown[]).push(filter);
    await expect(crm.services.segments.count(org.system, filter as never)).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: {
        issues: [
          expect.objectContaining({ path: 'filter.and.0', message: expect.stringContaining('cyclic') }),
        ],
      },
    });
  });

  it('refuses a duplicates report below the threshold floor, and for agents', async () => {
    await expect(
      crm.services.duplicates.findDuplicates(org.system, { threshold: 0.1 }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'threshold' })] },
    });
    await expect(crm.services.duplicates.findDuplicates(org.as(org.alice))).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
    });
    await expect(crm.services.duplicates.findDuplicates(org.as(org.salesManager))).resolves.toMatchObject({
      pairs: expect.any(Array),
    });
  });

  it('stops a command at its statement timeout with a TIMEOUT error and rolls it back', async () => {
    const error = await crm
      .transaction(org.system, async (tx) => {
        await crm.services.parties.create(tx, { kind: 'person', givenName: 'Slow', familyName: 'Timeout' });
        await tx.sql('select pg_sleep(5)');
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TIMEOUT', name: 'TimeoutError' });
    expect(await env.database.adminQuery(`select 1 from core_party where family_name = 'Timeout'`)).toEqual(
      [],
    );
  });

  it('gives reports their own, longer statement timeout', async () => {
    const [row] = await crm.transaction(
      org.system,
      (tx) => tx.sql<{ timeout: string }>(`select current_setting('statement_timeout') as timeout`),
      { callClass: 'report' },
    );
    expect(row?.timeout).toBe('1min');
  });
});
