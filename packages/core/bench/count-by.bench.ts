import { type BenchEnv, latencyRow, quantile, round, timeInterleaved } from '@rapport/testing/bench';
import pg from 'pg';
import {
  type CallContext,
  createCrm,
  f,
  insertParties,
  PartyInputSchema,
  type PreparedParty,
  parse,
  prepareParty,
} from './internals.js';
import { personInput, random } from './party-data.js';

const PARTIES = 100_000;
const BATCH = 1_000;
const ITERATIONS = 100;

/** `segments.countBy` cases, each beside the same `group by` written by hand (`$1` tenant, `$2` tag). */
const CASES = [
  {
    name: 'vip parties by city (a party column)',
    filter: f.tag('vip'),
    field: 'city',
    sql: `select p.city as value, count(*)::int as count from core_party p
          where p.tenant_id = $1 and p.tags @> array[$2]::text[] group by p.city order by 2 desc, 1`,
  },
  {
    name: 'all parties by postal code (the primary address)',
    filter: f.all(),
    field: 'address.postalCode',
    sql: `select v.value, count(*)::int as count from core_party p cross join lateral (
            select (select a.details->>'postalCode' from core_contact_point a where a.tenant_id = p.tenant_id
              and a.party_id = p.id and a.kind = 'address' and a.removed_at is null
              order by a.is_primary desc, a.created_at, a.id limit 1)) v(value)
          where p.tenant_id = $1 and $2::text is not null group by v.value order by 2 desc, 1`,
  },
] as const;

/**
 * `segments.countBy` over 100k parties beside the hand-written `group by` run through `pg` in the
 * same database, in a transaction with the tenant set as the framework sets it (interleaved runs).
 */
export default async function countByBench(env: BenchEnv): Promise<void> {
  const db = await env.freshDatabase();
  const crm = await createCrm({ database: { url: db.url } });
  const client = new pg.Client({ connectionString: db.url });
  try {
    await crm.migrate();
    const tenant = await crm.services.tenants.create({ name: 'Bench' });
    const ctx = crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'bench' } });
    await seed(crm, ctx);
    await client.connect();
    await client.query('analyze');
    const hand = async (sql: string) => {
      await client.query('begin');
      await client.query(`select set_config('app.tenant_id', $1, true), set_config('app.actor', $2, true)`, [
        tenant.id,
        JSON.stringify(ctx.actor),
      ]);
      const { rows } = await client.query(sql, [tenant.id, 'vip']);
      await client.query('commit');
      return rows;
    };
    const rows: Array<Record<string, string | number>> = [];
    for (const c of CASES) {
      const framework = () => crm.services.segments.countBy(ctx, c.filter, c.field);
      const [mine, theirs] = [await framework(), await hand(c.sql)];
      if (JSON.stringify(mine) !== JSON.stringify(theirs))
        throw new Error(`${c.name}: framework and hand-written SQL disagree`);
      const [a, b] = await timeInterleaved(ITERATIONS, [framework, () => hand(c.sql)], { warmup: 10 });
      rows.push(latencyRow(`${c.name}: countBy (${mine.length} groups)`, a));
      rows.push(
        latencyRow(`${c.name}: hand-written SQL`, b, { ratio: round(quantile(a, 0.5) / quantile(b, 0.5)) }),
      );
    }
    env.report(`segments.countBy over ${PARTIES} parties`, rows);
  } finally {
    await client.end().catch(() => undefined);
    await crm.close();
    await db.drop();
  }
}

/** Seeds the base in batches of 1000 parties, one transaction each: ~20 % vip. */
async function seed(crm: Awaited<ReturnType<typeof createCrm>>, ctx: CallContext): Promise<void> {
  const rnd = random(7);
  for (let start = 0; start < PARTIES; start += BATCH) {
    const batch: PreparedParty[] = [];
    for (let i = start; i < start + BATCH; i++) {
      const input = personInput(i, rnd);
      input.tags = rnd() < 0.2 ? ['vip'] : ['regular'];
      batch.push(
        prepareParty(parse(PartyInputSchema, input, 'party'), { defaultRegion: 'DE', customFields: [] }),
      );
    }
    await crm.transaction(ctx, (tx) => insertParties(tx, batch));
  }
}
