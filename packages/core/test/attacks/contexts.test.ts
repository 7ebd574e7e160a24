import { type CallContext, RapportError } from '@rapport/core';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Attack: calls made with a context that did not come from `crm.context`, or for a tenant that does
// not exist, surfaced raw driver errors or ran with empty RLS results.
describe('attacks: contexts', () => {
  let env: TestCrm<[]>;
  let tenantId: string;

  beforeAll(async () => {
    env = await createTestCrm();
    tenantId = (await env.crm.services.tenants.create({ name: 'Acme' })).id;
  });
  afterAll(() => env?.close());

  it('refuses a plain object literal as a context with INVALID_DATA on the call context', async () => {
    const forged = { tenantId, actor: { kind: 'system', name: 'forger' } } as CallContext;
    const error = await env.crm.services.parties
      .create(forged, { kind: 'person', givenName: 'Eve' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(RapportError);
    expect(error).toMatchObject({ code: 'INVALID_DATA', message: expect.stringContaining('call context') });
  });

  it('refuses a look-alike transaction context (an object with a `sql` function)', async () => {
    const forged = {
      tenantId,
      actor: { kind: 'system', name: 'x' },
      sql: async () => [],
    } as unknown as CallContext;
    await expect(env.crm.services.customFields.list(forged)).rejects.toMatchObject({ code: 'INVALID_DATA' });
  });

  it('refuses a context for a tenant that does not exist with NOT_FOUND naming the tenant', async () => {
    const ghost = '0190a000-0000-7000-8000-00000000f00d';
    const ctx = env.crm.context({ tenantId: ghost, actor: { kind: 'system', name: 'importer' } });
    await expect(
      env.crm.services.parties.create(ctx, { kind: 'person', givenName: 'Ghost' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { what: 'Tenant', id: ghost, reason: 'TENANT_UNKNOWN' },
    });
    const asEmployee = env.crm.context({
      tenantId: ghost,
      actor: { kind: 'employee', id: '0190a000-0000-7000-8000-00000000aaaa' },
    });
    await expect(env.crm.services.segments.list(asEmployee)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a system actor named with spaces only, naming actor.name', async () => {
    expect(() => env.crm.context({ tenantId, actor: { kind: 'system', name: '   ' } })).toThrow(
      expect.objectContaining({
        code: 'INVALID_DATA',
        details: { issues: [expect.objectContaining({ path: 'actor.name' })] },
      }),
    );
  });
});
