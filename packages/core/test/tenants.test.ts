import { VetoError } from '@rapport/core';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('tenants', () => {
  let env: TestCrm<[]>;
  beforeAll(async () => {
    env = await createTestCrm();
    env.crm.hooks.beforeTenantCreate.tapPromise('test', async (input) => {
      if (input.name === 'Forbidden') throw new VetoError('name not allowed');
      return { name: input.name.toUpperCase() };
    });
  });
  afterAll(() => env?.close());

  it('creates a tenant through the before-hook, which may transform the input', async () => {
    const tenant = await env.crm.services.tenants.create({ name: 'acme' });
    expect(tenant.name).toBe('ACME');
    expect(await env.crm.services.tenants.get(tenant.id)).toEqual(tenant);
  });

  it('writes nothing when the before-hook vetoes', async () => {
    const before = await env.crm.services.tenants.list();
    await expect(env.crm.services.tenants.create({ name: 'Forbidden' })).rejects.toMatchObject({
      code: 'VETOED',
    });
    expect(await env.crm.services.tenants.list()).toEqual(before);
  });

  it('rolls back the tenant when a tenantCreated tap fails', async () => {
    env.crm.hooks.tenantCreated.tapPromise('failing-seed', async (tenant) => {
      if (tenant.name === 'SEEDFAIL') throw new Error('seeding failed');
    });
    await expect(env.crm.services.tenants.create({ name: 'seedfail' })).rejects.toThrow('seeding failed');
    expect((await env.crm.services.tenants.list()).map((t) => t.name)).not.toContain('SEEDFAIL');
  });

  it('refuses an empty name as invalid data naming the field', async () => {
    await expect(env.crm.services.tenants.create({ name: '  ' })).rejects.toMatchObject({
      code: 'INVALID_DATA',
      details: { issues: [{ path: 'name' }] },
    });
  });

  it('reports a missing tenant as not found', async () => {
    await expect(env.crm.services.tenants.get('0190a9e0-0000-7000-8000-000000000000')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
