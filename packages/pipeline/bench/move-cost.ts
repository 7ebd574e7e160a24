import type { CallContext, Crm } from '@rapport/core';
import { latencyRow } from '@rapport/testing/bench';
import type pg from 'pg';
import type { pipelinePlugin } from '../src/index.js';

const NO_OP = `create or replace function pipeline_funnel_refresh_deals(p_tenant uuid, p_deals uuid[])
  returns void language sql volatile as $fn$ select $fn$`;

/**
 * The cost of the funnel rollup on a stage change: `deals.move` timed with the maintenance (the
 * function of migration 0003) and without it (the function swapped for a no-op, then restored), in
 * alternating blocks over different open deals of the pipeline, each moved one stage on.
 */
export async function moveCost(options: {
  crm: Crm<[typeof pipelinePlugin]>;
  client: pg.Client;
  inTenant: <T>(work: () => Promise<T>) => Promise<T>;
  ctx: CallContext;
  pipelineId: string;
  moves: number;
}): Promise<Array<Record<string, string | number>>> {
  const { crm, client, ctx } = options;
  const targets = await options.inTenant(async () => {
    const result = await client.query<{ id: string; next: string }>(
      `select d.id, s2.id as next from pipeline_deal d
       join pipeline_stage s on s.tenant_id = d.tenant_id and s.id = d.stage_id
       join pipeline_stage s2 on s2.tenant_id = d.tenant_id and s2.pipeline_id = d.pipeline_id
         and s2.position = s.position + 1 and s2.outcome = 'open'
       where d.pipeline_id = $1 and d.status = 'open' order by d.id limit $2`,
      [options.pipelineId, options.moves * 2],
    );
    return result.rows;
  });
  const [{ def }] = (
    await client.query<{ def: string }>(
      `select pg_get_functiondef('pipeline_funnel_refresh_deals(uuid, uuid[])'::regprocedure) as def`,
    )
  ).rows as [{ def: string }];
  const withRollup: number[] = [];
  const without: number[] = [];
  const blocks = 4;
  const per = Math.floor(targets.length / blocks);
  try {
    for (let b = 0; b < blocks; b++) {
      const maintained = b % 2 === 0;
      await client.query(maintained ? def : NO_OP);
      for (const t of targets.slice(b * per, (b + 1) * per)) {
        const t0 = performance.now();
        await crm.services.deals.move(ctx, t.id, { stageId: t.next });
        (maintained ? withRollup : without).push(performance.now() - t0);
      }
    }
  } finally {
    await client.query(def);
  }
  return [
    latencyRow('deals.move without the rollup maintenance (before)', without),
    latencyRow('deals.move with the rollup maintenance (after)', withRollup),
  ];
}
