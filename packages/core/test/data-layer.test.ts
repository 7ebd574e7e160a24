import {
  defineEntity,
  definePlugin,
  p,
  paramBinder,
  sqlFragment,
  visibilityOf,
  visibilitySql,
} from '@rapport/core/plugin';
import {
  createTestCrm,
  expectNoSchemaDrift,
  type OrgFixture,
  schemaDrift,
  seedOrganisation,
  type TestCrm,
} from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('data layer', () => {
  let env: TestCrm<[]>;
  let org: OrgFixture;
  let customer: string;

  beforeAll(async () => {
    env = await createTestCrm();
    org = await seedOrganisation(env.crm);
    customer = (
      await env.crm.services.parties.create(org.as(org.alice), {
        kind: 'person',
        familyName: 'Typed',
        roles: ['customer'],
      })
    ).party.id;
  });
  afterAll(() => env?.close());

  it('finds no drift between core entities and core migrations', async () => {
    await expectNoSchemaDrift(env.crm);
  });

  it('reads a row through tx.db by entity and property names, timestamps as Date', async () => {
    const party = await env.crm.transaction(org.system, (tx) =>
      tx.db
        .selectFrom('Party')
        .select(['id', 'familyName', 'ownerId', 'createdAt', 'tags'])
        .where('tenantId', '=', tx.tenantId)
        .where('id', '=', customer)
        .executeTakeFirstOrThrow(),
    );
    expect(party).toEqual({
      id: customer,
      familyName: 'Typed',
      ownerId: org.alice.id,
      createdAt: expect.any(Date),
      tags: [],
    });
  });

  it('uses a visibility predicate built for tx.sql inside a tx.db query', async () => {
    const { party: hidden } = await env.crm.services.parties.create(org.as(org.carol), {
      kind: 'person',
      familyName: 'Carols',
    });
    const visibleTo = (ctx: typeof org.system) =>
      env.crm.transaction(ctx, async (tx) => {
        const params: unknown[] = [];
        const visible = visibilitySql(await visibilityOf(tx), 'p', paramBinder(params));
        const rows = await tx.db
          .selectFrom('Party as p')
          .select('p.id')
          .where('p.id', 'in', [customer, hidden.id])
          .where(sqlFragment<boolean>(visible, params))
          .execute();
        return rows.map((r) => r.id).sort();
      });
    expect(await visibleTo(org.as(org.alice))).toEqual([customer]);
    expect(await visibleTo(org.system)).toEqual([customer, hidden.id].sort());
  });

  it('reads decimals through tx.db as exact strings', async () => {
    const { entry } = await env.crm.services.journal.record(org.as(org.alice), {
      type: 'sale',
      parties: [{ partyId: customer }],
      amount: '1234567.89',
      currency: 'eur',
      data: { invoiceNumber: 'INV-7' },
    });
    const row = await env.crm.transaction(org.system, (tx) =>
      tx.db
        .selectFrom('JournalEntry')
        .select(['amount', 'currency', 'occurredAt'])
        .where('tenantId', '=', tx.tenantId)
        .where('id', '=', entry.id)
        .executeTakeFirstOrThrow(),
    );
    expect(row).toEqual({ amount: '1234567.8900', currency: 'EUR', occurredAt: expect.any(Date) });
  });

  it('writes through tx.db in the command transaction, so a failure rolls the write back', async () => {
    const failing = env.crm.transaction(org.system, async (tx) => {
      await tx.db
        .updateTable('Party')
        .set({ city: 'Rolled Back' })
        .where('tenantId', '=', tx.tenantId)
        .where('id', '=', customer)
        .execute();
      throw new Error('abort');
    });
    await expect(failing).rejects.toThrow('abort');
    const row = await env.crm.transaction(org.system, (tx) =>
      tx.db
        .selectFrom('Party')
        .select('city')
        .where('tenantId', '=', tx.tenantId)
        .where('id', '=', customer)
        .executeTakeFirstOrThrow(),
    );
    expect(row.city).toBeNull();
  });

  it('sees only the rows of the transaction tenant through row-level security', async () => {
    const other = await seedOrganisation(env.crm, 'Other');
    const rows = await env.crm.transaction(other.system, (tx) =>
      tx.db.selectFrom('Party').select('id').where('id', '=', customer).execute(),
    );
    expect(rows).toEqual([]);
  });
});

describe('schema drift check', () => {
  const NoteEntity = defineEntity({
    name: 'DriftNote',
    tableName: 'drift_note',
    properties: {
      tenantId: p.uuid().primary(),
      id: p.uuid().primary(),
      // The migration says `text not null`: the entity disagrees on purpose.
      body: p.text().nullable(),
    },
  });
  const driftPlugin = definePlugin({
    name: 'drift-test',
    version: '1.0.0',
    dependencies: {},
    entities: [NoteEntity],
    migrations: [
      {
        name: '0001_drift',
        up: 'create table drift_note (tenant_id uuid not null, id uuid not null, body text not null, primary key (tenant_id, id));',
      },
    ],
  });

  it('reports an entity that disagrees with its migration', async () => {
    const drifted = await createTestCrm({ plugins: [driftPlugin] });
    try {
      expect(await schemaDrift(drifted.crm)).toContain('alter column "body" drop not null');
      await expect(expectNoSchemaDrift(drifted.crm)).rejects.toThrow(
        /entities and the migrated database disagree/,
      );
    } finally {
      await drifted.close();
    }
  });
});
