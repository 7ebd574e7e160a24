import type { SqlRunner } from '../kernel/database.js';
import { type Migration, tenantIsolationSql } from '../kernel/migrations.js';
import { readPhone } from '../parties/contact-point-quality.js';
import { isSharedDomain, registrableDomain } from '../parties/shared-domains.js';

const PAGE = 5000;

/**
 * Contact points kept but flagged (`quality`), contact points that never identify (`identifying`),
 * the tenants' shared-domain lists, and identity keys recomputed: a website's key becomes its
 * registrable domain (never a shared host's or a free-mail domain's) and a stored phone that is not
 * valid gives none. Written to be re-runnable: every step checks what is there.
 */
export const contactPointQualityMigration: Migration = {
  name: '0007_contact_point_quality',
  async up({ sql }) {
    await sql(`
alter table core_contact_point add column if not exists quality text not null default 'verified';
alter table core_contact_point drop constraint if exists core_contact_point_quality_check;
alter table core_contact_point add constraint core_contact_point_quality_check check (quality in ('verified', 'unverified'));
alter table core_contact_point add column if not exists identifying boolean not null default true;
create table if not exists core_shared_domain (
  tenant_id uuid not null,
  domain text not null,
  shared boolean not null default true,
  created_at timestamptz not null default now(),
  primary key (tenant_id, domain)
);
drop policy if exists core_shared_domain_tenant_isolation on core_shared_domain;
${tenantIsolationSql('core_shared_domain')}`);
    // Row-level security hides every row without a tenant: recompute one tenant at a time.
    const tenants = await sql<{ id: string }>('select id from core_tenant order by id');
    for (const { id } of tenants) {
      await sql(`select set_config('app.tenant_id', $1, true)`, [id]);
      await recomputeDomains(sql, id);
      await flagInvalidPhones(sql, id);
    }
    await sql(`select set_config('app.tenant_id', '', true)`);
  },
};

interface Row {
  id: string;
  party_id: string;
  value: string;
  details: Record<string, string>;
  party_kind: string;
}

async function* pages(sql: SqlRunner, tenantId: string, kind: string): AsyncGenerator<Row[]> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await sql<Row>(
      `select cp.id, cp.party_id, cp.value, cp.details, p.kind as party_kind
       from core_contact_point cp join core_party p on p.tenant_id = cp.tenant_id and p.id = cp.party_id
       where cp.tenant_id = $1 and cp.kind = $2 and cp.removed_at is null and cp.id > $3
       order by cp.id limit ${PAGE}`,
      [tenantId, kind, after],
    );
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.id;
  }
}

/** Websites get `host` and their registrable `domain`; organisations' domain keys are claimed anew (oldest first). */
async function recomputeDomains(sql: SqlRunner, tenantId: string): Promise<void> {
  await sql(`delete from core_party_identity where tenant_id = $1 and kind = 'domain'`, [tenantId]);
  for await (const rows of pages(sql, tenantId, 'website')) {
    const updates = rows.map((r) => {
      const host = hostOf(r.value);
      const domain = host ? registrableDomain(host) : undefined;
      const details: Record<string, string> = { ...r.details };
      delete details.domain;
      if (host) details.host = host;
      if (domain) details.domain = domain;
      const key = r.party_kind === 'organization' && host && domain && !isSharedDomain(host) ? domain : null;
      return { id: r.id, party_id: r.party_id, details, key };
    });
    await sql(
      `update core_contact_point cp set details = u.details
       from jsonb_to_recordset($2::jsonb) as u(id uuid, details jsonb)
       where cp.tenant_id = $1 and cp.id = u.id`,
      [tenantId, JSON.stringify(updates.map((u) => ({ id: u.id, details: u.details })))],
    );
    await sql(
      `insert into core_party_identity (tenant_id, kind, value, party_id)
       select $1, 'domain', u.key, u.party_id from jsonb_to_recordset($2::jsonb) as u(key text, party_id uuid)
       on conflict do nothing`,
      [tenantId, JSON.stringify(updates.filter((u) => u.key !== null))],
    );
  }
}

/** Stored phones that libphonenumber no longer finds valid are flagged and release their keys. */
async function flagInvalidPhones(sql: SqlRunner, tenantId: string): Promise<void> {
  for await (const rows of pages(sql, tenantId, 'phone')) {
    const invalid = rows.filter((r) => !readPhone(r.value, r.details.country ?? 'US').valid);
    if (invalid.length === 0) continue;
    await sql(
      `update core_contact_point set quality = 'unverified' where tenant_id = $1 and id = any($2::uuid[])`,
      [tenantId, invalid.map((r) => r.id)],
    );
    await sql(
      `delete from core_party_identity i using unnest($2::uuid[], $3::text[]) as f(party_id, value)
       where i.tenant_id = $1 and i.kind = 'phone' and i.value = f.value and i.party_id = f.party_id
         and not exists (select 1 from core_contact_point cp where cp.tenant_id = $1 and cp.party_id = f.party_id
           and cp.kind = 'phone' and cp.value = f.value and cp.removed_at is null and cp.quality = 'verified')`,
      [tenantId, invalid.map((r) => r.party_id), invalid.map((r) => r.value)],
    );
  }
}

function hostOf(value: string): string | undefined {
  try {
    return new URL(value).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}
