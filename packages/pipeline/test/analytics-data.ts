import type { Deal } from '../src/index.js';
import { adminSql, type PipelineFixture } from './fixture.js';

/** Day 0 of the hand-computed history. */
export const T0 = '2025-03-01T00:00:00Z';
export const DAY = 86_400;

/** The deals of the hand-computed funnel (see the table in analytics-funnel.test.ts). */
export interface FunnelDeals {
  d1: Deal;
  d2: Deal;
  d3: Deal;
  d4: Deal;
  d5: Deal;
  d6: Deal;
}

/**
 * Puts each stage change of a deal at `T0 + days[i]`, in the order the changes were made. The deals
 * API stamps changes with the current time and offers no way to backdate them, so this time-shaped
 * fixture rewrites only `changed_at` of rows the API wrote (as administrator, one statement).
 */
export async function shapeHistory(adminUrl: string, dealId: string, days: number[]): Promise<void> {
  const rows = await adminSql<{ n: number }>(
    adminUrl,
    `with r as (select id, row_number() over (order by changed_at, id) as n from pipeline_stage_change where deal_id = $1)
     update pipeline_stage_change sc set changed_at = $2::timestamptz + ($3::int[])[r.n] * interval '1 day'
     from r where sc.id = r.id returning r.n`,
    [dealId, T0, days],
  );
  if (rows.length !== days.length)
    throw new Error(`deal ${dealId} has ${rows.length} changes, not ${days.length}`);
  await refreshFactsAsAdmin(adminUrl, [dealId]);
}

/**
 * Recomputes the funnel facts and rollups of deals whose history was rewritten behind the API's back
 * (as administrator, with the deals' tenant set for the function's row-level security).
 */
export async function refreshFactsAsAdmin(adminUrl: string, dealIds: string[]): Promise<void> {
  await adminSql(
    adminUrl,
    `select pipeline_funnel_refresh_deals(t.tenant_id, array_agg(d.id))
     from (select distinct tenant_id from pipeline_deal where id = any($1::uuid[])) t
     join pipeline_deal d on d.tenant_id = t.tenant_id and d.id = any($1::uuid[])
     group by t.tenant_id`,
    [dealIds],
  );
}

/**
 * Creates the six deals of the hand-computed funnel through the deals API and shapes their history:
 *
 * | deal | owner | customer | amount   | history (day: stage)                              |
 * |------|-------|----------|----------|---------------------------------------------------|
 * | d1   | alice | globex   | 1000 EUR | 0 Lead, 2 Qualified, 5 Proposal, 9 Won            |
 * | d2   | alice | initech  | 2000 EUR | 0 Lead, 1 Qualified, 4 Lost (price)               |
 * | d3   | bob   | umbrella |  500 USD | 0 Lead, 5 Lost (competitor)                        |
 * | d4   | bob   | umbrella | 3000 EUR | 0 Lead, 1 Qualified, 2 Lead, 3 Qualified, 6 Proposal (open) |
 * | d5   | carol | hooli    |  700 EUR | 0 Lead (open)                                      |
 * | d6   | bob   | umbrella |  400 USD | 20 Lead (open; outside the period [0, 10))         |
 */
export async function seedFunnelDeals(f: PipelineFixture, adminUrl: string): Promise<FunnelDeals> {
  const deals = f.crm.services.deals;
  const { lead, qualified, proposal } = f.stages;
  const create = (ownerId: string, customerId: string, amount: string, currency: string, title: string) =>
    deals.create(f.system, { pipelineId: f.pipeline.id, title, customerId, ownerId, amount, currency });
  const d1 = await create(f.alice.id, f.customers.globex, '1000', 'EUR', 'D1');
  await deals.move(f.system, d1.id, { stageId: qualified.id });
  await deals.move(f.system, d1.id, { stageId: proposal.id });
  await deals.win(f.system, d1.id, { reason: 'signed' });
  const d2 = await create(f.alice.id, f.customers.initech, '2000', 'EUR', 'D2');
  await deals.move(f.system, d2.id, { stageId: qualified.id });
  await deals.lose(f.system, d2.id, { reason: 'price' });
  const d3 = await create(f.bob.id, f.customers.umbrella, '500', 'USD', 'D3');
  await deals.lose(f.system, d3.id, { reason: 'competitor' });
  const d4 = await create(f.bob.id, f.customers.umbrella, '3000', 'EUR', 'D4');
  await deals.move(f.system, d4.id, { stageId: qualified.id });
  await deals.move(f.system, d4.id, { stageId: lead.id });
  await deals.move(f.system, d4.id, { stageId: qualified.id });
  await deals.move(f.system, d4.id, { stageId: proposal.id });
  const d5 = await create(f.carol.id, f.customers.hooli, '700', 'EUR', 'D5');
  const d6 = await create(f.bob.id, f.customers.umbrella, '400', 'USD', 'D6');
  await shapeHistory(adminUrl, d1.id, [0, 2, 5, 9]);
  await shapeHistory(adminUrl, d2.id, [0, 1, 4]);
  await shapeHistory(adminUrl, d3.id, [0, 5]);
  await shapeHistory(adminUrl, d4.id, [0, 1, 2, 3, 6]);
  await shapeHistory(adminUrl, d5.id, [0]);
  await shapeHistory(adminUrl, d6.id, [20]);
  const reread = async (d: Deal) => deals.get(f.system, d.id);
  return {
    d1: await reread(d1),
    d2: await reread(d2),
    d3: await reread(d3),
    d4: await reread(d4),
    d5: await reread(d5),
    d6: await reread(d6),
  };
}

/** `T0 + days` as a Date. */
export function day(days: number): Date {
  return new Date(Date.parse(T0) + days * DAY * 1000);
}
