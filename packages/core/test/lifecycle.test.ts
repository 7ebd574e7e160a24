import { createTestCrm } from '@rapport/testing';
import { describe, expect, it } from 'vitest';
import { notesPlugin } from './fixtures/notes-plugin.js';

describe('lifecycle', () => {
  it('close() is idempotent and further calls fail with a typed error', async () => {
    const env = await createTestCrm({ plugins: [notesPlugin] });
    const tenant = await env.crm.services.tenants.create({ name: 'Closing' });
    await env.crm.close();
    await env.crm.close();
    await expect(
      env.crm.transaction(
        env.crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 't' } }),
        async (tx) => tx.enqueue('notes.created', { noteId: tenant.id }),
      ),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE', name: 'ClosedError' });
    await expect(env.crm.migrate()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await env.close();
  });

  it('two CRM instances in one process share no state', async () => {
    const one = await createTestCrm({ plugins: [notesPlugin] });
    const two = await createTestCrm({ plugins: [notesPlugin.configure({ maxLength: 5 })] });
    try {
      await one.crm.migrate();
      await two.crm.migrate();
      // Identity checks by hand: when the objects differ, `not.toBe` deep-compares them (two whole containers, ORM
      // metadata included), which takes minutes now that every table has an entity.
      expect(one.crm.container === two.crm.container).toBe(false);
      expect(one.crm.hooks === two.crm.hooks).toBe(false);
      expect(one.crm.services.notes === two.crm.services.notes).toBe(false);
      const seen: string[] = [];
      one.crm.hooks.noteCreated.tapPromise('only-one', async (note) => void seen.push(note.text));
      const t1 = await one.crm.services.tenants.create({ name: 'One' });
      const t2 = await two.crm.services.tenants.create({ name: 'Two' });
      const actor = { kind: 'system', name: 't' } as const;
      await one.crm.services.notes.create(one.crm.context({ tenantId: t1.id, actor }), {
        text: 'long enough',
      });
      await two.crm.services.notes.create(two.crm.context({ tenantId: t2.id, actor }), { text: 'short' });
      // Options are per instance: the second CRM's limit of 5 does not apply to the first.
      await expect(
        two.crm.services.notes.create(two.crm.context({ tenantId: t2.id, actor }), { text: 'too long' }),
      ).rejects.toMatchObject({ code: 'VETOED' });
      expect(seen).toEqual(['long enough']);
      expect((await one.crm.services.tenants.list()).map((t) => t.name)).toEqual(['One']);
      expect((await two.crm.services.tenants.list()).map((t) => t.name)).toEqual(['Two']);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
