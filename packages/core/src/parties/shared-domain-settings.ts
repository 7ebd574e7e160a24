import { z } from 'zod';
import type { TxContext } from '../kernel/context.js';
import type { SharedDomainOverrides } from './shared-domains.js';

/** A domain or host as a tenant lists it: `host.example`, lower case, no scheme or path. */
export const SharedDomainListSchema = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(
        /^(?=.{3,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/,
        'must be a domain like "host.example"',
      ),
  )
  .min(1)
  .max(1000);

/** A tenant's entry in the shared-domain list. */
export interface SharedDomainSetting {
  domain: string;
  /** True: never an identity key; false: a default entry the tenant lifted. */
  shared: boolean;
}

/** The tenant's changes to the default shared-domain list. */
export async function sharedDomainOverrides(tx: TxContext): Promise<SharedDomainOverrides> {
  const rows = await tx.sql<{ domain: string; shared: boolean }>(
    'select domain, shared from core_shared_domain where tenant_id = $1',
    [tx.tenantId],
  );
  return {
    shared: new Set(rows.filter((r) => r.shared).map((r) => r.domain)),
    notShared: new Set(rows.filter((r) => !r.shared).map((r) => r.domain)),
  };
}

/** The tenant's entries, by domain. */
export async function listSharedDomains(tx: TxContext): Promise<SharedDomainSetting[]> {
  return tx.sql<SharedDomainSetting>(
    'select domain, shared from core_shared_domain where tenant_id = $1 order by domain',
    [tx.tenantId],
  );
}

/**
 * Records domains as shared (or lifts defaults with `shared: false`). Marking a domain shared
 * releases the website identity keys it gave, in the same statement set; lifting one does not claim
 * keys for websites already stored (add the website again to claim it). Returns the keys released.
 */
export async function saveSharedDomains(
  tx: TxContext,
  domains: readonly string[],
  shared: boolean,
): Promise<number> {
  await tx.sql(
    `insert into core_shared_domain (tenant_id, domain, shared)
     select $1, d, $3 from unnest($2::text[]) as d
     on conflict (tenant_id, domain) do update set shared = excluded.shared`,
    [tx.tenantId, domains, shared],
  );
  if (!shared) return 0;
  const released = await tx.sql<{ value: string }>(
    `delete from core_party_identity i
     where i.tenant_id = $1 and i.kind = 'domain' and exists (
       select 1 from core_contact_point cp, unnest($2::text[]) as d
       where cp.tenant_id = i.tenant_id and cp.party_id = i.party_id and cp.kind = 'website'
         and cp.removed_at is null and cp.details->>'domain' = i.value
         and (coalesce(cp.details->>'host', i.value) = d or coalesce(cp.details->>'host', i.value) like '%.' || d))
     returning i.value`,
    [tx.tenantId, domains],
  );
  return released.length;
}
