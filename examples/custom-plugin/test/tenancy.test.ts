import type { CallContext } from '@rapport/core';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visitNotesPlugin } from '../src/index.js';
import { addCustomer } from './customer.js';

describe('tenant isolation of the visit-notes tables', () => {
  let env: TestCrm<[typeof visitNotesPlugin]>;
  let acme: CallContext;
  let globex: CallContext;

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [visitNotesPlugin] });
    const actor = { kind: 'system', name: 'tenancy-test' } as const;
    acme = env.crm.context({ tenantId: (await env.crm.services.tenants.create({ name: 'Acme' })).id, actor });
    globex = env.crm.context({
      tenantId: (await env.crm.services.tenants.create({ name: 'Globex' })).id,
      actor,
    });
    await env.crm.services.visitNotes.addTopic(globex, 'Globex only');
    await env.crm.services.visitNotes.record(acme, {
      customerId: await addCustomer(env.crm, acme, 'Hooli'),
      topic: 'Order',
      body: 'acme secret',
    });
    await env.crm.services.visitNotes.record(globex, {
      customerId: await addCustomer(env.crm, globex, 'Hooli'),
      topic: 'Order',
      body: 'globex secret',
    });
  });
  afterAll(() => env?.close());

  it('connects as a role that row-level security applies to', () => {
    expect(env.crm.rowLevelSecurity).toBe(true);
  });

  it('lists only the calling tenant’s notes and topics', async () => {
    expect((await env.crm.services.visitNotes.list(acme)).map((note) => note.body)).toEqual(['acme secret']);
    expect(await env.crm.services.visitNotes.topics(acme)).not.toContain('Globex only');
  });

  it('hides other tenants’ rows even from SQL that forgets the tenant filter', async () => {
    const rows = await env.crm.transaction(acme, (tx) =>
      tx.sql<{ body: string }>('select body from visit_notes_note'),
    );
    expect(rows.map((row) => row.body)).toEqual(['acme secret']);
  });

  it('refuses to write a note into another tenant', async () => {
    await expect(
      env.crm.transaction(acme, (tx) =>
        tx.sql(
          `insert into visit_notes_note (id, tenant_id, customer_id, topic, body)
           values (gen_random_uuid(), $1, gen_random_uuid(), 'Order', 'smuggled')`,
          [globex.tenantId],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('refuses a topic that only another tenant has, naming the field', async () => {
    await expect(
      env.crm.services.visitNotes.record(acme, {
        customerId: await addCustomer(env.crm, acme, 'Sneaky'),
        topic: 'Globex only',
        body: 'sneaky',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA', details: { issues: [{ path: 'topic' }] } });
  });

  it('does not follow up a note of another tenant', async () => {
    const [note] = await env.crm.services.visitNotes.list(globex);
    await expect(env.crm.services.visitNotes.markFollowedUp(acme, note!.id)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
