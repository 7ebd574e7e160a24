import type { CallContext } from '@rapport/core';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

describe('tx.afterRollback', () => {
  let env: TestCrm<[]>;
  let ctx: CallContext;

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [] });
    const tenant = await env.crm.services.tenants.create({ name: 'Acme' });
    ctx = env.crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'test' } });
  });
  afterAll(() => env?.close());

  it('runs the callbacks of a transaction that rolled back, after it ended, in order', async () => {
    const calls: string[] = [];
    await expect(
      env.crm.transaction(ctx, async (tx) => {
        tx.afterRollback(() => void calls.push('first'));
        tx.afterRollback(async () => void calls.push('second'));
        calls.push('work');
        throw new Error('failed');
      }),
    ).rejects.toThrow('failed');
    expect(calls).toEqual(['work', 'first', 'second']);
  });

  it('runs them for a joined call too, when the outermost transaction rolls back', async () => {
    const calls: string[] = [];
    await expect(
      env.crm.transaction(ctx, async (outer) => {
        await env.crm.transaction(outer, async (inner) => {
          inner.afterRollback(() => void calls.push('inner'));
        });
        throw new Error('outer failed');
      }),
    ).rejects.toThrow('outer failed');
    expect(calls).toEqual(['inner']);
  });

  it('does not run them after a commit, and a failing callback leaves the call’s own error', async () => {
    const calls: string[] = [];
    await env.crm.transaction(ctx, async (tx) => {
      tx.afterRollback(() => void calls.push('never'));
    });
    expect(calls).toEqual([]);
    await expect(
      env.crm.transaction(ctx, async (tx) => {
        tx.afterRollback(() => {
          throw new Error('cleanup failed');
        });
        throw new Error('the real error');
      }),
    ).rejects.toThrow('the real error');
  });
});
