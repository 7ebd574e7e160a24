import { RapportError } from '@rapport/core';
import { createTestCrm } from '@rapport/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { visitNotesPlugin } from '../src/index.js';
import { addCustomer } from './customer.js';

async function creationError(
  options: Parameters<typeof visitNotesPlugin.configure>[0],
): Promise<RapportError> {
  const error = await createTestCrm({ plugins: [visitNotesPlugin.configure(options)] }).then(
    async (env) => {
      await env.close();
      throw new Error('expected createCrm to refuse the options');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RapportError);
  return error as RapportError;
}

describe('visit-notes options', () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterAll(() => Promise.all(opened.map((env) => env.close())));

  it('refuses invalid options as INVALID_DATA naming the plugin and every bad field', async () => {
    const error = await creationError({ maxBodyLength: -5, defaultTopics: [] });
    expect(error.code).toBe('INVALID_DATA');
    expect(error.message).toContain('visit-notes');
    const paths = (error.details.issues as { path: string }[]).map((issue) => issue.path).sort();
    expect(paths).toEqual(['defaultTopics', 'maxBodyLength']);
  });

  it('names the offending item of a list option by its index', async () => {
    const error = await creationError({ defaultTopics: ['General', '  '] });
    expect(error.details.issues).toEqual([expect.objectContaining({ path: 'defaultTopics.1' })]);
  });

  it('applies the validated options to the service', async () => {
    const env = await createTestCrm({ plugins: [visitNotesPlugin.configure({ maxBodyLength: 10 })] });
    opened.push(env);
    const tenant = await env.crm.services.tenants.create({ name: 'Acme' });
    const ctx = env.crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'test' } });
    const customerId = await addCustomer(env.crm, ctx, 'Globex');
    await expect(
      env.crm.services.visitNotes.record(ctx, {
        customerId,
        topic: 'General',
        body: 'far more than ten',
      }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA', details: { issues: [{ path: 'body' }] } });
    await expect(
      env.crm.services.visitNotes.record(ctx, { customerId, topic: 'General', body: 'short' }),
    ).resolves.toMatchObject({ body: 'short' });
  });
});
