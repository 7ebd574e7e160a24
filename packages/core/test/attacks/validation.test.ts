import { type Crm, RapportError, toRapportError, UnavailableError } from '@rapport/core';
import { adminQuery, createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Attack: bad input reached the database and came back as raw driver errors (or was stored):
// NUL bytes, lone surrogates, years beyond 9999, non-UUID ids, unknown currencies, entries in
// another employee's name, a connection killed mid-command.
describe('attacks: errors at the boundary are RapportErrors naming the field, with nothing written', () => {
  let env: TestCrm<[]>;
  let crm: Crm;
  let org: OrgFixture;
  let partyId: string;
  const parties = async () =>
    (await env.database.adminQuery('select count(*)::int as n from core_party'))[0]!.n;
  const entries = async () =>
    (await env.database.adminQuery('select count(*)::int as n from core_journal_entry'))[0]!.n;

  beforeAll(async () => {
    env = await createTestCrm();
    crm = env.crm;
    org = await seedOrganisation(crm);
    partyId = (await crm.services.parties.create(org.system, { kind: 'person', givenName: 'Ada' })).party.id;
  });
  afterAll(() => env?.close());

  it('refuses a NUL byte in a name, naming the field', async () => {
    const before = await parties();
    await expect(
      crm.services.parties.create(org.system, { kind: 'person', givenName: 'Ad\u0000a' }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: {
        issues: [expect.objectContaining({ path: 'givenName', message: expect.stringContaining('NUL') })],
      },
    });
    expect(await parties()).toBe(before);
  });

  it('refuses a lone UTF-16 surrogate in notes of a journal entry, naming the field', async () => {
    const before = await entries();
    await expect(
      crm.services.journal.record(org.system, {
        type: 'meeting',
        parties: [{ partyId }],
        notes: 'broken \uD800 text',
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'notes' })] },
    });
    expect(await entries()).toBe(before);
  });

  it('refuses a date beyond the year 9999, naming the field', async () => {
    await expect(
      crm.services.journal.record(org.system, {
        type: 'meeting',
        parties: [{ partyId }],
        occurredAt: new Date(Date.UTC(10_000, 0, 1)),
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [expect.objectContaining({ path: 'occurredAt' })] },
    });
  });

  it('refuses a currency that is not ISO 4217 (ZZZ)', async () => {
    await expect(
      crm.services.journal.record(org.system, {
        type: 'sale',
        parties: [{ partyId }],
        amount: '10.00',
        currency: 'ZZZ',
      } as never),
    ).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: expect.arrayContaining([expect.objectContaining({ path: 'currency' })]) },
    });
  });

  const bad = 'not-a-uuid';
  const methods: Record<string, () => Promise<unknown>> = {
    'parties.get': () => crm.services.parties.get(org.system, bad),
    'parties.getMany': () => crm.services.parties.getMany(org.system, [bad]),
    'parties.addTags': () => crm.services.parties.addTags(org.system, bad, ['x']),
    'tenants.get': () => crm.services.tenants.get(bad),
    'tenants.setTimeZone': () => crm.services.tenants.setTimeZone(bad, 'UTC'),
    'lifecycle.qualify': () => crm.services.lifecycle.qualify(org.system, bad),
    'partyDates.list': () => crm.services.partyDates.list(org.system, bad),
    'merges.mergesOf': () => crm.services.merges.mergesOf(org.system, bad),
    'privacy.export': () => crm.services.privacy.export(org.system, bad),
    'ownership.assign': () => crm.services.ownership.assign(org.system, partyId, bad),
    'journal.get': () => crm.services.journal.get(org.system, bad),
    'contactPoints.remove': () => crm.services.contactPoints.remove(org.system, partyId, bad),
    'contactPoints.consents': () => crm.services.contactPoints.consents(org.system, bad),
    'segments.get': () => crm.services.segments.get(org.system, bad),
    'segments.members': () => crm.services.segments.members(org.system, bad),
    'employees.get': () => crm.services.employees.get(org.system, bad),
    'departments.move': () => crm.services.departments.move(org.system, bad, null),
    'relationships.end': () => crm.services.relationships.end(org.system, bad),
    'agenda.cancel': () => crm.services.agenda.cancel(org.system, bad, 'no'),
  };
  for (const [name, call] of Object.entries(methods)) {
    it(`refuses a non-UUID id in ${name} with INVALID_DATA`, async () => {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RapportError);
      // Named by the boundary's check (the database would only say "invalid input syntax for type uuid").
      expect(error).toMatchObject({
        code: 'INVALID_DATA',
        details: { issues: [expect.objectContaining({ path: expect.stringMatching(/^[a-zA-Z]+(\.0)?$/) })] },
      });
    });
  }

  it("refuses an agent recording an entry in the administrator's name; the administrator and the manager may", async () => {
    const entry = { type: 'meeting', parties: [{ partyId }], notes: 'on behalf' } as const;
    await expect(
      crm.services.journal.record(org.as(org.alice), { ...entry, employeeId: org.admin.id }),
    ).rejects.toMatchObject({
      code: 'NOT_ALLOWED',
      details: { issues: [expect.objectContaining({ path: 'employeeId' })] },
    });
    await expect(
      crm.services.journal.record(org.as(org.alice), { ...entry, employeeId: org.alice.id }),
    ).resolves.toMatchObject({
      created: true,
    });
    await expect(
      crm.services.journal.record(org.as(org.northManager), { ...entry, employeeId: org.alice.id }),
    ).resolves.toMatchObject({
      created: true,
    });
    await expect(
      crm.services.journal.record(org.as(org.admin), { ...entry, employeeId: org.bob.id }),
    ).resolves.toMatchObject({
      created: true,
    });
  });

  it('turns a connection terminated mid-command into a retryable UNAVAILABLE error, with nothing written', async () => {
    const before = await parties();
    const error = await crm
      .transaction(org.system, async (tx) => {
        await crm.services.parties.create(tx, { kind: 'person', givenName: 'Half', familyName: 'Written' });
        const [row] = await tx.sql<{ pid: number }>('select pg_backend_pid() as pid');
        await adminQuery('select pg_terminate_backend($1)', [row!.pid]);
        await tx.sql('select 1');
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnavailableError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    expect(await parties()).toBe(before);
    // The pool recovers: the next call works.
    await expect(crm.services.parties.get(org.system, partyId)).resolves.toMatchObject({ id: partyId });
  });
});

describe('attacks: imported rows with text no column can store', () => {
  it('fails the row with a lone surrogate or a NUL byte, naming the field, and imports the others', async () => {
    await using env = await createTestCrm();
    const tenant = await env.crm.services.tenants.create({ name: 'Importer' });
    const ctx = env.crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'import' } });
    const result = await env.crm.services.imports.importRows(
      ctx,
      [
        { kind: 'person', givenName: 'Good' },
        { kind: 'person', givenName: 'Bad \uDC00' },
        { kind: 'person', givenName: 'Nul\u0000l' },
      ],
      { source: 'attack' },
    );
    expect(result.counts).toMatchObject({ read: 3, created: 1, failed: 2 });
    expect(result.errors.map((e) => e.issues.map((i) => i.path))).toEqual([['givenName'], ['givenName']]);
  });
});

describe('attacks: driver errors are mapped in one place', () => {
  it('maps node-postgres connection losses to a retryable UNAVAILABLE, and a mail transport ECONNRESET to INTERNAL', () => {
    expect(toRapportError(new Error('Connection terminated unexpectedly'))).toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
    });
    expect(toRapportError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toMatchObject(
      {
        code: 'INTERNAL',
      },
    );
  });
});
