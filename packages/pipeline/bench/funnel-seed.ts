import { beginSeed, seedStaff } from '@rapport/testing/bench';
import type pg from 'pg';

/** Sizes of a seeded pipeline world. */
export interface FunnelSeedSize {
  deals: number;
  owners: number;
  departments: number;
  customers: number;
}

/** What {@link seedFunnelWorld} created: ids the benchmark queries with. */
export interface FunnelWorld {
  pipelineIds: string[];
  /** The largest pipeline (half of the deals). */
  mainPipelineId: string;
  ownerIds: string[];
  departmentIds: string[];
  deals: number;
  stageChanges: number;
}

const PIPELINES = [
  // name, share of the deals, open stages (then Won, Lost)
  ['New business', 0.5, ['Lead', 'Qualified', 'Demo', 'Proposal', 'Negotiation']],
  ['Renewals', 0.25, ['Due', 'Contacted', 'Offer', 'Agreed']],
  ['Partners', 0.15, ['Lead', 'Vetting', 'Contract', 'Onboarding']],
  ['Enterprise', 0.1, ['Discovery', 'Pilot', 'Business case', 'Procurement', 'Legal']],
] as const;

/**
 * Seeds a tenant's sales organisation and deal history with set-based statements on `client` (the app
 * role, inside one transaction with the tenant set): departments, employees, customers, four pipelines,
 * `deals` deals over the last three years with ~5 stage changes each. Skew: pipeline shares 50/25/15/10 %,
 * owners drawn with a power law, ~20 % won, ~30 % lost, the rest open; half of the deals go back a stage
 * once or twice; currencies EUR 80 %, USD 15 %, GBP 5 %.
 */
export async function seedFunnelWorld(
  client: pg.Client,
  tenantId: string,
  size: FunnelSeedSize,
): Promise<FunnelWorld> {
  const q = await beginSeed(client, tenantId, { seed: 0.42, verbose: process.env.BENCH_VERBOSE === '1' });
  const { departmentIds, employeeIds: ownerIds } = await seedStaff(client, tenantId, {
    departments: size.departments,
    employees: size.owners,
  });
  await q(
    `create temp table bench_customer on commit drop as
     select row_number() over () as n, id, owner from (
       select core_uuidv7() as id, ($2::uuid[])[1 + (g % cardinality($2::uuid[]))] as owner from generate_series(1, $1) g) x`,
    [size.customers, ownerIds],
  );
  await q(
    `insert into core_party (tenant_id, id, kind, display_name, lifecycle, owner_id)
     select $1, id, 'organization', 'Customer ' || n, 'customer', owner from bench_customer`,
    [tenantId],
  );
  const pipelineIds: string[] = [];
  for (const [i, [name, , stages]] of PIPELINES.entries()) {
    const [p] = await q<{ id: string }>(
      `insert into pipeline_pipeline (tenant_id, id, name, currency, position) values ($1, core_uuidv7(), $2, 'EUR', $3) returning id`,
      [tenantId, name, i],
    );
    pipelineIds.push(p!.id);
    await q(
      `insert into pipeline_stage (tenant_id, id, pipeline_id, name, position, probability, outcome, rotting_days)
       select $1::uuid, core_uuidv7(), $2::uuid, s.name, s.pos - 1, round(s.pos::numeric / (cardinality($3::text[]) + 1), 2), 'open', 14 + 7 * s.pos
       from unnest($3::text[]) with ordinality as s(name, pos)
       union all select $1::uuid, core_uuidv7(), $2::uuid, 'Won', cardinality($3::text[]), 1, 'won', null
       union all select $1::uuid, core_uuidv7(), $2::uuid, 'Lost', cardinality($3::text[]) + 1, 0, 'lost', null`,
      [tenantId, p!.id, stages],
    );
  }
  // One row per deal: its pipeline, owner, customer, timing and path through the stages.
  await q(
    `create temp table bench_plan on commit drop as
     with base as (
       select g, random() as rp, random() as ro, random() as rm, random() as rr, random() as rc, random() as ra,
              random() as rt, random() as rs, random() as rx
       from generate_series(1, $1) g
     ), placed as (
       select b.*, case when rp < 0.5 then 1 when rp < 0.75 then 2 when rp < 0.9 then 3 else 4 end as pidx,
              case when ro < 0.2 then 'won' when ro < 0.5 then 'lost' else 'open' end as outcome,
              now() - interval '3 years' * rt as created_at
       from base b
     ), sized as (
       select p.*, (select count(*) from pipeline_stage s where s.pipeline_id = ($2::uuid[])[p.pidx] and s.outcome = 'open')::int as nopen
       from placed p
     )
     select g, core_uuidv7() as deal_id, ($2::uuid[])[pidx] as pipeline_id, outcome, created_at,
       case when outcome = 'won' then nopen else 1 + floor(rm * nopen)::int end as m,
       case when rr < 0.35 then 1 when rr < 0.5 then 2 else 0 end as r,
       ($3::uuid[])[1 + floor(cardinality($3::uuid[]) * power(rx, 1.6))::int] as owner_id,
       1 + floor(rc * $4)::int as customer_n,
       round((1000 + 99000 * power(ra, 2))::numeric, 2) as amount,
       case when rs < 0.8 then 'EUR' when rs < 0.95 then 'USD' else 'GBP' end as currency,
       least(now() - created_at, interval '1 day' * (20 + 160 * rs)) as span
     from sized`,
    [size.deals, pipelineIds, ownerIds, size.customers],
  );
  // Regressions need a stage to go back to: only deals that reached the second stage regress.
  await q(`update bench_plan set r = 0 where m < 2`);
  await q(`alter table bench_plan add column steps int, add column k int`);
  await q(
    `update bench_plan set steps = m + 2 * r + (outcome <> 'open')::int,
       k = case when r > 0 then 1 + (g % (m - 1)) else 0 end`,
  );
  await q(`create temp table bench_stage on commit drop as
     select pipeline_id, id, position, outcome from pipeline_stage`);
  await q(
    `create temp table bench_step on commit drop as
     select p.g, i, p.pipeline_id,
       case when i = p.steps - 1 and p.outcome <> 'open' then null
            when i <= p.k then i when i <= p.k + 2 * p.r then case when (i - p.k) % 2 = 1 then p.k - 1 else p.k end
            else i - 2 * p.r end as pos,
       case when i = p.steps - 1 and p.outcome <> 'open' then p.outcome else 'open' end as outcome,
       p.created_at + p.span * (i::float8 / greatest(p.steps - 1, 1)) as at
     from bench_plan p cross join lateral generate_series(0, p.steps - 1) i`,
  );
  await q(
    `create temp table bench_path on commit drop as
     select st.g, st.i, s.id as stage_id, st.at, core_uuidv7() as id,
       lag(s.id) over (partition by st.g order by st.i) as from_stage_id,
       st.i = max(st.i) over (partition by st.g) as last
     from bench_step st join bench_stage s on s.pipeline_id = st.pipeline_id
       and ((st.outcome = 'open' and s.outcome = 'open' and s.position = st.pos) or (st.outcome <> 'open' and s.outcome = st.outcome))`,
  );
  await q(
    `insert into pipeline_deal (tenant_id, id, pipeline_id, stage_id, title, customer_id, owner_id, team_id, amount, currency,
       expected_close_on, source, status, closed_at, close_reason, stage_entered_at, last_activity_at, created_at, updated_at)
     select $1, p.deal_id, p.pipeline_id, l.stage_id, 'Deal ' || p.g, c.id, p.owner_id, null, p.amount, p.currency,
       (p.created_at + p.span + interval '1 day' * (p.g % 90))::date,
       (array['web', 'referral', 'event', 'outbound'])[1 + p.g % 4], p.outcome,
       case when p.outcome <> 'open' then l.at end,
       case when p.outcome = 'lost' then (array['price', 'price', 'competitor', 'no budget', 'timing'])[1 + p.g % 5]
            when p.outcome = 'won' then 'signed' end,
       l.at, l.at - interval '1 day' * (p.g % 40), p.created_at, l.at
     from bench_plan p
     join bench_path l on l.g = p.g and l.last
     join bench_customer c on c.n = p.customer_n`,
    [tenantId],
  );
  const [changes] = await q<{ n: number }>(
    `with ins as (
       insert into pipeline_stage_change (tenant_id, id, deal_id, pipeline_id, from_stage_id, to_stage_id, changed_at, employee_id, actor, reason)
       select $1, l.id, p.deal_id, p.pipeline_id, l.from_stage_id, l.stage_id, l.at, p.owner_id, '{"kind":"system","name":"bench"}',
         case when l.last and p.outcome = 'lost' then (array['price', 'price', 'competitor', 'no budget', 'timing'])[1 + p.g % 5] end
       from bench_path l join bench_plan p on p.g = l.g
       returning 1)
     select count(*)::int as n from ins`,
    [tenantId],
  );
  await q('commit');
  return {
    pipelineIds,
    mainPipelineId: pipelineIds[0]!,
    ownerIds,
    departmentIds,
    deals: size.deals,
    stageChanges: changes!.n,
  };
}
