import type { Deal, Funnel, Stage } from '../src/index.js';
import { refreshFactsAsAdmin, T0 } from './analytics-data.js';
import { adminSql, type PipelineFixture } from './fixture.js';

/** A small deterministic generator (mulberry32), so the varied history is the same on every run. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Puts a deal's stage changes, in the order they were made, at `T0 + hours[i]` (as administrator)
 * and refreshes its funnel facts: the API stamps changes with the current time.
 */
export async function shapeHours(adminUrl: string, dealId: string, hours: number[]): Promise<void> {
  await adminSql(
    adminUrl,
    `with r as (select id, row_number() over (order by changed_at, id) as n from pipeline_stage_change where deal_id = $1)
     update pipeline_stage_change sc set changed_at = $2::timestamptz + ($3::float8[])[r.n] * interval '1 hour'
     from r where sc.id = r.id`,
    [dealId, T0, hours],
  );
  await refreshFactsAsAdmin(adminUrl, [dealId]);
}

/**
 * Moves a deal to another pipeline's stage at `T0 + hours`, as an import would (the API keeps deals in
 * their pipeline): one stage change from its current stage and the deal row, then its facts.
 */
export async function moveAcross(adminUrl: string, deal: Deal, to: Stage, hours: number): Promise<void> {
  await adminSql(
    adminUrl,
    `with d as (
       update pipeline_deal set pipeline_id = $3, stage_id = $4, status = 'open', closed_at = null
       where id = $1 returning tenant_id, stage_id
     )
     insert into pipeline_stage_change (tenant_id, id, deal_id, pipeline_id, from_stage_id, to_stage_id, changed_at, actor)
     select d.tenant_id, core_uuidv7(), $1, $3, (select stage_id from pipeline_deal where id = $1), $4,
       $2::timestamptz + $5 * interval '1 hour', '{"kind":"system","id":"import"}'::jsonb
     from d`,
    [deal.id, T0, to.pipelineId, to.id, hours],
  );
  await refreshFactsAsAdmin(adminUrl, [deal.id]);
}

/** The ops of a generated history: what the deals API is asked to do next. */
type Op = 'forward' | 'back' | 'win' | 'lose' | 'reopen' | 'amount' | 'currency';

/**
 * Creates `count` deals through the API with a random history each — moves forward and back, wins,
 * losses with one of four reasons, reopenings, amount and currency changes — then spreads each
 * deal's changes over hours from a random start within 40 days of T0.
 */
export async function seedVariedDeals(
  f: PipelineFixture,
  adminUrl: string,
  count: number,
  seed: number,
): Promise<Deal[]> {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const deals = f.crm.services.deals;
  const open = [f.stages.lead, f.stages.qualified, f.stages.proposal];
  const owners = [f.alice, f.bob, f.carol];
  const customers = [f.customers.globex, f.customers.initech, f.customers.umbrella, f.customers.hooli];
  const out: Deal[] = [];
  for (let i = 0; i < count; i++) {
    const noAmount = rnd() < 0.1;
    let deal = await deals.create(f.system, {
      pipelineId: f.pipeline.id,
      title: `Varied ${i}`,
      customerId: pick(customers),
      ownerId: pick(owners).id,
      ...(noAmount ? {} : { amount: String(100 + Math.floor(rnd() * 9000)), currency: pick(['EUR', 'USD']) }),
    });
    const steps = Math.floor(rnd() * 7);
    for (let s = 0; s < steps; s++) {
      const at = open.findIndex((x) => x.id === deal.stageId);
      const op: Op =
        deal.status !== 'open'
          ? rnd() < 0.5
            ? 'reopen'
            : 'amount'
          : pick(['forward', 'forward', 'back', 'win', 'lose', 'amount', 'currency']);
      if (op === 'forward' && at < open.length - 1)
        deal = await deals.move(f.system, deal.id, { stageId: open[at + 1]!.id });
      else if (op === 'back' && at > 0)
        deal = await deals.move(f.system, deal.id, { stageId: open[at - 1]!.id });
      else if (op === 'win') deal = await deals.win(f.system, deal.id, { reason: 'signed' });
      else if (op === 'lose')
        deal = await deals.lose(f.system, deal.id, {
          reason: pick(['price', 'competitor', 'timing', 'no budget']),
        });
      else if (op === 'reopen') deal = await deals.reopen(f.system, deal.id, { stageId: pick(open).id });
      else if (op === 'amount')
        deal = await deals.update(f.system, deal.id, { amount: String(50 + Math.floor(rnd() * 5000)) });
      else if (op === 'currency' && deal.amount !== null)
        deal = await deals.update(f.system, deal.id, { currency: deal.currency === 'EUR' ? 'USD' : 'EUR' });
    }
    const changes = (await deals.stageHistory(f.system, deal.id)).length;
    let hour = Math.floor(rnd() * 40) * 24 + (rnd() < 0.3 ? 0 : Math.floor(rnd() * 24));
    const hours: number[] = [];
    for (let c = 0; c < changes; c++) {
      hours.push(hour);
      hour += Math.floor(rnd() * 96) + 1;
    }
    await shapeHours(adminUrl, deal.id, hours);
    out.push(await deals.get(f.system, deal.id));
  }
  return out;
}

/** A funnel without its `source` and with its times rounded to the minute (ongoing stays run until "now", which moves between two calls). */
export function comparable(funnel: Funnel): unknown {
  const minutes = (s: number | null) => (s === null ? null : Math.round(s / 60));
  return {
    ...funnel,
    source: undefined,
    stages: funnel.stages.map((s) => ({
      ...s,
      timeInStage: s.timeInStage && {
        ...s.timeInStage,
        averageSeconds: minutes(s.timeInStage.averageSeconds),
        medianSeconds: minutes(s.timeInStage.medianSeconds),
      },
    })),
  };
}
