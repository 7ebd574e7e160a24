import { type CallContext, RapportError, VetoError } from '@rapport/core';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handledJobs, notesPlugin } from './fixtures/notes-plugin.js';

const vetoes = { next: false, failAfter: false };

describe('a command runs in one transaction', () => {
  let env: TestCrm<[typeof notesPlugin]>;
  let ctx: CallContext;

  beforeAll(async () => {
    // Workers on: this file holds the end-to-end test of a job through pg-boss's worker.
    env = await createTestCrm({
      plugins: [notesPlugin.configure({ maxLength: 20 })],
      jobs: { workers: true },
    });
    env.crm.hooks.beforeNoteCreate.tapPromise('test-transform', async (input) => {
      if (vetoes.next) throw new VetoError('vetoed by test');
      return { text: input.text.trim() };
    });
    env.crm.hooks.noteCreated.tapPromise('test-after', async (_note, tx) => {
      await tx.sql('select 1');
      if (vetoes.failAfter) throw new Error('tap failed after the insert');
    });
    const tenant = await env.crm.services.tenants.create({ name: 'Acme' });
    ctx = env.crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'test' } });
  });
  afterAll(() => env?.close());

  it('lets a waterfall tap transform the input', async () => {
    const note = await env.crm.services.notes.create(ctx, { text: '  padded  ' });
    expect(note.text).toBe('padded');
    expect(await env.crm.services.notes.list(ctx)).toContain('padded');
  });

  it('rolls back everything when a before-tap vetoes: no row, no job', async () => {
    const jobsBefore = (await env.crm.listJobs('notes.created')).length;
    vetoes.next = true;
    await expect(env.crm.services.notes.create(ctx, { text: 'vetoed' })).rejects.toMatchObject({
      code: 'VETOED',
    });
    vetoes.next = false;
    expect(await env.crm.services.notes.list(ctx)).not.toContain('vetoed');
    expect(await env.crm.listJobs('notes.created')).toHaveLength(jobsBefore);
  });

  it('rolls back the row and the enqueued job when a tap after the insert throws', async () => {
    const jobsBefore = (await env.crm.listJobs('notes.created')).length;
    vetoes.failAfter = true;
    await expect(env.crm.services.notes.create(ctx, { text: 'half-written' })).rejects.toThrow('tap failed');
    vetoes.failAfter = false;
    expect(await env.crm.services.notes.list(ctx)).not.toContain('half-written');
    expect(await env.crm.listJobs('notes.created')).toHaveLength(jobsBefore);
  });

  it('enqueues the after-commit job exactly when the command commits, and a worker runs it', async () => {
    const note = await env.crm.services.notes.create(ctx, { text: 'committed' });
    const jobs = await env.crm.listJobs('notes.created');
    expect(jobs.filter((j) => (j.data as { noteId: string }).noteId === note.id)).toHaveLength(1);
    expect(jobs.find((j) => (j.data as { noteId: string }).noteId === note.id)?.tenantId).toBe(ctx.tenantId);
    await expect.poll(() => handledJobs.includes(note.id), { timeout: 15_000, interval: 100 }).toBe(true);
  });

  it('validates a job payload inside the transaction and rolls back on bad data', async () => {
    await expect(
      env.crm.transaction(ctx, async (tx) => {
        await tx.sql(
          `insert into notes_note (id, tenant_id, text) values (gen_random_uuid(), $1, 'orphan')`,
          [tx.tenantId],
        );
        await tx.enqueue('notes.created', { noteId: 'not-a-uuid' });
      }),
    ).rejects.toMatchObject({ code: 'INVALID_DATA', details: { issues: [{ path: 'noteId' }] } });
    expect(await env.crm.services.notes.list(ctx)).not.toContain('orphan');
  });

  it('joins an open transaction instead of opening a second one', async () => {
    await expect(
      env.crm.transaction(ctx, async (tx) => {
        await env.crm.services.notes.create(tx, { text: 'inner' });
        throw new RapportError('CONFLICT', 'outer fails');
      }),
    ).rejects.toThrow('outer fails');
    expect(await env.crm.services.notes.list(ctx)).not.toContain('inner');
  });

  it('refuses a plugin option the plugin limits (the plugin sees its validated options)', async () => {
    await expect(env.crm.services.notes.create(ctx, { text: 'x'.repeat(21) })).rejects.toMatchObject({
      code: 'VETOED',
    });
  });

  it('enqueues many jobs in one statement, and none of them when the transaction rolls back', async () => {
    const before = (await env.crm.listJobs('notes.created')).length;
    const ids = ['0190a9e0-0000-7000-8000-000000000001', '0190a9e0-0000-7000-8000-000000000002'];
    await expect(
      env.crm.transaction(ctx, async (tx) => {
        await tx.enqueueMany(
          'notes.created',
          ids.map((noteId) => ({ noteId })),
        );
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await env.crm.listJobs('notes.created')).toHaveLength(before);
    await env.crm.transaction(ctx, (tx) =>
      tx.enqueueMany(
        'notes.created',
        ids.map((noteId) => ({ noteId })),
      ),
    );
    const jobs = await env.crm.listJobs('notes.created');
    expect(jobs.filter((j) => ids.includes((j.data as { noteId: string }).noteId))).toHaveLength(2);
    await expect(
      env.crm.transaction(ctx, (tx) => tx.enqueueMany('notes.created', [{ noteId: 'bad' }])),
    ).rejects.toMatchObject({ code: 'INVALID_DATA' });
  });
});
