import { createCrm, definePlugin, type TxContext } from '@rapport/core/plugin';
import { describe, expectTypeOf, it } from 'vitest';
import { type NoteService, notesPlugin } from './fixtures/notes-plugin.js';

describe('typed hook maps', () => {
  it('types taps of core and plugin hooks by their payloads', () => {
    definePlugin({
      name: 'typed',
      version: '1.0.0',
      setup(api) {
        api.tap('tenantCreated', async (tenant, tx) => {
          expectTypeOf(tenant.name).toEqualTypeOf<string>();
          expectTypeOf(tx).toEqualTypeOf<TxContext>();
        });
        api.tap('beforeNoteCreate', async (input) => ({ text: input.text.trim() }));
        // @ts-expect-error a waterfall tap must return the payload type
        api.tap('beforeNoteCreate', async () => 42);
        // @ts-expect-error the payload of tenantCreated has no `amount`
        api.tap('tenantCreated', async (tenant) => void tenant.amount);
        // @ts-expect-error no such hook
        api.tap('noSuchHook', async () => undefined);
        api.hooks.noteCreated.tapPromise('typed', async (note) => {
          expectTypeOf(note).toEqualTypeOf<{ id: string; text: string }>();
        });
        // @ts-expect-error the tap's parameter type does not match the payload
        api.hooks.noteCreated.tapPromise('typed', async (note: { id: number }) => void note);
      },
    });
  });

  it('types crm.services by the installed plugins', async () => {
    const crm = await createCrm({ database: { url: 'postgres://x' }, plugins: [notesPlugin] });
    expectTypeOf(crm.services.notes).toEqualTypeOf<NoteService>();
    expectTypeOf(crm.services.tenants.create).toBeFunction();
    // @ts-expect-error pipeline is not installed
    void crm.services.deals;
  });
});
