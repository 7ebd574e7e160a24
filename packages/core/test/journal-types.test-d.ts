import {
  type ActivityTypeMap,
  type CallContext,
  createCrm,
  defineActivityType,
  type JournalService,
  type RecordInput,
} from '@rapport/core/plugin';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import './fixtures/journal-plugin.js';

declare const journal: JournalService;
declare const ctx: CallContext;
const parties = [{ partyId: '01890a5d-ac96-774b-bcce-b302099a8057' }];

describe('typed activity data', () => {
  it('types a plugin activity type from ActivityTypeMap declaration merging', () => {
    expectTypeOf<ActivityTypeMap['myplugin.thing']>().toEqualTypeOf<{
      size: number;
      colour?: 'red' | 'blue';
    }>();
    expectTypeOf<RecordInput<'myplugin.thing'>['data']>().toEqualTypeOf<
      { size: number; colour?: 'red' | 'blue' } | undefined
    >();
    void journal.record(ctx, { type: 'myplugin.thing', parties, data: { size: 3, colour: 'blue' } });
  });

  it('refuses a wrong data shape for a plugin activity type', () => {
    // @ts-expect-error size must be a number
    void journal.record(ctx, { type: 'myplugin.thing', parties, data: { size: 'big' } });
    // @ts-expect-error colour is 'red' or 'blue'
    void journal.record(ctx, { type: 'myplugin.thing', parties, data: { size: 1, colour: 'green' } });
    // @ts-expect-error size is required
    void journal.record(ctx, { type: 'myplugin.thing', parties, data: { colour: 'red' } });
  });

  it('types the data of core activity types', () => {
    void journal.record(ctx, {
      type: 'sale',
      parties,
      amount: '1.00',
      currency: 'EUR',
      data: { invoiceNumber: 'A' },
    });
    // @ts-expect-error a task's title is a string
    void journal.record(ctx, { type: 'task', parties, data: { title: 1 } });
    // @ts-expect-error an event's kind is one of the listed kinds
    void journal.record(ctx, { type: 'event', parties, data: { kind: 'party', name: 'x' } });
  });

  it('types recordMany inputs per entry', () => {
    void journal.recordMany(ctx, [{ type: 'visit', parties, data: { address: 'here' } }]);
    expectTypeOf(journal.recordMany).parameter(1).toEqualTypeOf<ReadonlyArray<RecordInput>>();
  });

  it('ties a type definition’s schema to its data type', () => {
    defineActivityType({ key: 'myplugin.thing', label: 'Thing', schema: z.object({ size: z.number() }) });
    // @ts-expect-error the schema's output does not match ActivityTypeMap['myplugin.thing']
    defineActivityType({ key: 'myplugin.thing', label: 'Thing', schema: z.object({ size: z.string() }) });
    // @ts-expect-error a key must be declared in ActivityTypeMap first
    defineActivityType({ key: 'myplugin.undeclared', label: 'Nope', schema: z.object({}) });
  });

  it('types the journal services of a CRM', async () => {
    const crm = await createCrm({ database: { url: 'postgres://x' } });
    expectTypeOf(crm.services.journal).toEqualTypeOf<JournalService>();
    expectTypeOf(crm.services.journal.record<'myplugin.thing'>)
      .parameter(1)
      .toHaveProperty('data')
      .toEqualTypeOf<{ size: number; colour?: 'red' | 'blue' } | undefined>();
  });
});
