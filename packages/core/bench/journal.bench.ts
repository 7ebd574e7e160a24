import { type BenchEnv, timeInterleaved } from '@rapport/testing/bench';
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import { type CallContext, createCrm, definePlugin, type RecordInput } from './internals.js';
import { journalOrg, seedCustomers, seedJournal, vacuumJournal } from './journal-seed.js';

const quiet = { debug() {}, info() {}, warn() {}, error: console.error };
const FULL = Boolean(process.env.BENCH_FULL);

/**
 * The activity journal: recording (one at a time and in batches) through the full path, a party's
 * timeline (first and deep pages) and an agent's overdue tasks in a large journal, each beside the
 * same work written by hand through `pg` on the same database. Aims: batches at least half the
 * baseline's speed; timeline and overdue p99 under 10 ms.
 */
export default async function bench(env: BenchEnv): Promise<void> {
  // BENCH_JOURNAL=read measures the reads only (the 10M seed alone takes a quarter of an hour).
  if (process.env.BENCH_JOURNAL !== 'read') await recordBench(env);
  // 1M entries by default (10k parties × 100, plus a busy party with 10k); BENCH_FULL: 10M.
  await readBench(env, FULL ? 100_000 : 10_000);
}

/** A call as an agent records it; the baseline writes the same row. */
function call(partyId: string, i: number): RecordInput<'call_outgoing'> {
  return {
    type: 'call_outgoing',
    parties: [{ partyId }],
    occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 1000),
    durationSeconds: 60 + (i % 600),
    outcome: 'interested',
    notes: `Call ${i} about the spring catalogue`,
    data: { phone: '+49 30 1234567' },
  };
}

const ENTRY_INSERT = `insert into core_journal_entry (tenant_id, id, type, occurred_at, actor, employee_id, direction,
    duration_seconds, outcome, notes, data)
  select $1, u.id, 'call_outgoing', u.occurred_at, $2::jsonb, $3, 'outbound', u.duration_seconds, 'interested', u.notes, u.data
  from unnest($4::uuid[], $5::timestamptz[], $6::int[], $7::text[], $8::jsonb[]) as u(id, occurred_at, duration_seconds, notes, data)`;
const LINK_INSERT = `insert into core_journal_party (tenant_id, party_id, entry_id, role, occurred_at)
  select $1, u.party_id, u.entry_id, 'customer', u.occurred_at from unnest($2::uuid[], $3::uuid[], $4::timestamptz[]) as u(party_id, entry_id, occurred_at)`;

/** The hand-written baseline: the same rows (entry + party link), in one transaction per batch. */
async function handRecord(
  client: pg.Client,
  ctx: CallContext,
  agent: string,
  inputs: RecordInput<'call_outgoing'>[],
) {
  const ids = inputs.map(() => uuidv7());
  const at = inputs.map((i) => (i.occurredAt as Date).toISOString());
  await client.query('begin');
  await client.query(`select set_config('app.tenant_id', $1, true), set_config('app.actor', $2, true)`, [
    ctx.tenantId,
    JSON.stringify(ctx.actor),
  ]);
  await client.query(ENTRY_INSERT, [
    ctx.tenantId,
    JSON.stringify(ctx.actor),
    agent,
    ids,
    at,
    inputs.map((i) => i.durationSeconds),
    inputs.map((i) => i.notes),
    inputs.map((i) => JSON.stringify(i.data)),
  ]);
  await client.query(LINK_INSERT, [ctx.tenantId, inputs.map((i) => i.parties[0]!.partyId), ids, at]);
  await client.query('commit');
}

async function recordBench(env: BenchEnv): Promise<void> {
  const db = await env.freshDatabase();
  const crm = await createCrm({ database: { url: db.url }, jobs: { workers: false }, logger: quiet });
  const client = new pg.Client({ connectionString: db.url });
  try {
    await crm.migrate();
    const org = await journalOrg(crm, 2);
    const agent = org.agents[0]!;
    const customers = (await seedCustomers(crm, org, 20_000))
      .filter((p) => p.ownerId === agent)
      .map((p) => p.id);
    await client.connect();
    const ctx = org.as(agent);
    let n = 0;
    const next = (count: number) =>
      Array.from({ length: count }, () => call(customers[n % customers.length]!, n++));

    const single = { framework: 0, baseline: 0, count: 0 };
    const batch = { framework: 0, baseline: 0, count: 0 };
    const SINGLE = FULL ? 5_000 : 1_000;
    const BATCH = 500;
    const BATCHES = FULL ? 100 : 20;
    // Warm up both paths, then alternate rounds so that drift in the machine hits both alike.
    for (const input of next(100)) await crm.services.journal.record(ctx, input);
    for (const input of next(100)) await handRecord(client, ctx, agent, [input]);
    await crm.services.journal.recordMany(ctx, next(BATCH));
    await handRecord(client, ctx, agent, next(BATCH));
    // Statistics now that the journal has rows: plans (foreign-key checks among them) made while
    // it was empty would scan it whole for every row.
    await client.query('analyze');
    for (let round = 0; round < 5; round++) {
      let t = performance.now();
      for (const input of next(SINGLE / 5)) await crm.services.journal.record(ctx, input);
      single.framework += performance.now() - t;
      t = performance.now();
      for (const input of next(SINGLE / 5)) await handRecord(client, ctx, agent, [input]);
      single.baseline += performance.now() - t;
      single.count += SINGLE / 5;
      for (let b = 0; b < BATCHES / 5; b++) {
        t = performance.now();
        await crm.services.journal.recordMany(ctx, next(BATCH));
        batch.framework += performance.now() - t;
        t = performance.now();
        await handRecord(client, ctx, agent, next(BATCH));
        batch.baseline += performance.now() - t;
        batch.count += BATCH;
      }
    }
    // The same batches when a plugin taps activityCommitted: one outbox job per entry, in the transaction.
    const tapped = await createCrm({
      database: { url: db.url },
      jobs: { workers: false },
      logger: quiet,
      plugins: [
        definePlugin({
          name: 'bench-committed',
          version: '1.0.0',
          setup: (api) => api.tap('activityCommitted', async () => undefined),
        }),
      ],
    });
    const outbox = { framework: 0, count: 0 };
    try {
      await tapped.services.journal.recordMany(ctx, next(BATCH));
      for (let b = 0; b < 4; b++) {
        const t = performance.now();
        await tapped.services.journal.recordMany(ctx, next(BATCH));
        outbox.framework += performance.now() - t;
        outbox.count += BATCH;
      }
    } finally {
      await tapped.close();
    }
    const rate = (count: number, ms: number) => Math.round((count / ms) * 1000);
    env.report(
      `Recording calls as an agent (${single.count} single, ${batch.count} in batches of ${BATCH})`,
      [
        {
          run: 'journal.record, one at a time (validation, hooks, access)',
          'entries/s': rate(single.count, single.framework),
        },
        {
          run: 'hand-written INSERT entry + link, one transaction each',
          'entries/s': rate(single.count, single.baseline),
        },
        { run: 'ratio (framework / baseline)', 'entries/s': round(single.baseline / single.framework) },
        { run: `journal.recordMany, ${BATCH} per call`, 'entries/s': rate(batch.count, batch.framework) },
        {
          run: `hand-written unnest INSERT, ${BATCH} per transaction`,
          'entries/s': rate(batch.count, batch.baseline),
        },
        { run: 'ratio (framework / baseline)', 'entries/s': round(batch.baseline / batch.framework) },
        {
          run: `journal.recordMany, ${BATCH} per call, with an activityCommitted tap (a job per entry)`,
          'entries/s': rate(outbox.count, outbox.framework),
        },
      ],
    );
  } finally {
    await client.end().catch(() => undefined);
    await crm.close();
    await db.drop();
  }
}

const PAGE_SQL = (extra: string) => `select e.* from core_journal_party l
  join core_journal_entry e on e.tenant_id = l.tenant_id and e.id = l.entry_id
  where l.tenant_id = $1 and l.party_id = $2 ${extra}
    and e.superseded_by is null and e.correction is distinct from 'void'
  order by l.occurred_at desc, l.entry_id desc limit 50`;
const OVERDUE_SQL = `select e.* from core_journal_entry e
  where e.tenant_id = $1 and e.assignee_id = $2 and e.status = 'planned' and e.superseded_by is null and e.due_at < now()
  order by e.due_at, e.id limit 100`;

async function readBench(env: BenchEnv, parties: number): Promise<void> {
  const PER_PARTY = 100;
  const BUSY = 10_000;
  const db = await env.freshDatabase();
  const crm = await createCrm({ database: { url: db.url }, jobs: { workers: false }, logger: quiet });
  const client = new pg.Client({ connectionString: db.url });
  try {
    await crm.migrate();
    const org = await journalOrg(crm, 200);
    const customers = await seedCustomers(crm, org, parties);
    let started = performance.now();
    let written = await seedJournal(db.adminUrl!, org.tenantId, customers, PER_PARTY, (w) => {
      if (w % 2_000_000 < 500_000) console.log(`  seeded ${w.toLocaleString('en')} entries`);
    });
    const busy = customers[0]!;
    written += await seedJournal(db.adminUrl!, org.tenantId, [busy], BUSY);
    const seedSeconds = (performance.now() - started) / 1000;
    started = performance.now();
    await vacuumJournal(db.adminUrl!);
    const vacuumSeconds = (performance.now() - started) / 1000;
    await client.connect();
    const size = await client.query<{ entries: string; links: string }>(
      `select pg_size_pretty(pg_total_relation_size('core_journal_entry')) as entries,
              pg_size_pretty(pg_total_relation_size('core_journal_party')) as links`,
    );
    console.log(
      `  journal: ${written.toLocaleString('en')} entries in ${seedSeconds.toFixed(0)} s (+ vacuum analyze ${vacuumSeconds.toFixed(0)} s); ` +
        `entries ${size.rows[0]!.entries}, links ${size.rows[0]!.links}`,
    );

    const agent = busy.ownerId;
    const ctx = org.as(agent);
    const mine = customers.filter((p) => p.ownerId === agent).map((p) => p.id);
    let pick = 0;
    const somebody = () => mine[(pick++ * 7919) % mine.length]!;
    const hand = async (sql: string, values: unknown[]) => {
      await client.query('begin');
      await client.query(`select set_config('app.tenant_id', $1, true), set_config('app.actor', $2, true)`, [
        org.tenantId,
        JSON.stringify(ctx.actor),
      ]);
      const { rows } = await client.query(sql, [org.tenantId, ...values]);
      await client.query('commit');
      return rows;
    };

    // A cursor 50 pages deep into the busy party, and the same position for the hand-written query.
    let after: string | undefined;
    for (let i = 0; i < 50; i++) {
      after = (await crm.services.timeline.timeline(ctx, busy.id, { limit: 50, ...(after ? { after } : {}) }))
        .nextCursor!;
    }
    const [deep] = await hand(
      `select l.occurred_at, l.entry_id from core_journal_party l where l.tenant_id = $1 and l.party_id = $2
       order by l.occurred_at desc, l.entry_id desc offset 2499 limit 1`,
      [busy.id],
    );
    const [oldest] = await hand(
      'select min(occurred_at) + interval $$60 days$$ as at from core_journal_party where tenant_id = $1 and party_id = $2',
      [busy.id],
    );
    const deepPage = await crm.services.timeline.timeline(ctx, busy.id, { limit: 50, after: after! });
    const deepHand = await hand(PAGE_SQL('and (l.occurred_at, l.entry_id) < ($3, $4)'), [
      busy.id,
      deep.occurred_at,
      deep.entry_id,
    ]);
    if (deepPage.items.map((e) => e.id).join() !== deepHand.map((r) => r.id).join())
      throw new Error('the framework and the hand-written deep page disagree');

    const rows: Array<Record<string, string | number>> = [];
    const compare = async (
      name: string,
      framework: () => Promise<unknown>,
      sql: string,
      values: () => unknown[],
    ) => {
      const [a, b] = await timeInterleaved(FULL ? 1000 : 500, [framework, () => hand(sql, values())]);
      rows.push(row(`${name}: framework`, a), row(`${name}: hand-written SQL`, b));
      rows.push({ case: `${name}: ratio (median)`, 'median ms': round(median(a) / median(b)) });
    };
    let party = somebody();
    await compare(
      'first page, a party with ~100 entries',
      () => {
        party = somebody();
        return crm.services.timeline.timeline(ctx, party, { limit: 50 });
      },
      PAGE_SQL(''),
      () => [party],
    );
    await compare(
      'first page, the busy party (10k)',
      () => crm.services.timeline.timeline(ctx, busy.id, { limit: 50 }),
      PAGE_SQL(''),
      () => [busy.id],
    );
    await compare(
      'page 51 (keyset cursor), the busy party',
      () => crm.services.timeline.timeline(ctx, busy.id, { limit: 50, after: after! }),
      PAGE_SQL('and (l.occurred_at, l.entry_id) < ($3, $4)'),
      () => [busy.id, deep.occurred_at, deep.entry_id],
    );
    await compare(
      'oldest 60 days (to: filter), the busy party',
      () => crm.services.timeline.timeline(ctx, busy.id, { limit: 50, to: oldest.at }),
      PAGE_SQL('and l.occurred_at < $3'),
      () => [busy.id, oldest.at],
    );
    await compare(
      'overdue tasks of the agent (limit 100)',
      () => crm.services.agenda.overdue(ctx),
      OVERDUE_SQL,
      () => [agent],
    );
    const [{ overdue }] = await hand(
      `select count(*)::int as overdue from core_journal_entry where tenant_id = $1 and assignee_id = $2 and status = 'planned' and due_at < now()`,
      [agent],
    );
    env.report(
      `Timeline and agenda in a journal of ${written.toLocaleString('en')} entries (${parties.toLocaleString('en')} parties × ${PER_PARTY} + one with ${BUSY.toLocaleString('en')}; the agent owns ${mine.length} parties, ${overdue} overdue tasks)`,
      rows,
    );
  } finally {
    await client.end().catch(() => undefined);
    await crm.close();
    await db.drop();
  }
}

function row(name: string, ms: number[]): Record<string, string | number> {
  return { case: name, runs: ms.length, 'median ms': round(median(ms)), 'p99 ms': round(quantile(ms, 0.99)) };
}

const median = (ms: number[]) => quantile(ms, 0.5);
function quantile(ms: number[], q: number): number {
  const sorted = [...ms].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
const round = (n: number) => Math.round(n * 100) / 100;
