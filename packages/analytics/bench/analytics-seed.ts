import { beginSeed, seedStaff } from '@rapport/testing/bench';
import type pg from 'pg';

/** Sizes of a seeded analytics world. */
export interface AnalyticsSeedSize {
  entries: number;
  parties: number;
  employees: number;
  departments: number;
}

/** What {@link seedAnalyticsWorld} created. */
export interface AnalyticsWorld {
  employeeIds: string[];
  departmentIds: string[];
  entries: number;
}

/**
 * Seeds a tenant's organisation, parties and journal with set-based statements on `client` (the app
 * role, in one transaction with the tenant set): `departments` teams under a root, `employees`
 * agents, `parties` customers (owner round-robin, source among five channels, an address in one of
 * ten countries and fifty cities, created over two years), and `entries` journal entries over the
 * last two years, each about one party (drawn with a power law, so revenue is Pareto-shaped) and
 * recorded by its owner: sales 40 % (with one line each), refunds 3 %, payments 7 %, expenses 5 %,
 * outgoing calls 15 %, incoming calls 8 %, meetings 7 %, visits 5 %, emails 10 %; EUR 90 %, USD 10 %.
 */
export async function seedAnalyticsWorld(
  client: pg.Client,
  tenantId: string,
  size: AnalyticsSeedSize,
): Promise<AnalyticsWorld> {
  const q = await beginSeed(client, tenantId, { seed: 0.16 });
  const { departmentIds, employeeIds } = await seedStaff(client, tenantId, {
    departments: size.departments,
    employees: size.employees,
  });
  await q(
    `create temp table bench_party on commit drop as
     select g as n, core_uuidv7() as id, ($2::uuid[])[1 + (g % cardinality($2::uuid[]))] as owner
     from generate_series(1, $1) g`,
    [size.parties, employeeIds],
  );
  await q(`create index on bench_party (n)`);
  await q(
    `insert into core_party (tenant_id, id, kind, display_name, lifecycle, owner_id, source_channel, created_at, updated_at)
     select $1, id, 'organization', 'Customer ' || n, 'customer', owner,
       (array['web', 'fair', 'referral', 'ads', 'partner'])[1 + n % 5], now() - interval '730 days' * random(), now()
     from bench_party`,
    [tenantId],
  );
  await q(
    `insert into core_contact_point (tenant_id, id, party_id, kind, value, is_primary, details)
     select $1, core_uuidv7(), id, 'address', 'City ' || (n % 50), true,
       jsonb_build_object('country', (array['DE', 'FR', 'IT', 'ES', 'NL', 'AT', 'CH', 'PL', 'US', 'GB'])[1 + n % 10],
         'city', 'City ' || (n % 50))
     from bench_party`,
    [tenantId],
  );
  await q(
    `create temp table bench_entry on commit drop as
     select core_uuidv7() as id, x.*,
       case when x.r < 0.40 then 'sale' when x.r < 0.43 then 'refund' when x.r < 0.50 then 'payment_received'
            when x.r < 0.55 then 'expense' when x.r < 0.70 then 'call_outgoing' when x.r < 0.78 then 'call_incoming'
            when x.r < 0.85 then 'meeting' when x.r < 0.90 then 'visit' else 'email' end as type
     from (select g, random() as r, random() as ra, random() as rc,
             1 + floor($2 * power(random(), 2.5))::int as party_n,
             now() - interval '730 days' * random() as occurred_at
           from generate_series(1, $1) g) x`,
    [size.entries, size.parties],
  );
  await q(
    `insert into core_journal_entry (tenant_id, id, type, occurred_at, actor, employee_id, direction, duration_seconds,
       outcome, amount, currency, data, status)
     select $1, b.id, b.type, b.occurred_at, '{"kind":"system","name":"bench"}', p.owner,
       case when b.type in ('call_outgoing', 'email') then 'outbound' when b.type = 'call_incoming' then 'inbound' end,
       case when b.type like 'call_%' then (30 + 900 * b.ra)::int when b.type = 'meeting' then (1800 + 3600 * b.ra)::int end,
       case when b.type like 'call_%' then (array['reached', 'voicemail', 'no_answer'])[1 + (b.g % 3)] end,
       case when b.type in ('sale', 'refund', 'payment_received', 'expense') then round((10 + 990 * power(b.ra, 2))::numeric, 2) end,
       case when b.type in ('sale', 'refund', 'payment_received', 'expense') then case when b.rc < 0.9 then 'EUR' else 'USD' end end,
       case b.type
         when 'sale' then jsonb_build_object('items', jsonb_build_array(jsonb_build_object('name', 'Item ' || (b.g % 500),
           'quantity', '1', 'total', round((10 + 990 * power(b.ra, 2))::numeric, 2)::text)))
         when 'expense' then jsonb_build_object('category', (array['travel', 'meals', 'samples'])[1 + b.g % 3])
         when 'email' then jsonb_build_object('subject', 'Offer', 'status', (array['delivered', 'delivered', 'delivered', 'bounced'])[1 + b.g % 4])
         else '{}'::jsonb end,
       case when b.type in ('meeting', 'visit') then 'done' end
     from bench_entry b join bench_party p on p.n = b.party_n`,
    [tenantId],
  );
  await q(
    `insert into core_journal_party (tenant_id, party_id, entry_id, role, occurred_at)
     select $1, p.id, b.id, 'customer', b.occurred_at from bench_entry b join bench_party p on p.n = b.party_n`,
    [tenantId],
  );
  await q('commit');
  return { employeeIds, departmentIds, entries: size.entries };
}
