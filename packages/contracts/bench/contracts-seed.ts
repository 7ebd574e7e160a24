import { beginSeed, seedStaff } from '@rapport/testing/bench';
import type pg from 'pg';

/** Sizes of a seeded contracts world. */
export interface ContractsSeedSize {
  contracts: number;
  owners: number;
  customers: number;
}

/** What {@link seedContractsWorld} created. */
export interface ContractsWorld {
  ownerIds: string[];
  departmentId: string;
  contracts: number;
}

/**
 * Seeds a tenant's organisation, customers and `contracts` contracts with set-based statements on
 * `client` (the app role, one transaction, tenant set). Contracts: 75 % live (active 90 %, suspended,
 * signed) ending uniformly over the three years from `today`; 15 % ended (expired, terminated,
 * renewed) in the two years before; 10 % drafts. Terms of 12 months, notice 1–3 months (80 %),
 * auto-renewal for 60 %; values monthly, quarterly, yearly or total; EUR 85 %, USD 15 %; owners
 * drawn with a power law.
 */
export async function seedContractsWorld(
  client: pg.Client,
  tenantId: string,
  today: string,
  size: ContractsSeedSize,
): Promise<ContractsWorld> {
  const q = await beginSeed(client, tenantId, { seed: 0.42 });
  const { rootId, employeeIds: ownerIds } = await seedStaff(client, tenantId, {
    departments: 0,
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
  await q(
    `insert into contracts_contract (tenant_id, id, number, subject, party_id, owner_id, status, value_kind, amount,
       currency, period, start_on, end_on, notice_months, notice_on, renew_months, signed_on, ended_on)
     select $1, core_uuidv7(), 'CT-B-' || g, 'Contract ' || g, c.id, c.owner, x.status, x.kind, x.amount, x.currency,
       x.period, (x.end_on - interval '12 months' + interval '1 day')::date, x.end_on, x.notice,
       case when x.notice is not null then (x.end_on - make_interval(months => x.notice))::date end,
       case when x.renews then 12 end,
       case when x.status <> 'draft' then (x.end_on - interval '12 months' + interval '1 day')::date end,
       case when x.status in ('expired', 'terminated', 'renewed') then x.end_on end
     from (
       select g, r1, r2,
         case when r1 < 0.75 then (case when r2 < 0.9 then 'active' when r2 < 0.95 then 'suspended' else 'signed' end)
              when r1 < 0.9 then (case when r2 < 0.5 then 'expired' when r2 < 0.8 then 'renewed' else 'terminated' end)
              else 'draft' end as status,
         case when r1 < 0.75 or r1 >= 0.9 then $3::date + floor(r3 * 1095)::int else $3::date - 1 - floor(r3 * 730)::int end as end_on,
         case when r4 < 0.8 then 1 + floor(r5 * 3)::int end as notice,
         r6 < 0.6 as renews,
         case when r7 < 0.85 then 'EUR' else 'USD' end as currency,
         case when r8 < 0.2 then 'total' else 'recurring' end as kind,
         case when r8 < 0.2 then null when r8 < 0.7 then 'month' when r8 < 0.85 then 'quarter' else 'year' end as period,
         round((50 + 5000 * power(r9, 2))::numeric, 2) as amount,
         1 + floor($4 * power(r10, 1.3))::int as customer_n
       from (select g, random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7,
               random() r8, random() r9, random() r10 from generate_series(1, $2) g) s
     ) x join bench_customer c on c.n = x.customer_n`,
    [tenantId, size.contracts, today, size.customers - 1],
  );
  await q('commit');
  return { ownerIds, departmentId: rootId, contracts: size.contracts };
}
