import type { TxContext } from '../kernel/context.js';
import { NotAllowedError } from '../kernel/errors.js';
import { paramBinder, visibilityOf, visibilitySql } from '../organisation/access.js';
import type { Party } from './party.js';

/** The columns and nested lists that make a {@link Party}, for `select ... from core_party p`. */
export const PARTY_VIEW_COLUMNS = `
  p.id, p.kind, p.display_name, p.given_name, p.family_name, p.organization_name, p.legal_name, p.tax_number,
  p.registration_number, p.locale, p.lifecycle, p.lost_reason, p.owner_id, p.team_id, p.source_channel,
  p.source_campaign, p.source_referrer_id, p.city, p.tags, p.custom, p.version, p.created_at, p.updated_at,
  coalesce((select json_agg(json_build_object('id', cp.id, 'kind', cp.kind, 'value', cp.value, 'label', cp.label,
      'primary', cp.is_primary, 'details', cp.details, 'invalidAt', cp.invalid_at, 'invalidReason', cp.invalid_reason,
      'quality', cp.quality, 'identifying', cp.identifying)
      order by cp.kind, not cp.is_primary, cp.id)
    from core_contact_point cp where cp.tenant_id = p.tenant_id and cp.party_id = p.id and cp.removed_at is null), '[]') as contact_points,
  coalesce((select json_agg(json_build_object('id', r.id, 'role', r.role, 'organizationId', r.organization_id,
      'validFrom', r.valid_from) order by r.valid_from, r.id)
    from core_party_role r where r.tenant_id = p.tenant_id and r.party_id = p.id and r.valid_to is null), '[]') as roles,
  coalesce((select json_agg(json_build_object('id', d.id, 'kind', d.kind, 'label', d.label, 'month', d.month,
      'day', d.day, 'year', d.year) order by d.month, d.day, d.id)
    from core_party_date d where d.tenant_id = p.tenant_id and d.party_id = p.id), '[]') as dates`;

/** A row selected with {@link PARTY_VIEW_COLUMNS}. */
export interface PartyViewRow {
  id: string;
  kind: Party['kind'];
  display_name: string;
  given_name: string | null;
  family_name: string | null;
  organization_name: string | null;
  legal_name: string | null;
  tax_number: string | null;
  registration_number: string | null;
  locale: string | null;
  lifecycle: Party['lifecycle'];
  lost_reason: string | null;
  owner_id: string | null;
  team_id: string | null;
  source_channel: string | null;
  source_campaign: string | null;
  source_referrer_id: string | null;
  city: string | null;
  tags: string[];
  custom: Record<string, unknown>;
  version: number;
  created_at: string;
  updated_at: string;
  contact_points: Array<Omit<Party['contactPoints'][number], 'invalidAt'> & { invalidAt: string | null }>;
  roles: Array<Omit<Party['roles'][number], 'validFrom'> & { validFrom: string }>;
  dates: Party['dates'];
}

/** Maps a {@link PartyViewRow} to a {@link Party}. */
export function toParty(row: PartyViewRow): Party {
  return {
    id: row.id,
    kind: row.kind,
    displayName: row.display_name,
    givenName: row.given_name,
    familyName: row.family_name,
    organizationName: row.organization_name,
    legalName: row.legal_name,
    taxNumber: row.tax_number,
    registrationNumber: row.registration_number,
    locale: row.locale,
    lifecycle: row.lifecycle,
    lostReason: row.lost_reason,
    ownerId: row.owner_id,
    teamId: row.team_id,
    source: {
      channel: row.source_channel,
      campaign: row.source_campaign,
      referrerId: row.source_referrer_id,
    },
    city: row.city,
    tags: row.tags,
    custom: row.custom,
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    contactPoints: row.contact_points.map((cp) => ({
      ...cp,
      invalidAt: cp.invalidAt ? new Date(cp.invalidAt) : null,
    })),
    roles: row.roles.map((r) => ({ ...r, validFrom: new Date(r.validFrom) })),
    dates: row.dates,
  };
}

/**
 * Reads parties by id (missing ids are absent from the result). Each row is checked against the
 * actor's visibility in the same query: a party the actor may not see is a not-allowed error.
 */
export async function readParties(
  tx: TxContext,
  ids: readonly string[],
  lock = false,
): Promise<Map<string, Party>> {
  if (ids.length === 0) return new Map();
  const visibility = await visibilityOf(tx);
  const params: unknown[] = [tx.tenantId, ids];
  const visible = visibilitySql(visibility, 'p', paramBinder(params));
  const rows = await tx.sql<PartyViewRow & { visible: boolean }>(
    `select ${PARTY_VIEW_COLUMNS}, ${visible} as visible from core_party p
     where p.tenant_id = $1 and p.id = any($2::uuid[])${lock ? ' for update of p' : ''}`,
    params,
  );
  const hidden = rows.filter((row) => !row.visible).map((row) => row.id);
  if (hidden.length > 0)
    throw new NotAllowedError(`Not allowed to access party ${hidden.join(', ')}`, { partyIds: hidden });
  return new Map(rows.map((row) => [row.id, toParty(row)]));
}
