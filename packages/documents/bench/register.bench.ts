import { type BenchEnv, openBenchCrm, round, serviceVersusSql } from '@rapport/testing/bench';
import { documentsPlugin } from '../src/index.js';

const FULL = process.env.BENCH_FULL === '1';
const SIZE = FULL ? { documents: 1_000_000, customers: 100_000 } : { documents: 100_000, customers: 10_000 };
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);

/**
 * The register at 100k documents (1M with `BENCH_FULL=1`): a customer's documents (first page of 50,
 * as an agent, visibility applied) and a number allocated in its own transaction — each through the
 * service beside the same work in hand-written SQL with `pg` (one transaction with the tenant set).
 */
export default async function registerBench(env: BenchEnv): Promise<void> {
  const { crm, tenant, system, client, hand, close } = await openBenchCrm(env, {
    plugins: [documentsPlugin],
  });
  try {
    const department = await crm.services.departments.create(system, { name: 'Sales' });
    const agent = await crm.services.employees.create(system, {
      name: 'Agent',
      departmentId: department.id,
      role: 'agent',
    });
    await crm.services.documents.defineType(system, { key: 'letter', name: 'Letter', period: 'none' });
    const t0 = performance.now();
    await client.query('begin');
    await client.query(`select set_config('app.tenant_id', $1, true)`, [tenant.id]);
    await client.query(
      `create temp table bench_customer on commit drop as
       select g as n, core_uuidv7() as id from generate_series(1, $1) g`,
      [SIZE.customers],
    );
    await client.query(
      `insert into core_party (tenant_id, id, kind, display_name, lifecycle, owner_id)
       select $1, id, 'organization', 'Customer ' || n, 'customer', $2 from bench_customer`,
      [tenant.id, agent.id],
    );
    await client.query(
      `create temp table bench_document on commit drop as
       select g, core_uuidv7() as id, c.id as party_id
       from generate_series(1, $1) g join bench_customer c on c.n = 1 + (g * 7919) % $2`,
      [SIZE.documents, SIZE.customers],
    );
    await client.query(
      `insert into documents_document (tenant_id, id, type_id, number, seq, period, title, direction, status, party_id, owner_id, issued_on)
       select $1, d.id, t.id, 'LETTER-' || lpad(d.g::text, 7, '0'), d.g, '', 'Letter ' || d.g, 'outgoing', 'sent', d.party_id, $2,
         date '2020-01-01' + (d.g % 2000)
       from bench_document d cross join documents_type t where t.tenant_id = $1 and t.key = 'letter'`,
      [tenant.id, agent.id],
    );
    await client.query(
      `insert into documents_document_party (tenant_id, document_id, party_id, role)
       select $1, id, party_id, 'customer' from bench_document`,
      [tenant.id],
    );
    await client.query(
      `insert into documents_counter (tenant_id, type_id, period, last_seq)
       select $1, id, '', $2 from documents_type where tenant_id = $1 and key = 'letter'`,
      [tenant.id, SIZE.documents],
    );
    const [{ id: partyId }] = (await client.query('select id from bench_customer where n = 8')).rows as [
      { id: string },
    ];
    await client.query('commit');
    const seedSeconds = (performance.now() - t0) / 1000;
    await client.query('vacuum analyze');
    const ctx = crm.context({ tenantId: tenant.id, actor: { kind: 'employee', id: agent.id } });
    const inTx = (text: string, params: unknown[]) => hand(text, params);
    const cases = [
      {
        name: "a customer's documents, first page (agent)",
        framework: () => crm.services.documents.list(ctx, { partyId, page: { limit: 50 } }),
        // What one would write by hand: the page with its type and parties, the owner's or a visible party's.
        hand: () =>
          inTx(
            `select d.*, t.key as type, (select json_agg(json_build_object('partyId', x.party_id, 'role', x.role))
               from documents_document_party x where x.tenant_id = d.tenant_id and x.document_id = d.id) as parties
             from documents_document d join documents_type t on t.tenant_id = d.tenant_id and t.id = d.type_id
             where d.tenant_id = $1 and exists (select 1 from documents_document_party p where p.tenant_id = d.tenant_id
               and p.document_id = d.id and p.party_id = $2)
               and (d.owner_id = $3 or exists (select 1 from documents_document_party v join core_party c on c.tenant_id = v.tenant_id
                 and c.id = v.party_id where v.tenant_id = d.tenant_id and v.document_id = d.id and c.owner_id = $3))
             order by d.id desc limit 50`,
            [tenant.id, partyId, agent.id],
          ),
      },
      {
        name: 'allocate a number (own transaction)',
        framework: () => crm.services.documents.allocateNumber(system, { type: 'letter' }),
        hand: () =>
          inTx(
            `insert into documents_counter (tenant_id, type_id, period, last_seq)
             select $1, id, '', 1 from documents_type where tenant_id = $1 and key = 'letter'
             on conflict (tenant_id, type_id, period) do update set last_seq = documents_counter.last_seq + 1 returning last_seq`,
            [tenant.id],
          ),
      },
    ];
    const rows: Array<Record<string, string | number>> = [];
    for (const c of cases) {
      rows.push(...(await serviceVersusSql(c.name, ITERATIONS, c.framework, c.hand)));
    }
    env.report(
      `Document register, ${SIZE.documents.toLocaleString('en-US')} documents of ${SIZE.customers.toLocaleString('en-US')} customers (seeded in ${round(seedSeconds)} s)`,
      rows,
    );
  } finally {
    await close();
  }
}
