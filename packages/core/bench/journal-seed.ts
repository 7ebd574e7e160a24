import pg from 'pg';
import type { CallContext, Crm } from '../src/index.js';

/** A tenant with one sales department and its agents, for the journal benchmarks. */
export interface JournalOrg {
  tenantId: string;
  system: CallContext;
  agents: string[];
  as(employeeId: string): CallContext;
}

/** Creates a tenant, a department and `agents` agents (employees written set-based). */
export async function journalOrg(crm: Crm, agents: number): Promise<JournalOrg> {
  const tenant = await crm.services.tenants.create({ name: 'Bench' });
  const system = crm.context({ tenantId: tenant.id, actor: { kind: 'system', name: 'bench' } });
  const sales = await crm.services.departments.create(system, { name: 'Sales' });
  const ids = await crm.transaction(system, (tx) =>
    tx.sql<{ id: string }>(
      `insert into core_employee (tenant_id, id, name, department_id, role)
       select $1, core_uuidv7(), 'Agent ' || g, $2, 'agent' from generate_series(1, $3) g returning id`,
      [tenant.id, sales.id, agents],
    ),
  );
  return {
    tenantId: tenant.id,
    system,
    agents: ids.map((r) => r.id),
    as: (id) => crm.context({ tenantId: tenant.id, actor: { kind: 'employee', id } }),
  };
}

/** Writes `count` customers owned round-robin by the agents, set-based; returns their ids and owners. */
export async function seedCustomers(
  crm: Crm,
  org: JournalOrg,
  count: number,
): Promise<Array<{ id: string; ownerId: string }>> {
  const out: Array<{ id: string; ownerId: string }> = [];
  for (let start = 0; start < count; start += 100_000) {
    const rows = await crm.transaction(org.system, (tx) =>
      tx.sql<{ id: string; owner_id: string }>(
        `insert into core_party (tenant_id, id, kind, display_name, lifecycle, owner_id)
         select $1, uuidv7(), 'person', 'Customer ' || (g + $4), 'customer', ($2::uuid[])[1 + (g % array_length($2::uuid[], 1))]
         from generate_series(1, $3) g returning id, owner_id`,
        [org.tenantId, org.agents, Math.min(100_000, count - start), start],
      ),
    );
    out.push(...rows.map((r) => ({ id: r.id, ownerId: r.owner_id })));
  }
  return out;
}

/**
 * The journal of `parties`, `perParty` entries each, written set-based straight into the tables as
 * administrator (foreign-key triggers off: the rows are consistent by construction). Over the last
 * three years; a realistic mix of types; 30 % with notes; 2 % planned tasks assigned to the owner,
 * due between 30 days ago and 60 days ahead (so about a third are overdue).
 */
export async function seedJournal(
  adminUrl: string,
  tenantId: string,
  parties: ReadonlyArray<{ id: string; ownerId: string }>,
  perParty: number,
  onProgress?: (written: number) => void,
): Promise<number> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  let written = 0;
  try {
    await client.query(`set session_replication_role = replica`);
    const chunk = Math.max(1, Math.floor(500_000 / perParty));
    for (let start = 0; start < parties.length; start += chunk) {
      const slice = parties.slice(start, start + chunk);
      const result = await client.query(SEED_SQL, [
        tenantId,
        slice.map((p) => p.id),
        slice.map((p) => p.ownerId),
        perParty,
      ]);
      written += result.rowCount ?? 0;
      onProgress?.(written);
    }
  } finally {
    await client.end();
  }
  return written;
}

/** Vacuums and analyses the journal tables (as administrator), so plans and visibility maps are current. */
export async function vacuumJournal(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('vacuum analyze core_journal_entry, core_journal_party, core_party');
  } finally {
    await client.end();
  }
}

const SEED_SQL = `
with base as materialized (
  select p.party_id, p.owner_id, now() - random() * interval '1095 days' as occurred_at, random() as r, random() as n
  from unnest($2::uuid[], $3::uuid[]) as p(party_id, owner_id) cross join generate_series(1, $4) g
), src as materialized (
  select b.*, uuidv7(b.occurred_at - now()) as id,
    case when r < 0.02 then 'task' when r < 0.30 then 'call_outgoing' when r < 0.40 then 'call_incoming'
         when r < 0.60 then 'email' when r < 0.70 then 'meeting' when r < 0.78 then 'visit' when r < 0.85 then 'sms'
         when r < 0.92 then 'sale' when r < 0.96 then 'payment_received' else 'task' end as type
  from base b
), entries as (
  insert into core_journal_entry (tenant_id, id, type, occurred_at, actor, employee_id, direction, duration_seconds,
    outcome, amount, currency, notes, data, status, assignee_id, due_at)
  select $1, s.id, s.type, s.occurred_at, jsonb_build_object('kind', 'employee', 'id', s.owner_id), s.owner_id,
    case when s.type in ('call_outgoing', 'email', 'sms') then 'outbound' when s.type = 'call_incoming' then 'inbound' end,
    case when s.type like 'call_%' then (s.n * 900)::int end,
    case when s.type like 'call_%' then (array['interested', 'no answer', 'call back', 'not interested'])[1 + (s.n * 4)::int % 4] end,
    case when s.type in ('sale', 'payment_received') then round((s.n * 5000)::numeric, 2) end,
    case when s.type in ('sale', 'payment_received') then 'EUR' end,
    case when s.n < 0.3 then 'Talked about ' || (array['the spring catalogue', 'solar panels', 'a discount', 'delivery times',
      'the new contract', 'an invoice', 'the trade fair', 'a complaint'])[1 + (s.n * 80)::int % 8] end,
    case when s.type = 'task' then '{"title": "Follow up"}'::jsonb when s.type like 'call_%' then '{"phone": "+49 30 1234567"}'::jsonb
         when s.type = 'email' then '{"subject": "Our offer"}'::jsonb else '{}'::jsonb end,
    case when s.r < 0.02 then 'planned' when s.type = 'task' then 'done' end,
    case when s.type = 'task' then s.owner_id end,
    case when s.r < 0.02 then now() + (s.n * 90 - 30) * interval '1 day' end
  from src s
)
insert into core_journal_party (tenant_id, party_id, entry_id, role, occurred_at)
select $1, s.party_id, s.id, 'customer', s.occurred_at from src s`;
