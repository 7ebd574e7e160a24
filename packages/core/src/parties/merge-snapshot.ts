import type { TxContext } from '../kernel/context.js';
import type { Party } from './party.js';

/** `T` as it reads back from JSON: dates become ISO strings. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends Array<infer U>
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

/**
 * Everything the merged party was, kept in the merge audit: its view (fields, current contact points,
 * roles, dates, tags, custom fields) and its full trails (removed contact points, ended roles, every
 * consent, relationships, identity and external keys).
 */
export interface MergedSnapshot {
  party: Jsonified<Party>;
  contactPoints: Array<{
    id: string;
    kind: string;
    value: string;
    primary: boolean;
    details: Record<string, string>;
    removedAt: string | null;
  }>;
  roles: Array<{
    id: string;
    role: string;
    organizationId: string | null;
    validFrom: string;
    validTo: string | null;
  }>;
  consents: Array<{ id: string; channel: string; status: string; at: string; source: string | null }>;
  relationships: Array<{
    id: string;
    type: string;
    fromPartyId: string;
    toPartyId: string;
    validFrom: string | null;
    validTo: string | null;
    endedAt: string | null;
    note: string | null;
  }>;
  identities: Array<{ kind: string; value: string }>;
  externalKeys: Array<{ source: string; key: string }>;
}

/** Reads the snapshot of a party about to be merged (call it before anything moves). */
export async function snapshotParty(tx: TxContext, party: Party): Promise<MergedSnapshot> {
  const [row] = await tx.sql<Omit<MergedSnapshot, 'party'>>(
    `select
       coalesce((select json_agg(json_build_object('id', c.id, 'kind', c.kind, 'value', c.value, 'primary', c.is_primary,
           'details', c.details, 'removedAt', c.removed_at) order by c.id)
         from core_contact_point c where c.tenant_id = $1 and c.party_id = $2), '[]') as "contactPoints",
       coalesce((select json_agg(json_build_object('id', r.id, 'role', r.role, 'organizationId', r.organization_id,
           'validFrom', r.valid_from, 'validTo', r.valid_to) order by r.valid_from, r.id)
         from core_party_role r where r.tenant_id = $1 and r.party_id = $2), '[]') as roles,
       coalesce((select json_agg(json_build_object('id', c.id, 'channel', c.channel, 'status', c.status, 'at', c.at,
           'source', c.source) order by c.at, c.id)
         from core_consent c where c.tenant_id = $1 and c.party_id = $2), '[]') as consents,
       coalesce((select json_agg(json_build_object('id', r.id, 'type', r.type, 'fromPartyId', r.from_party_id,
           'toPartyId', r.to_party_id, 'validFrom', r.valid_from, 'validTo', r.valid_to, 'endedAt', r.ended_at,
           'note', r.note) order by r.id)
         from core_relationship r where r.tenant_id = $1 and (r.from_party_id = $2 or r.to_party_id = $2)), '[]') as relationships,
       coalesce((select json_agg(json_build_object('kind', i.kind, 'value', i.value) order by i.kind, i.value)
         from core_party_identity i where i.tenant_id = $1 and i.party_id = $2), '[]') as identities,
       coalesce((select json_agg(json_build_object('source', k.source, 'key', k.key) order by k.source, k.key)
         from core_party_external_key k where k.tenant_id = $1 and k.party_id = $2), '[]') as "externalKeys"`,
    [tx.tenantId, party.id],
  );
  return { party: JSON.parse(JSON.stringify(party)) as Jsonified<Party>, ...row! };
}
