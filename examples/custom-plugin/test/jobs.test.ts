import type { CallContext } from '@rapport/core';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { visitNotesPlugin } from '../src/index.js';
import { addCustomer } from './customer.js';

describe('the follow-up job', () => {
  let env: TestCrm<[typeof visitNotesPlugin]>;
  let ctx: CallContext;

  beforeAll(async () => {
    // Workers on: this is the end-to-end test of the follow-up job through pg-boss's worker. Other
    // tests would leave them off (createTestCrm's default) and run jobs with drainJobs(crm).
    env = await createTestCrm({ plugins: [visitNotesPlugin], jobs: { workers: true } });
    const tenant = await env.crm.services.tenants.create({ name: 'Acme' });
    ctx = env.crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'test' } });
  });
  afterAll(() => env?.close());

  it('is enqueued once with the note, for its tenant, and a worker follows the note up', async () => {
    const note = await env.crm.services.visitNotes.record(ctx, {
      customerId: await addCustomer(env.crm, ctx, 'Globex'),
      topic: 'Complaint',
      body: 'Delivery was late',
      followUp: true,
    });
    const jobs = await env.crm.listJobs('visit-notes.follow-up');
    expect(jobs).toEqual([expect.objectContaining({ data: { noteId: note.id }, tenantId: ctx.tenantId })]);
    await expect
      .poll(async () => (await env.crm.services.visitNotes.list(ctx))[0]?.followedUpAt, { timeout: 15_000 })
      .toBeInstanceOf(Date);
  });

  it('is not enqueued for a note that needs no follow-up', async () => {
    const before = (await env.crm.listJobs('visit-notes.follow-up')).length;
    const customerId = await addCustomer(env.crm, ctx, 'Initech');
    await env.crm.services.visitNotes.record(ctx, { customerId, topic: 'General', body: 'All fine' });
    expect(await env.crm.listJobs('visit-notes.follow-up')).toHaveLength(before);
  });
});
