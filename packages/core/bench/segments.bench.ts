import { type BenchEnv, timeInterleaved } from '@rapport/testing/bench';
import pg from 'pg';
import {
  type CallContext,
  createCrm,
  f,
  insertParties,
  PARTY_VIEW_COLUMNS,
  PartyInputSchema,
  type PreparedParty,
  parse,
  prepareParty,
} from './internals.js';
import { personInput, random } from './party-data.js';

const PARTIES = 100_000;
const BATCH = 1_000;

/** The filter under test: `tag vip AND custom score >= 80` (about 20 % × 20 % of the base). */
const FILTER = f.and(f.tag('vip'), f.custom('score').gte(80));

/** The same question, written by hand. */
const HAND_WHERE = `p.tenant_id = $1 and p.tags @> $2::text[] and (p.custom->>'score')::numeric >= $3`;
const HAND_COUNT = `select count(*)::int as count from core_party p where ${HAND_WHERE}`;
const HAND_PAGE = `select ${PARTY_VIEW_COLUMNS} from core_party p where ${HAND_WHERE} order by p.id limit 50`;

/**
 * Segments over 100k parties: `count` and the first page of `query` for a tag and a numeric custom
 * field condition, beside the same SQL written by hand and run through `pg` in the same database,
 * inside a transaction with the tenant set as the framework sets it. Aim: within 1.5×.
 */
export default async function segmentsBench(env: BenchEnv): Promise<void> {
  const db = await env.freshDatabase();
  const crm = await createCrm({ database: { url: db.url } });
  const client = new pg.Client({ connectionString: db.url });
  try {
    await crm.migrate();
    const tenant = await crm.services.tenants.create({ name: 'Bench' });
    const ctx = crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'bench' } });
    await crm.services.customFields.define(ctx, { key: 'score', type: 'number', label: 'Score' });
    const seeded = await seed(crm, ctx);
    await client.connect();
    await client.query('analyze');

    const hand = async (text: string) => {
      await client.query('begin');
      await client.query(`select set_config('app.tenant_id', $1, true), set_config('app.actor', $2, true)`, [
        tenant.id,
        JSON.stringify(ctx.actor),
      ]);
      const { rows } = await client.query(text, [tenant.id, ['vip'], 80]);
      await client.query('commit');
      return rows;
    };
    const expected = (await hand(HAND_COUNT))[0].count as number;
    const counted = await crm.services.segments.count(ctx, FILTER);
    const page = await crm.services.segments.query(ctx, FILTER, { limit: 50 });
    const handPage = await hand(HAND_PAGE);
    if (counted !== expected || page.items.map((p) => p.id).join() !== handPage.map((r) => r.id).join())
      throw new Error(`framework and hand-written SQL disagree: ${counted} vs ${expected}`);

    const rows: Array<Record<string, string | number>> = [];
    const compare = async (
      name: string,
      iterations: number,
      framework: () => Promise<unknown>,
      sql: string,
    ) => {
      const [a, b] = await timeInterleaved(iterations, [framework, () => hand(sql)], {
        warmup: Math.min(50, iterations),
      });
      rows.push(row(`${name}: segments`, a), row(`${name}: hand-written SQL`, b));
      rows.push({ case: `${name}: ratio (median)`, ratio: round(median(a) / median(b)) });
    };
    await compare('count', 200, () => crm.services.segments.count(ctx, FILTER), HAND_COUNT);
    await compare(
      'first page of 50',
      1000,
      () => crm.services.segments.query(ctx, FILTER, { limit: 50 }),
      HAND_PAGE,
    );
    env.report(`Segments: tag vip AND custom score >= 80 over ${seeded} parties (${expected} match)`, rows);
  } finally {
    await client.end().catch(() => undefined);
    await crm.close();
    await db.drop();
  }
}

/** Seeds the base in batches of 1000 parties, one transaction each: ~20 % vip, score 0–100. */
async function seed(crm: Awaited<ReturnType<typeof createCrm>>, ctx: CallContext): Promise<number> {
  const rnd = random(42);
  const customFields = await crm.services.customFields.list(ctx);
  for (let start = 0; start < PARTIES; start += BATCH) {
    const batch: PreparedParty[] = [];
    for (let i = start; i < start + BATCH; i++) {
      const input = personInput(i, rnd);
      input.tags = rnd() < 0.2 ? ['vip'] : ['regular'];
      input.custom = { score: Math.floor(rnd() * 101) };
      batch.push(
        prepareParty(parse(PartyInputSchema, input, 'party'), { defaultRegion: 'DE', customFields }),
      );
    }
    await crm.transaction(ctx, (tx) => insertParties(tx, batch));
  }
  return PARTIES;
}

function row(name: string, ms: number[]): Record<string, string | number> {
  return {
    case: name,
    iterations: ms.length,
    'median ms': round(median(ms)),
    'p99 ms': round(quantile(ms, 0.99)),
  };
}

function median(ms: number[]): number {
  return quantile(ms, 0.5);
}

function quantile(ms: number[], q: number): number {
  const sorted = [...ms].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
