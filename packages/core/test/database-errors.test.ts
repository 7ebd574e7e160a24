import {
  type CallContext,
  ConflictError,
  DuplicateError,
  definePlugin,
  RapportError,
  tenantIsolationSql,
  toRapportError,
} from '@rapport/core/plugin';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const things = definePlugin({
  name: 'things',
  version: '1.0.0',
  migrations: [
    {
      name: '0001_things',
      up: `create table things_thing (
             tenant_id uuid not null references core_tenant (id),
             id uuid not null,
             code text not null,
             parent_id uuid,
             primary key (tenant_id, id),
             constraint things_thing_code_key unique (tenant_id, code),
             foreign key (tenant_id, parent_id) references things_thing (tenant_id, id)
           );
           ${tenantIsolationSql('things_thing')}`,
    },
  ],
});

describe('database errors', () => {
  let env: TestCrm<[typeof things]>;
  let ctx: CallContext;
  const insert = (id: string, code: string, parentId: string | null = null) =>
    env.crm.transaction(ctx, (tx) =>
      tx.sql('insert into things_thing (tenant_id, id, code, parent_id) values ($1, $2, $3, $4)', [
        tx.tenantId,
        id,
        code,
        parentId,
      ]),
    );

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [things] });
    const tenant = await env.crm.services.tenants.create({ name: 'Acme' });
    ctx = env.crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'test' } });
    await insert('0190a000-0000-7000-8000-000000000001', 'A-1');
  });
  afterAll(() => env?.close());

  it('maps a unique violation to DUPLICATE naming the key fields read from the catalog', async () => {
    const error = await insert('0190a000-0000-7000-8000-000000000002', 'A-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateError);
    expect(error).toMatchObject({
      code: 'DUPLICATE',
      fields: ['tenant_id', 'code'],
      details: { table: 'things_thing', constraint: 'things_thing_code_key', fields: ['tenant_id', 'code'] },
    });
    expect((error as Error).message).toContain('same code');
  });

  it('maps a foreign-key violation to a CONFLICT that is not retryable', async () => {
    const error = await insert(
      '0190a000-0000-7000-8000-000000000003',
      'A-3',
      '0190a000-0000-7000-8000-0000000000ff',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'CONFLICT', retryable: false, details: { table: 'things_thing' } });
  });

  it('maps a lock timeout to a retryable CONFLICT', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    const holder = env.crm.transaction(ctx, async (tx) => {
      await tx.sql('select 1 from things_thing where tenant_id = $1 for update', [tx.tenantId]);
      locked();
      await held;
    });
    await isLocked;
    const error = await env.crm
      .transaction(ctx, async (tx) => {
        await tx.sql(`set local lock_timeout = '50ms'`);
        await tx.sql('select 1 from things_thing where tenant_id = $1 for update', [tx.tenantId]);
      })
      .catch((e: unknown) => e);
    release();
    await holder;
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'CONFLICT', retryable: true, details: { retryable: true } });
  });

  it('leaves errors that are not database errors unchanged', async () => {
    const thrown = new Error('boom');
    const error = await env.crm
      .transaction(ctx, async () => {
        throw thrown;
      })
      .catch((e: unknown) => e);
    expect(error).toBe(thrown);
  });

  it('turns any error into a RapportError for adapters', () => {
    const rapport = new RapportError('NOT_FOUND', 'gone');
    expect(toRapportError(rapport)).toBe(rapport);
    expect(toRapportError({ code: '40P01', message: 'deadlock detected' })).toMatchObject({
      code: 'CONFLICT',
      retryable: true,
    });
    expect(
      toRapportError({ code: '23505', detail: 'Key (tenant_id, email)=(a, b) already exists.' }),
    ).toMatchObject({ code: 'DUPLICATE', fields: ['tenant_id', 'email'] });
    expect(toRapportError(new Error('boom'))).toMatchObject({
      code: 'INTERNAL',
      message: 'Unexpected failure: boom',
    });
  });
});
