import { Readable } from 'node:stream';
import type { CallContext, ImportMapping, ImportRowResult } from '@rapport/core';
import { createTestCrm, type OrgFixture, seedOrganisation, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Shaped like the Northwind sample: customers keyed by CustomerID, contacts linked to their company.
const CUSTOMERS = `CustomerID,CompanyName,Email,AccountManager
ALFKI,Alfreds Futterkiste,info@alfreds.test,
ANATR,Ana Trujillo Emparedados y helados,ana@trujillo.test,
ANTON,,anton@moreno.test,
AROUT,Around the Horn,sales@horn.test,
`;
const customerMapping: ImportMapping = {
  kind: 'organization',
  organizationName: 'CompanyName',
  email: 'Email',
  ownerId: 'AccountManager',
  externalKey: 'CustomerID',
};

const CONTACTS = `ContactID,First,Last,Email,CompanyID
C1,Maria,Anders,maria@alfreds.test,ALFKI
C2,Ana,Trujillo,ana.t@trujillo.test,ANATR
C3,Thomas,Hardy,thomas@horn.test,NOPE
C4,Hanna,Moos,hanna@moos.test,
`;
const contactMapping: ImportMapping = {
  kind: 'person',
  givenName: 'First',
  familyName: 'Last',
  email: 'Email',
  externalKey: 'ContactID',
};

describe('import results per row', () => {
  let env: TestCrm<[]>;
  let org: OrgFixture;
  let other: OrgFixture;
  let tenants = 0;

  const fresh = async (): Promise<OrgFixture> => {
    tenants += 1;
    return seedOrganisation(env.crm, `Northwind ${tenants}`);
  };
  const csv = (text: string) => Readable.from([text]);
  const imports = () => env.crm.services.imports;

  beforeAll(async () => {
    env = await createTestCrm();
    org = await fresh();
    other = await fresh();
  });
  afterAll(() => env?.close());

  it('gives back each row with its outcome and the party id it created, streamed to onRow in row order', async () => {
    const { system } = await fresh();
    const streamed: ImportRowResult[] = [];
    const result = await imports().importCsv(system, csv(CUSTOMERS), {
      source: 'northwind',
      mapping: customerMapping,
      batchSize: 2,
      onRow: (row) => {
        streamed.push(row);
      },
    });
    expect(result.counts).toMatchObject({ read: 4, created: 3, failed: 1 });
    expect(streamed).toEqual(result.rows);
    expect(result.rows.map((r) => [r.row, r.externalKey, r.outcome])).toEqual([
      [1, 'ALFKI', 'created'],
      [2, 'ANATR', 'created'],
      [3, 'ANTON', 'failed'],
      [4, 'AROUT', 'created'],
    ]);
    expect(result.rows[2]).toMatchObject({
      partyId: null,
      errors: [expect.objectContaining({ path: 'organizationName' })],
    });
    const alfreds = await env.crm.services.parties.get(system, result.rows[0]!.partyId!);
    expect(alfreds.displayName).toBe('Alfreds Futterkiste');
  });

  it('gives back the same party ids as unchanged when the file is imported again', async () => {
    const { system } = await fresh();
    const first = await imports().importCsv(system, csv(CUSTOMERS), {
      source: 'northwind',
      mapping: customerMapping,
    });
    const again = await imports().importCsv(system, csv(CUSTOMERS), {
      source: 'northwind',
      mapping: customerMapping,
    });
    expect(again.counts).toMatchObject({ created: 0, unchanged: 3, failed: 1 });
    expect(again.rows.filter((r) => r.outcome === 'unchanged').map((r) => r.partyId)).toEqual(
      first.rows.filter((r) => r.outcome === 'created').map((r) => r.partyId),
    );
  });

  it('reports a duplicate row with the party it matched', async () => {
    const { system } = await fresh();
    const first = await imports().importCsv(system, csv(CUSTOMERS), {
      source: 'northwind',
      mapping: customerMapping,
    });
    const result = await imports().importRows(
      system,
      [
        {
          kind: 'organization',
          organizationName: 'Alfreds again',
          contactPoints: [{ kind: 'email', value: 'info@alfreds.test' }],
        },
      ],
      { source: 'other-system' },
    );
    expect(result.rows).toEqual([
      expect.objectContaining({ row: 1, outcome: 'duplicate', partyId: first.rows[0]!.partyId }),
    ]);
  });

  it('finds an imported party by its external key, and null for an unknown key or another source', async () => {
    const { system } = await fresh();
    const result = await imports().importCsv(system, csv(CUSTOMERS), {
      source: 'northwind',
      mapping: customerMapping,
    });
    const parties = env.crm.services.parties;
    expect((await parties.byExternalKey(system, 'northwind', 'ALFKI'))?.id).toBe(result.rows[0]!.partyId);
    expect(await parties.byExternalKey(system, 'northwind', 'NOPE')).toBeNull();
    expect(await parties.byExternalKey(system, 'shop', 'ALFKI')).toBeNull();
    const many = await parties.getByExternalKeys(system, 'northwind', ['ALFKI', 'AROUT', 'ANTON']);
    expect([...many.keys()].sort()).toEqual(['ALFKI', 'AROUT']);
  });

  it('does not find a party of another tenant or one the actor may not see by its external key', async () => {
    const result = await imports().importCsv(org.system, csv(CUSTOMERS), {
      source: 'northwind',
      mapping: { ...customerMapping, ownerId: { value: org.carol.id } },
    });
    expect(result.counts.created).toBe(3);
    expect(await env.crm.services.parties.byExternalKey(other.system, 'northwind', 'ALFKI')).toBeNull();
    expect(await env.crm.services.parties.byExternalKey(org.as(org.alice), 'northwind', 'ALFKI')).toBeNull();
    expect(
      await env.crm.services.parties.byExternalKey(org.as(org.carol), 'northwind', 'ALFKI'),
    ).not.toBeNull();
  });

  it('fails only the rows owned by a deactivated, unknown or other-tenant employee, naming the column', async () => {
    const o = await fresh();
    const leaver = await env.crm.services.employees.create(o.system, {
      name: 'Leaver',
      email: 'leaver@northwind.test',
      departmentId: o.departments.north,
      role: 'agent',
    });
    await env.crm.services.employees.deactivate(o.as(o.admin), leaver.id, {
      leaveUnassigned: true,
      reason: 'left',
    });
    const file = `CustomerID,CompanyName,Email,AccountManager
ALFKI,Alfreds Futterkiste,info@alfreds.test,${o.alice.id}
ANATR,Ana Trujillo,ana@trujillo.test,${leaver.id}
ANTON,Antonio Moreno,anton@moreno.test,${other.alice.id}
AROUT,Around the Horn,sales@horn.test,
`;
    const result = await imports().importCsv(o.system, csv(file), {
      source: 'northwind',
      mapping: customerMapping,
    });
    expect(result.rows.map((r) => r.outcome)).toEqual(['created', 'failed', 'failed', 'created']);
    expect(result.rows[1]!.errors).toEqual([
      expect.objectContaining({
        path: 'ownerId',
        column: 'AccountManager',
        message: expect.stringContaining('deactivated'),
      }),
    ]);
    expect(result.rows[2]!.errors).toEqual([
      expect.objectContaining({ path: 'ownerId', column: 'AccountManager', code: 'not_found' }),
    ]);
    expect(await env.crm.services.parties.byExternalKey(o.system, 'northwind', 'ANATR')).toBeNull();
    expect((await env.crm.services.parties.byExternalKey(o.system, 'northwind', 'ALFKI'))?.ownerId).toBe(
      o.alice.id,
    );
  });

  it('relates each contact to the company its CompanyID names, reporting a key that names nobody on its row', async () => {
    const { system } = await fresh();
    await imports().importCsv(system, csv(CUSTOMERS), { source: 'northwind', mapping: customerMapping });
    const result = await imports().importCsv(system, csv(CONTACTS), {
      source: 'northwind-contacts',
      mapping: contactMapping,
      relate: [{ type: 'works_at', toKey: 'CompanyID', toSource: 'northwind' }],
    });
    expect(result.counts.created).toBe(4);
    expect(result.relationships).toMatchObject({ created: 2, failed: 1 });
    expect(result.relationships!.errors).toEqual([
      {
        row: 3,
        externalKey: 'C3',
        issues: [expect.objectContaining({ path: 'relate.0.toKey', column: 'CompanyID', code: 'not_found' })],
      },
    ]);
    const maria = await env.crm.services.parties.byExternalKey(system, 'northwind-contacts', 'C1');
    const alfreds = await env.crm.services.parties.byExternalKey(system, 'northwind', 'ALFKI');
    const links = await env.crm.services.relationships.listFor(system, maria!.id);
    expect(links).toEqual([
      expect.objectContaining({ type: 'works_at', label: 'works at', otherPartyId: alfreds!.id }),
    ]);
  });

  it('relates a row to a row further down the same file, once however often the file is imported', async () => {
    const { system } = await fresh();
    const rows = [
      { kind: 'person', givenName: 'Maria', familyName: 'Anders', externalKey: 'P1', company: 'O1' },
      { kind: 'organization', organizationName: 'Alfreds', externalKey: 'O1' },
    ];
    const options = { source: 'mixed', relate: [{ type: 'works_at', toKey: 'company' }] };
    const first = await imports().importRows(system, rows, options);
    const again = await imports().importRows(system, rows, options);
    expect(first.relationships).toMatchObject({ created: 1, failed: 0 });
    expect(again.relationships).toMatchObject({ created: 0, failed: 0 });
    const maria = await env.crm.services.parties.byExternalKey(system, 'mixed', 'P1');
    expect(await env.crm.services.relationships.listFor(system, maria!.id)).toHaveLength(1);
  });

  it('writes relationships to earlier rows batch by batch and keeps only forward references until the end', async () => {
    const { system } = await fresh();
    // One row per batch: P1 names O1 further down (waits), P2 names O1 above (written after its batch),
    // P3 names a key nobody has (an error on its row at the end).
    const rows = [
      { kind: 'person', givenName: 'Maria', familyName: 'Anders', externalKey: 'P1', company: 'O1' },
      { kind: 'organization', organizationName: 'Alfreds', externalKey: 'O1' },
      { kind: 'person', givenName: 'Ana', familyName: 'Trujillo', externalKey: 'P2', company: 'O1' },
      { kind: 'person', givenName: 'Tom', familyName: 'Hardy', externalKey: 'P3', company: 'O9' },
    ];
    const result = await imports().importRows(system, rows, {
      source: 'batched',
      batchSize: 1,
      relate: [{ type: 'works_at', toKey: 'company' }],
    });
    expect(result.relationships).toMatchObject({
      created: 2,
      failed: 1,
      errors: [{ row: 4, externalKey: 'P3', issues: [expect.objectContaining({ code: 'not_found' })] }],
    });
    const alfreds = await env.crm.services.parties.byExternalKey(system, 'batched', 'O1');
    const links = await env.crm.services.relationships.listFor(system, alfreds!.id);
    expect(links.map((l) => l.otherPartyId).sort()).toEqual(
      [result.rows[0]!.partyId, result.rows[2]!.partyId].sort(),
    );
  });

  it('relates a row to an existing party named by id, in the incoming direction, and fails a bad id on its row', async () => {
    const { system } = await fresh();
    const branch = (
      await env.crm.services.parties.create(system, {
        kind: 'organization',
        organizationName: 'Northwind East',
      })
    ).party.id;
    // Each holding row names its subsidiary: the relationship reads subsidiary → holding.
    const rows = [
      {
        kind: 'organization',
        organizationName: 'Northwind Holding',
        externalKey: 'H1',
        subsidiaryId: branch,
      },
      {
        kind: 'organization',
        organizationName: 'Southwind Holding',
        externalKey: 'H2',
        subsidiaryId: 'not-an-id',
      },
    ];
    const result = await imports().importRows(system, rows, {
      source: 'holdings',
      relate: [{ type: 'subsidiary_of', toId: 'subsidiaryId', direction: 'incoming' }],
    });
    expect(result.relationships).toMatchObject({
      created: 1,
      failed: 1,
      errors: [
        { row: 2, issues: [expect.objectContaining({ path: 'relate.0.toId', code: 'invalid_format' })] },
      ],
    });
    expect(await env.crm.services.relationships.listFor(system, branch)).toEqual([
      expect.objectContaining({
        type: 'subsidiary_of',
        label: 'is a subsidiary of',
        direction: 'outgoing',
        otherPartyId: result.rows[0]!.partyId,
      }),
    ]);
  });

  it('fails only a row whose team is not a department of the tenant', async () => {
    const o = await fresh();
    const rows = [
      { kind: 'person', familyName: 'Davolio', teamId: o.departments.north, externalKey: '1' },
      { kind: 'person', familyName: 'Fuller', teamId: other.departments.north, externalKey: '2' },
    ];
    const result = await imports().importRows(o.system, rows, { source: 'staff' });
    expect(result.rows.map((r) => [r.outcome, r.errors.map((e) => e.path)])).toEqual([
      ['created', []],
      ['failed', ['teamId']],
    ]);
  });

  it('refuses a relate entry with an unknown relationship type before writing any row', async () => {
    const { system } = await fresh();
    const error = await imports()
      .importCsv(system, csv(CONTACTS), {
        source: 'northwind-contacts',
        mapping: contactMapping,
        relate: [{ type: 'employed_by', toKey: 'CompanyID' }],
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'INVALID_DATA',
      issues: [expect.objectContaining({ path: 'relate.0.type' })],
    });
    expect(await env.crm.services.parties.byExternalKey(system, 'northwind-contacts', 'C1')).toBeNull();
  });
});

describe('relateMany', () => {
  let env: TestCrm<[]>;
  let ctx: CallContext;

  beforeAll(async () => {
    env = await createTestCrm();
    const org = await seedOrganisation(env.crm, 'Relaters');
    ctx = org.system;
  });
  afterAll(() => env?.close());

  const party = async (name: string) =>
    (await env.crm.services.parties.create(ctx, { kind: 'organization', organizationName: name })).party.id;

  it('writes the valid items and reports each bad one at its index, naming the field', async () => {
    const [a, b, c] = [await party('A'), await party('B'), await party('C')];
    const result = await env.crm.services.relationships.relateMany(ctx, [
      { type: 'subsidiary_of', fromId: a, toId: b },
      { type: 'subsidiary_of', fromId: c, toId: b },
      { type: 'nope', fromId: a, toId: c },
      { type: 'subsidiary_of', fromId: a, toId: '0190a0a0-0000-7000-8000-000000000000' },
      { type: 'subsidiary_of', fromId: a, toId: a },
      { type: 'subsidiary_of', fromId: a, toId: b },
    ]);
    expect(result).toMatchObject({ created: 2, failed: 4 });
    expect(result.results.map((r) => [r.status, r.issues.map((i) => i.path)])).toEqual([
      ['created', []],
      ['created', []],
      ['failed', ['2.type']],
      ['failed', ['3.toId']],
      ['failed', ['4.toId']],
      ['failed', ['5']],
    ]);
    expect(await env.crm.services.relationships.listFor(ctx, b)).toHaveLength(2);
  });

  it('reports an existing relationship as a duplicate, or skips it when asked', async () => {
    const [a, b] = [await party('D'), await party('E')];
    await env.crm.services.relationships.relate(ctx, { type: 'spouse_of', fromId: a, toId: b });
    const refused = await env.crm.services.relationships.relateMany(ctx, [
      { type: 'spouse_of', fromId: b, toId: a },
    ]);
    expect(refused.results[0]).toMatchObject({
      status: 'failed',
      issues: [expect.objectContaining({ code: 'duplicate' })],
    });
    const skipped = await env.crm.services.relationships.relateMany(
      ctx,
      [{ type: 'spouse_of', fromId: b, toId: a }],
      {
        onExisting: 'skip',
      },
    );
    expect(skipped).toMatchObject({ created: 0, existing: 1, failed: 0 });
    expect(await env.crm.services.relationships.listFor(ctx, a)).toHaveLength(1);
  });

  it('records the relationship in both parties histories', async () => {
    const [a, b] = [await party('F'), await party('G')];
    await env.crm.services.relationships.relateMany(ctx, [{ type: 'referred', fromId: a, toId: b }]);
    const history = await env.crm.services.parties.history(ctx, b);
    expect(history.map((h) => h.operation)).toContain('relate');
  });
});
