import { definePlugin, RapportError } from '@rapport/core/plugin';
import { createTestCrm } from '@rapport/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { visitNotesPlugin } from '../src/index.js';

const actor = { kind: 'system', name: 'seeding-test' } as const;

describe('the tenantCreated tap', () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterAll(() => Promise.all(opened.map((env) => env.close())));

  it('gives a new tenant the default topics in the transaction that creates it', async () => {
    const env = await createTestCrm({ plugins: [visitNotesPlugin] });
    opened.push(env);
    const tenant = await env.crm.services.tenants.create({ name: 'Acme' });
    const topics = await env.crm.services.visitNotes.topics(env.crm.context({ tenantId: tenant.id, actor }));
    expect(topics).toEqual(['Complaint', 'General', 'Order']);
  });

  it('seeds the topics given in the options instead', async () => {
    const env = await createTestCrm({
      plugins: [visitNotesPlugin.configure({ defaultTopics: ['Demo', 'Repair'] })],
    });
    opened.push(env);
    const tenant = await env.crm.services.tenants.create({ name: 'Initech' });
    const topics = await env.crm.services.visitNotes.topics(env.crm.context({ tenantId: tenant.id, actor }));
    expect(topics).toEqual(['Demo', 'Repair']);
  });

  it('leaves neither the tenant nor its topics behind when a later tap fails', async () => {
    const failing = definePlugin({
      name: 'failing-after-seed',
      version: '1.0.0',
      dependencies: { 'visit-notes': '^1.0.0' },
      setup(api) {
        api.tap('tenantCreated', async () => {
          throw new RapportError('CONFLICT', 'refused by test');
        });
      },
    });
    const env = await createTestCrm({ plugins: [visitNotesPlugin, failing] });
    opened.push(env);
    await expect(env.crm.services.tenants.create({ name: 'Ghost' })).rejects.toThrow('refused by test');
    expect(await env.crm.services.tenants.list()).toEqual([]);
    // As administrator: the app role cannot see other tenants' rows, so only this shows what is left.
    expect(await env.database.adminQuery('select 1 from visit_notes_topic')).toEqual([]);
  });
});
