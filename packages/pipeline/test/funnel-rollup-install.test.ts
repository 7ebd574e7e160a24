import type { SqlRunner } from '@rapport/core/plugin';
import type { TestCrm } from '@rapport/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { pipelinePlugin } from '../src/index.js';
import { funnelRollupMigration } from '../src/migrations/0003-funnel-rollup.js';
import { day } from './analytics-data.js';
import { adminSql, type PipelineFixture, pipelineTestCrm, seedPipeline } from './fixture.js';
import { comparable, seedVariedDeals } from './funnel-rollup-data.js';

const UNDO_0003 = `
drop function pipeline_funnel_refresh(uuid, uuid);
drop function pipeline_funnel_refresh_deals(uuid, uuid[]);
drop function pipeline_funnel_pipeline_facts(uuid, uuid);
drop function pipeline_funnel_deal_facts(uuid, uuid[]);
drop table pipeline_funnel_reason_rollup, pipeline_funnel_rollup, pipeline_funnel_fact;`;

describe('the funnel rollup at install', () => {
  let env: TestCrm<[typeof pipelinePlugin]>;
  let f: PipelineFixture;

  const rollupRows = () =>
    adminSql(
      env.database.adminUrl,
      `select concat_ws('|', pipeline_id, entry_day, prev_day, stage_id, currency, deals, open_deals, won_deals,
         lost_deals, moved_out, won_amount, entered, reached_next, reached_won, closed_after, ongoing, lost, amount,
         base_seconds) as row
       from pipeline_funnel_rollup where entered <> 0
       union all
       select concat_ws('|', pipeline_id, entry_day, prev_day, stage_id, currency, reason, losses)
       from pipeline_funnel_reason_rollup where losses <> 0
       order by 1`,
    );

  beforeAll(async () => {
    env = await pipelineTestCrm();
    f = await seedPipeline(env.crm);
    await seedVariedDeals(f, env.database.adminUrl, 15, 7);
  });
  afterAll(() => env?.close());

  it('backfills an existing tenant’s facts and rollup from the stage history, as the incremental maintenance keeps them', async () => {
    const incremental = await rollupRows();
    expect(incremental.length).toBeGreaterThan(0);
    // Back to the schema before 0003, with the history in place, then the migration as `migrate()` runs it (as the app role, row-level security on).
    const client = new pg.Client({ connectionString: env.database.url });
    await client.connect();
    try {
      await client.query('begin');
      await client.query(UNDO_0003);
      const sql: SqlRunner = async (text, values) =>
        (await client.query(text, values as unknown[])).rows as never;
      if (typeof funnelRollupMigration.up === 'string') await sql(funnelRollupMigration.up);
      else await funnelRollupMigration.up({ sql });
      await client.query('commit');
    } finally {
      await client.end();
    }
    expect(await rollupRows()).toEqual(incremental);
    const query = { pipelineId: f.pipeline.id, from: day(0), to: day(60) };
    const rollup = await env.crm.services.funnel.compute(f.system, { ...query, source: 'rollup' });
    const history = await env.crm.services.funnel.compute(f.system, { ...query, source: 'history' });
    expect(rollup.totals.deals).toBe(15);
    expect(comparable(rollup)).toEqual(comparable(history));
  });
});
