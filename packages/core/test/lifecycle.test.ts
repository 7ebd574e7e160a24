import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase } from '@rapport/testing';
import { describe, expect, it } from 'vitest';
import { notesPlugin } from './fixtures/notes-plugin.js';
import { freshCrm } from './helpers.js';

const coreDir = fileURLToPath(new URL('..', import.meta.url));

describe('lifecycle', () => {
  it('lets the process exit by itself after close(): no connection, worker or timer left', async () => {
    const db = await createTestDatabase();
    // Inside the package, so the script resolves @rapport/core by self-reference.
    await mkdir(join(coreDir, '.tmp'), { recursive: true });
    const dir = await mkdtemp(join(coreDir, '.tmp', 'exit-'));
    const script = join(dir, 'exit.mts');
    await writeFile(
      script,
      `import { createCrm } from '@rapport/core';
       const crm = await createCrm({ database: { url: process.env.URL! } });
       await crm.migrate();
       await crm.services.tenants.create({ name: 'Exit' });
       await crm.close();
       console.log('closed');`,
    );
    try {
      const result = await new Promise<{ code: number | null; out: string; timedOut: boolean }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx/esm', '--conditions=@rapport/source', script],
          {
            cwd: coreDir,
            // The base tsconfig enables the legacy decorators the services use.
            env: {
              ...process.env,
              URL: db.url,
              TSX_TSCONFIG_PATH: join(coreDir, '../../tsconfig.base.json'),
            },
          },
        );
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve({ code: null, out, timedOut: true });
        }, 20_000);
        child.on('exit', (code) => {
          clearTimeout(timer);
          resolve({ code, out, timedOut: false });
        });
      });
      expect(result.timedOut, result.out).toBe(false);
      expect(result.code, result.out).toBe(0);
      expect(result.out).toContain('closed');
    } finally {
      await rm(dir, { recursive: true, force: true });
      await db.drop();
    }
  });

  it('close() is idempotent and further calls fail with a typed error', async () => {
    const env = await freshCrm({ plugins: [notesPlugin] });
    await env.crm.migrate();
    const tenant = await env.crm.services.tenants.create({ name: 'Closing' });
    await env.crm.close();
    await env.crm.close();
    await expect(
      env.crm.transaction(
        env.crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 't' } }),
        async (tx) => tx.enqueue('notes.created', { noteId: tenant.id }),
      ),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(env.crm.migrate()).rejects.toMatchObject({ code: 'CONFLICT' });
    await env.dispose();
  });

  it('two CRM instances in one process share no state', async () => {
    const one = await freshCrm({ plugins: [notesPlugin] });
    const two = await freshCrm({ plugins: [notesPlugin.configure({ maxLength: 5 })] });
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
      await one.dispose();
      await two.dispose();
    }
  });
});
