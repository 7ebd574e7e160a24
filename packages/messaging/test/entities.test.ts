import { expectNoSchemaDrift } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagingTestCrm, type Outbox } from './fixture.js';

describe('messaging entities', () => {
  const outbox: Outbox = { sent: [], closed: 0 };
  let env: Awaited<ReturnType<typeof messagingTestCrm>>;
  beforeAll(async () => {
    env = await messagingTestCrm(outbox);
  });
  afterAll(() => env?.close());

  it('agree with the messaging migrations (no schema drift)', async () => {
    await expectNoSchemaDrift(env.crm);
  });

  it('make the messaging tables queryable through tx.db', async () => {
    const rows = await env.crm.transaction(env.ctx, (tx) =>
      tx.db.selectFrom('Mailing').select(['id', 'status']).where('tenantId', '=', tx.tenantId).execute(),
    );
    expect(rows).toEqual([]);
  });
});
