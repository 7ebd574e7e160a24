import type { BenchEnv } from '@rapport/testing/bench';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import { type CallContext, createCrm, type RecordInput } from './internals.js';
import { journalOrg, seedCustomers } from './journal-seed.js';

const quiet = { debug() {}, info() {}, warn() {}, error: console.error };
const COUNT = 10_000;
const ROUNDS = 3;

/**
 * Bulk writes an import makes beside its parties: `relationships.relateMany` of 10k relationships
 * against a hand-written INSERT of the same rows, and `journal.recordMany` of 10k entries with
 * external ids, written once and then recorded again (the idempotent re-run of an import).
 */
export default async function bench(env: BenchEnv): Promise<void> {
  const db = await env.freshDatabase();
  const crm = await createCrm({ database: { url: db.url }, jobs: { workers: false }, logger: quiet });
  const client = new pg.Client({ connectionString: db.url });
  try {
    await crm.migrate();
    const org = await journalOrg(crm, 1);
    const ctx = org.system;
    const people = (await seedCustomers(crm, org, 2 * ROUNDS * 2 * COUNT)).map((p) => p.id);
    await client.connect();
    await client.query('analyze');

    // relateMany vs hand-written, alternating rounds so that drift in the machine hits both alike;
    // each round relates its own 10k pairs (person i works at person i + 10k of its block).
    const pairs = (block: number) =>
      Array.from({ length: COUNT }, (_, i) => ({
        type: 'works_at',
        fromId: people[block * 2 * COUNT + i]!,
        toId: people[block * 2 * COUNT + COUNT + i]!,
      }));
    let relateMany = 0;
    let handInsert = 0;
    for (let round = 0; round < ROUNDS; round++) {
      let t = performance.now();
      const related = await crm.services.relationships.relateMany(ctx, pairs(2 * round));
      relateMany += performance.now() - t;
      if (related.created !== COUNT) throw new Error(`relateMany wrote ${related.created}`);
      t = performance.now();
      await handRelate(client, ctx, pairs(2 * round + 1));
      handInsert += performance.now() - t;
    }

    // recordMany with external ids: a first run writes, the re-run finds every external id recorded.
    const BATCH = 1_000;
    const sales = (round: number): RecordInput<'sale'>[] =>
      Array.from({ length: COUNT }, (_, i) => ({
        type: 'sale',
        parties: [{ partyId: people[i % people.length]! }],
        occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
        amount: '100.00',
        currency: 'EUR',
        externalId: `order-${round}-${i}`,
        data: { invoiceNumber: `INV-${round}-${i}` },
      }));
    const recordAll = async (inputs: RecordInput<'sale'>[]) => {
      const start = performance.now();
      for (let i = 0; i < COUNT; i += BATCH)
        await crm.services.journal.recordMany(ctx, inputs.slice(i, i + BATCH));
      return performance.now() - start;
    };
    let first = 0;
    let again = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const inputs = sales(round);
      first += await recordAll(inputs);
      again += await recordAll(inputs);
    }

    const ms = (value: number) => Math.round(value);
    env.report(`Relating ${COUNT} pairs of parties in one call (${ROUNDS} rounds each)`, [
      { run: 'relationships.relateMany (checks, locks, history), per 10k', ms: ms(relateMany / ROUNDS) },
      {
        run: 'hand-written INSERT of the relationships and their history, per 10k',
        ms: ms(handInsert / ROUNDS),
      },
      { run: 'ratio (framework / baseline)', ms: Math.round((relateMany / handInsert) * 100) / 100 },
    ]);
    env.report(`Recording ${COUNT} sales with external ids, ${BATCH} per recordMany (${ROUNDS} rounds)`, [
      { run: 'first run (writes every entry), per 10k', ms: ms(first / ROUNDS) },
      { run: 're-run (every external id already recorded), per 10k', ms: ms(again / ROUNDS) },
      { run: 'ratio (re-run / first run)', ms: Math.round((again / first) * 100) / 100 },
    ]);
  } finally {
    await client.end().catch(() => undefined);
    await crm.close();
    await db.drop();
  }
}

/** The baseline: the same relationships and two history rows each, in one transaction. */
async function handRelate(
  client: pg.Client,
  ctx: CallContext,
  pairs: ReadonlyArray<{ type: string; fromId: string; toId: string }>,
): Promise<void> {
  await client.query('begin');
  await client.query(`select set_config('app.tenant_id', $1, true)`, [ctx.tenantId]);
  const ids = pairs.map(() => uuidv7());
  await client.query(
    `insert into core_relationship (tenant_id, id, type, from_party_id, to_party_id)
     select $1, u.id, u.type, u.from_id, u.to_id from unnest($2::uuid[], $3::text[], $4::uuid[], $5::uuid[]) as u(id, type, from_id, to_id)`,
    [ctx.tenantId, ids, pairs.map((p) => p.type), pairs.map((p) => p.fromId), pairs.map((p) => p.toId)],
  );
  await client.query(
    `insert into core_party_history (tenant_id, id, party_id, actor, operation, changes)
     select $1, u.id, u.party_id, $2::jsonb, 'relate', '{}'::jsonb from unnest($3::uuid[], $4::uuid[]) as u(id, party_id)`,
    [
      ctx.tenantId,
      JSON.stringify(ctx.actor),
      pairs.flatMap(() => [uuidv7(), uuidv7()]),
      pairs.flatMap((p) => [p.fromId, p.toId]),
    ],
  );
  await client.query('commit');
}
