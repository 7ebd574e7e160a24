import { DATABASE, type Database } from '@rapport/core/plugin';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notesPlugin } from './fixtures/notes-plugin.js';

describe('tenancy', () => {
  let env: TestCrm<[typeof notesPlugin]>;
  let acme: string;
  let globex: string;
  const actor = { kind: 'system', name: 'test' } as const;

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [notesPlugin] });
    acme = (await env.crm.services.tenants.create({ name: 'Acme' })).id;
    globex = (await env.crm.services.tenants.create({ name: 'Globex' })).id;
    await env.crm.services.notes.create(env.crm.context({ tenantId: acme, actor }), { text: 'acme secret' });
    await env.crm.services.notes.create(env.crm.context({ tenantId: globex, actor }), {
      text: 'globex secret',
    });
  });
  afterAll(() => env?.close());

  it('connects as a role that row-level security applies to', () => {
    expect(env.crm.rowLevelSecurity).toBe(true);
  });

  it('a query that forgets the tenant still sees only its own tenant', async () => {
    const rows = await env.crm.transaction(env.crm.context({ tenantId: acme, actor }), (tx) =>
      tx.sql<{ text: string }>('select text from notes_note'),
    );
    expect(rows.map((r) => r.text)).toEqual(['acme secret']);
  });

  it('counts nothing of another tenant, even through aggregates', async () => {
    const [row] = await env.crm.transaction(env.crm.context({ tenantId: globex, actor }), (tx) =>
      tx.sql<{ n: string }>('select count(*) as n from notes_note'),
    );
    expect(Number(row?.n)).toBe(1);
  });

  it('sees nothing at all without a tenant', async () => {
    const db = env.crm.container.resolve<Database>(DATABASE);
    const rows = await db.withoutTenant((sql) => sql('select * from notes_note'));
    expect(rows).toEqual([]);
  });

  it('refuses to write a row into another tenant', async () => {
    await expect(
      env.crm.transaction(env.crm.context({ tenantId: acme, actor }), (tx) =>
        tx.sql(`insert into notes_note (id, tenant_id, text) values (gen_random_uuid(), $1, 'smuggled')`, [
          globex,
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('cannot change or delete another tenant’s rows', async () => {
    const changed = await env.crm.transaction(env.crm.context({ tenantId: acme, actor }), (tx) =>
      tx.sql(`update notes_note set text = 'hacked' where tenant_id = $1 returning id`, [globex]),
    );
    expect(changed).toEqual([]);
    const rows = await env.crm.services.notes.list(env.crm.context({ tenantId: globex, actor }));
    expect(rows).toEqual(['globex secret']);
  });

  it('rejects a context without a valid tenant id or actor, naming the fields', () => {
    expect(() => env.crm.context({ tenantId: 'acme', actor: { kind: 'employee', id: '' } })).toThrowError(
      expect.objectContaining({
        code: 'INVALID_DATA',
        details: {
          issues: [
            expect.objectContaining({ path: 'tenantId' }),
            expect.objectContaining({ path: 'actor.id' }),
          ],
        },
      }),
    );
  });

  it('every tenant-owned table is behind forced row-level security', async () => {
    const db = env.crm.container.resolve<Database>(DATABASE);
    const unprotected = await db.withoutTenant((sql) =>
      sql<{ table: string }>(`
        select c.relname as table from pg_class c
        join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
        join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
        where c.relkind = 'r' and not (c.relrowsecurity and c.relforcerowsecurity)`),
    );
    expect(unprotected).toEqual([]);
  });
});
