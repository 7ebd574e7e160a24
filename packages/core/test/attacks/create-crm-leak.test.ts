import { createCrm, definePlugin } from '@rapport/core/plugin';
import { adminQuery, createTestDatabase, type TestDatabase } from '@rapport/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Attack: a createCrm that failed half-way (a schedule or queue pg-boss refuses after it started)
// left the job queue's connections open, 4 per attempt.
const badQueue = definePlugin({
  name: 'bad-queue',
  version: '1.0.0',
  // pg-boss refuses a negative retry limit when the queue is created: after the queue has started.
  jobs: { 'bad.job': { retry: { limit: -1 }, handle: async () => undefined } },
});

describe('attacks: a failed createCrm leaks no connection', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  const connections = async () => {
    const [row] = await adminQuery<{ n: number }>(
      'select count(*)::int as n from pg_stat_activity where datname = $1',
      [db.name],
    );
    return row!.n;
  };

  it('closes the job queue and the ORM after each of 5 failed attempts', async () => {
    const before = await connections();
    for (let i = 0; i < 5; i++) {
      await expect(
        createCrm({ database: { url: db.url }, plugins: [badQueue], jobs: { workers: false } }),
      ).rejects.toThrow('retryLimit');
    }
    // A closed connection's backend leaves pg_stat_activity a moment after the client hangs up:
    // give it up to 5 s to get back to the count before (a leak keeps 4 per attempt for good).
    let after = await connections();
    for (const deadline = Date.now() + 5_000; after !== before && Date.now() < deadline; ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await connections();
    }
    expect(after).toBe(before);
  });
});
