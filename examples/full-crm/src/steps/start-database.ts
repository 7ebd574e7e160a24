import { startPostgres } from '@rapport/testing';
import type { DemoStep } from '../demo.js';

/**
 * Starts an embedded PostgreSQL, or uses the server of `DATABASE_URL` (an administrator URL, as
 * for the tests), and creates a fresh database owned by an ordinary role so row-level security applies.
 */
export const startDatabase: DemoStep = {
  title: 'Start PostgreSQL',
  async run(demo) {
    const server = await startPostgres({ url: process.env.DATABASE_URL || undefined });
    demo.server = server;
    demo.cleanups.push(() => server.stop());
    const name = `rapport_demo_${Date.now().toString(36)}`;
    demo.databaseUrl = await server.createDatabase(name);
    demo.cleanups.push(() => server.dropDatabase(name));
    const where = new URL(server.adminUrl);
    demo.say(`${server.embedded ? 'embedded PostgreSQL' : 'PostgreSQL from DATABASE_URL'} on ${where.host}`);
    demo.say(`database ${name}, connecting as the ordinary role "${server.appRole.name}"`);
  },
};
