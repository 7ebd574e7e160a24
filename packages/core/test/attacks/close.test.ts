import { type CallContext, ClosedError, RapportError } from '@rapport/core';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterEach, describe, expect, it } from 'vitest';

// Attack: `crm.close()` with commands in flight hung, and the in-flight calls failed with raw
// TypeErrors from the pool, with unhandled promise rejections.
describe('attacks: crm.close() with calls in flight', () => {
  let env: TestCrm<[]> | undefined;
  afterEach(() => env?.close());

  const setUp = async (closeTimeoutMs?: number) => {
    env = await createTestCrm(closeTimeoutMs === undefined ? {} : { closeTimeoutMs });
    const tenant = await env.crm.services.tenants.create({ name: 'Acme' });
    const ctx = env.crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'test' } });
    return { crm: env.crm, ctx };
  };

  it('resolves while 10 creates run; each settles with success or a RapportError; nothing is unhandled', async () => {
    const { crm, ctx } = await setUp();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const calls = Array.from({ length: 10 }, (_, i) =>
        crm.services.parties.create(ctx, { kind: 'person', givenName: `P${i}`, familyName: 'Inflight' }),
      );
      await crm.close();
      const results = await Promise.allSettled(calls);
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(RapportError);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('refuses new calls after close() with a ClosedError', async () => {
    const { crm, ctx } = await setUp();
    await crm.close();
    await expect(
      crm.services.parties.create(ctx, { kind: 'person', givenName: 'Late' }),
    ).rejects.toBeInstanceOf(ClosedError);
  });

  it('rolls back a call still running after closeTimeoutMs; it ends with a ClosedError and wrote nothing', async () => {
    const { crm, ctx } = await setUp(200);
    let started!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const slow = crm.transaction(ctx as CallContext, async (tx) => {
      await crm.services.parties.create(tx, { kind: 'person', givenName: 'Never', familyName: 'Committed' });
      started();
      await tx.sql('select pg_sleep(30)');
      return 'committed';
    });
    const settled = slow.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    await running;
    await crm.close();
    const outcome = await settled;
    expect(outcome).toMatchObject({ error: expect.any(ClosedError) });
    const rows = await env!.database.adminQuery(`select 1 from core_party where family_name = 'Committed'`);
    expect(rows).toEqual([]);
  });
});
