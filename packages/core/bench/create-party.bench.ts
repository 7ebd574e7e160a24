import type { BenchEnv } from '@rapport/testing/bench';
import { latencyRow, quantile, round, timeInterleaved } from '@rapport/testing/bench';
import pg from 'pg';
import {
  type CallContext,
  createCrm,
  PartyInputSchema,
  type PreparedParty,
  parse,
  prepareParty,
} from './internals.js';
import { personInput, random } from './party-data.js';
import { countQueries } from './query-counter.js';
import { seedParties } from './seed-parties.js';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? (process.env.BENCH_FULL ? 1_000_000 : 100_000));
const CREATES = 2000;
/** The same-city branch of the fuzzy check of `parties.create`, as `fuzzy.ts` runs it. */
const FUZZY_SQL = `select p.id, similarity(p.display_name, $3) as score from core_party p
  where p.tenant_id = $1 and p.city = $4 and p.kind = 'person' and p.id <> $2
    and (p.name_key_first = any(core_name_keys($3)) or p.name_key_last = any(core_name_keys($3)))
    and similarity(p.display_name, $3) >= 0.55`;

/**
 * `parties.create` one at a time through the full path (validation, identity dedup, hooks, history,
 * fuzzy duplicate check) on a base of 100k people, beside the same inserts written by hand with `pg`.
 * Aim: p99 under 10 ms and at most 2× the hand-written inserts'.
 */
export default async function createPartyBench(env: BenchEnv): Promise<void> {
  const db = await env.freshDatabase();
  const crm = await createCrm({ database: { url: db.url }, jobs: { workers: false } });
  const client = new pg.Client({ connectionString: db.url });
  try {
    await crm.migrate();
    const tenant = await crm.services.tenants.create({ name: 'Bench' });
    const ctx = crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'bench' } });
    const seedStarted = performance.now();
    await seedParties(crm, ctx, { people: PEOPLE, organizations: 2000 });
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    await client.connect();
    // Flushes the trigram index's pending list too, which every search otherwise reads through.
    await client.query('vacuum analyze');
    const rnd = random(7);
    let i = 0;
    const nextInput = () => personInput(i++, rnd, 'bench');
    const hand = handWritten(client, ctx);
    const rows: Array<Record<string, string | number>> = [];
    const queries = countQueries();
    const statementsPerCreate = async () => {
      queries.reset();
      await crm.services.parties.create(ctx, nextInput());
      return queries.count;
    };

    const [framework, baseline, baselineFuzzy] = await timeInterleaved(CREATES, [
      () => crm.services.parties.create(ctx, nextInput()),
      () => hand.create(nextInput(), false),
      () => hand.create(nextInput(), true),
    ]);
    rows.push(
      latencyRow('parties.create (validation, dedup, hooks, history, fuzzy check)', framework, {
        statements: await statementsPerCreate(),
        'p99 / baseline': round(quantile(framework, 0.99) / quantile(baseline, 0.99)),
      }),
      latencyRow('pg baseline: the same inserts', baseline, { statements: 8 }),
      latencyRow('pg baseline: inserts + the same fuzzy query', baselineFuzzy, { statements: 10 }),
    );
    console.log(`Fuzzy query for "Thomas Müller" in Berlin: ${await explainFuzzy(client, tenant.id)}`);
    queries.stop();
    env.report(
      `parties.create on ${PEOPLE.toLocaleString('en-US')} people (seeded in ${seedSeconds.toFixed(1)} s); 2 contact points each, one an address`,
      rows,
    );
  } finally {
    await client.end().catch(() => undefined);
    await crm.close();
    await db.drop();
  }
}

/** The same writes as `parties.create` for this input, by hand: one statement per table. */
function handWritten(client: pg.Client, ctx: CallContext) {
  const prepare = (input: unknown): PreparedParty =>
    prepareParty(parse(PartyInputSchema, input, 'party'), { defaultRegion: 'DE', customFields: [] });
  return {
    async create(input: unknown, fuzzy: boolean) {
      const p = prepare(input);
      await client.query('begin');
      try {
        await client.query(
          `select set_config('app.tenant_id', $1, true), set_config('app.actor', $2, true)`,
          [ctx.tenantId, JSON.stringify(ctx.actor)],
        );
        await client.query(
          `insert into core_party (tenant_id, id, kind, display_name, given_name, family_name, lifecycle, city, tags, custom)
           values ($1, $2, $3, $4, $5, $6, $7, $8, '{}', '{}')`,
          [ctx.tenantId, p.id, p.kind, p.displayName, p.givenName, p.familyName, p.lifecycle, p.city],
        );
        const [a, b] = p.contactPoints;
        await client.query(
          `insert into core_contact_point (tenant_id, id, party_id, kind, value, is_primary, details)
           values ($1, $2, $3, $4, $5, true, $6), ($1, $7, $3, $8, $9, true, $10)`,
          [ctx.tenantId, a!.id, p.id, a!.kind, a!.value, a!.details, b!.id, b!.kind, b!.value, b!.details],
        );
        await client.query(
          'insert into core_party_role (tenant_id, id, party_id, role) values ($1, $2, $3, $4)',
          [ctx.tenantId, p.roles[0]!.id, p.id, p.roles[0]!.role],
        );
        await client.query(
          `insert into core_party_history (tenant_id, id, party_id, actor, operation, changes)
           values ($1, $2, $3, $4, 'create', $5)`,
          [ctx.tenantId, crypto.randomUUID(), p.id, JSON.stringify(ctx.actor), { created: { kind: p.kind } }],
        );
        await client.query(
          `insert into core_party_identity (tenant_id, kind, value, party_id) values ($1, $2, $3, $4)
           on conflict do nothing returning kind`,
          [ctx.tenantId, p.identities[0]!.kind, p.identities[0]!.value, p.id],
        );
        if (fuzzy) {
          await client.query(FUZZY_SQL, [ctx.tenantId, p.id, p.displayName, p.city]);
        }
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
    },
  };
}

async function explainFuzzy(client: pg.Client, tenantId: string): Promise<string> {
  await client.query('begin');
  try {
    await client.query(
      `select set_config('app.tenant_id', $1, true), set_config('pg_trgm.similarity_threshold', '0.55', true)`,
      [tenantId],
    );
    const { rows } = await client.query<{ 'QUERY PLAN': string }>(`explain analyze ${FUZZY_SQL}`, [
      tenantId,
      crypto.randomUUID(),
      'Thomas Müller',
      'Berlin',
    ]);
    const plan = rows.map((r) => r['QUERY PLAN']);
    const scan = plan.find((line) => /Scan on core_party|Scan using core_party_name_key/.test(line));
    return `${scan?.trim().replace(/\s+\(cost.*$/, '')} → ${plan.at(-1)?.trim()}`;
  } finally {
    await client.query('rollback');
  }
}
