import { type CallContext, definePlugin, type TxContext, VetoError } from '@rapport/core/plugin';
import { createTestCrm, type TestCrm, type TestDatabase } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { type VisitNoteRecord, visitNotesPlugin } from '../src/index.js';
import { addCustomer } from './customer.js';

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
      return { ...input, topic: input.topic === 'Sales' ? 'Order' : input.topic };
    });
    api.tap('visitNoteRecorded', async (note, tx) => {
      expectTypeOf(note).toEqualTypeOf<VisitNoteRecord>();
      expectTypeOf(tx).toEqualTypeOf<TxContext>();
      seen.push({ note, tenantId: tx.tenantId });
    });
  },
});

/**
 * Counts the notes of every tenant in `database`, as administrator: the app role the CRM uses
 * cannot see other tenants' rows, so only this shows what a rollback really left behind.
 */
async function countAllNotes(database: TestDatabase): Promise<number> {
  const [row] = await database.adminQuery<{ n: number }>('select count(*)::int as n from visit_notes_note');
  return row?.n ?? 0;
}

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
    const customerId = await addCustomer(env.crm, ctx, 'Globex');
    const note = await env.crm.services.visitNotes.record(ctx, {
      customerId,
      topic: 'Order',
      body: 'Wants 20',
    });
    expect(seen.at(-1)).toEqual({ note, tenantId: ctx.tenantId });
    expect(note).toMatchObject({
      customerId,
      authorId: null,
      topic: 'Order',
      body: 'Wants 20',
      followUp: false,
    });
  });

  it('lets a beforeVisitNoteRecord tap transform the input', async () => {
    const note = await env.crm.services.visitNotes.record(ctx, {
      customerId: await addCustomer(env.crm, ctx, 'Initech'),
      topic: 'Sales',
      body: 'Hi',
    });
    expect(note.topic).toBe('Order');
  });

  it('rolls the whole command back when a tap vetoes: no note, no job', async () => {
    const notesBefore = await countAllNotes(env.database);
    await expect(
      env.crm.services.visitNotes.record(ctx, {
        customerId: await addCustomer(env.crm, ctx, 'Vetoed Co'),
        topic: 'General',
        body: 'forbidden',
        followUp: true,
      }),
    ).rejects.toMatchObject({ code: 'VETOED' });
    expect(await countAllNotes(env.database)).toBe(notesBefore);
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
