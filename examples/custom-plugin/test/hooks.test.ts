import { type CallContext, definePlugin, type TxContext, VetoError } from '@rapport/core/plugin';
import { createTestCrm, type TestCrm } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { type VisitNoteRecord, visitNotesPlugin } from '../src/index.js';
import { countAllRows } from './admin-count.js';

/** What the listening plugin saw, for assertions. */
const seen: Array<{ note: VisitNoteRecord; tenantId: string }> = [];

/** Another plugin tapping visit-notes' own hooks, exactly as a third party would. */
const listener = definePlugin({
  name: 'visit-listener',
  version: '1.0.0',
  dependencies: { 'visit-notes': '^1.0.0' },
  setup(api) {
    api.tap('beforeVisitNoteRecord', async (input) => {
      if (input.body.includes('forbidden')) throw new VetoError('Notes may not say "forbidden"');
      return { ...input, customer: input.customer.toUpperCase() };
    });
    api.tap('visitNoteRecorded', async (note, tx) => {
      expectTypeOf(note).toEqualTypeOf<VisitNoteRecord>();
      expectTypeOf(tx).toEqualTypeOf<TxContext>();
      seen.push({ note, tenantId: tx.tenantId });
    });
  },
});

describe("visit-notes' own hooks", () => {
  let env: TestCrm<[typeof visitNotesPlugin, typeof listener]>;
  let ctx: CallContext;

  beforeAll(async () => {
    env = await createTestCrm({ plugins: [visitNotesPlugin, listener] });
    const tenant = await env.crm.services.tenants.create({ name: 'Acme' });
    ctx = env.crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'test' } });
  });
  afterAll(() => env?.close());

  it('hands visitNoteRecorded taps the typed note, inside the command transaction', async () => {
    const note = await env.crm.services.visitNotes.record(ctx, {
      customer: 'globex',
      topic: 'Order',
      body: 'Wants 20',
    });
    expect(seen.at(-1)).toEqual({ note, tenantId: ctx.tenantId });
    expect(note).toMatchObject({ customer: 'GLOBEX', topic: 'Order', body: 'Wants 20', followUp: false });
  });

  it('lets a beforeVisitNoteRecord tap transform the input', async () => {
    const note = await env.crm.services.visitNotes.record(ctx, {
      customer: 'initech',
      topic: 'General',
      body: 'Hi',
    });
    expect(note.customer).toBe('INITECH');
  });

  it('rolls the whole command back when a tap vetoes: no note, no job', async () => {
    const notesBefore = await countAllRows(env.database.adminUrl, 'visit_notes_note');
    await expect(
      env.crm.services.visitNotes.record(ctx, {
        customer: 'x',
        topic: 'General',
        body: 'forbidden',
        followUp: true,
      }),
    ).rejects.toMatchObject({ code: 'VETOED' });
    expect(await countAllRows(env.database.adminUrl, 'visit_notes_note')).toBe(notesBefore);
    expect(await env.crm.listJobs('visit-notes.follow-up')).toEqual([]);
  });

  it('types taps of its hooks for every plugin', () => {
    definePlugin({
      name: 'typed',
      version: '1.0.0',
      setup(api) {
        // @ts-expect-error a waterfall tap must return the input type
        api.tap('beforeVisitNoteRecord', async () => 'not an input');
        // @ts-expect-error a visit note has no `amount`
        api.tap('visitNoteRecorded', async (note) => void note.amount);
      },
    });
    expectTypeOf(env.crm.hooks.visitNoteRecorded.promise).parameters.toEqualTypeOf<
      [VisitNoteRecord, TxContext]
    >();
  });
});
