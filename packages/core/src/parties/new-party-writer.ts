import type { TxContext } from '../kernel/context.js';
import { paramBinder, visibilityOf, visibilitySql } from '../organisation/access.js';
import {
  type CustomFieldDefinition,
  TENANT_FIELD_COLUMNS,
  type TenantFieldRow,
  tenantFieldOf,
} from './custom-fields.js';
import { type DuplicateCandidate, type FuzzyRow, fuzzyCandidatesSql, toCandidates } from './fuzzy.js';
import type { Party } from './party.js';
import {
  claimIdentitiesSql,
  claimsJson,
  type IdentityConflict,
  identityConflicts,
  insertPartiesCtes,
} from './party-writer.js';
import type { PreparedParty } from './prepare.js';

/** What {@link writeNewParty} wrote and found. */
export interface NewParty {
  /** The party as written (what reading it back would return). */
  party: Party;
  /** Whether the actor may see the party: one they may not see is refused (after any conflict). */
  visible: boolean;
  /** Identity keys another party holds: the caller refuses the party (and so rolls it back). */
  conflicts: IdentityConflict[];
  /** Parties with a similar name in the same city or organisation (see `fuzzyCandidatesSql`). */
  candidates: DuplicateCandidate[];
  /** The tenant's required custom fields, when asked for (`requiredCustom`): the caller validates against them. */
  requiredCustom: CustomFieldDefinition[];
}

interface Row {
  version: number;
  created_at: string;
  updated_at: string;
  visible: boolean;
  roles: Array<{ id: string; validFrom: string }>;
  won: Array<{ kind: string; value: string }>;
  candidates: FuzzyRow[];
  required_custom: TenantFieldRow[];
}

/**
 * Creates one prepared party in one statement: its rows (see `insertPartiesCtes`), its identity
 * keys, whether the actor may see it, the fuzzy duplicate candidates and, when `requiredCustom`, the
 * tenant's required custom fields. The party is built from what was written, not read back.
 */
export async function writeNewParty(
  tx: TxContext,
  prepared: PreparedParty,
  options: { fuzzyThreshold: number; requiredCustom: boolean },
): Promise<NewParty> {
  const { sql, params } = insertPartiesCtes(tx, [prepared], 'create');
  const param = paramBinder(params);
  const visible = visibilitySql(await visibilityOf(tx), 'p', param);
  const claims = prepared.identities.map((k) => ({ ...k, partyId: prepared.id }));
  const fuzzy = fuzzyCandidatesSql(tx.tenantId, prepared, options.fuzzyThreshold, param);
  const [row] = await tx.sql<Row>(
    `with ${sql}, identities as (${claimIdentitiesSql(param(claimsJson(claims)))})
     select p.version, p.created_at, p.updated_at, ${visible} as visible,
       (select coalesce(json_agg(json_build_object('id', r.id, 'validFrom', r.valid_from)), '[]') from roles r) as roles,
       (select coalesce(json_agg(json_build_object('kind', i.kind, 'value', i.value)), '[]') from identities i) as won,
       ${fuzzy ? `(select coalesce(json_agg(f), '[]') from (${fuzzy}) f)` : `'[]'::json`} as candidates,
       ${
         options.requiredCustom
           ? `(select coalesce(json_agg(cf order by cf.key), '[]')
               from (select ${TENANT_FIELD_COLUMNS} from core_custom_field where tenant_id = $1 and required) cf)`
           : `'[]'::json`
       } as required_custom
     from parties p`,
    params,
  );
  return {
    party: partyOf(prepared, row!),
    visible: row!.visible,
    conflicts: await identityConflicts(tx, claims, row!.won),
    candidates: toCandidates(row!.candidates),
    requiredCustom: row!.required_custom.map(tenantFieldOf),
  };
}

/** The party as `readParties` would return it, from what was written: the same values, the same order. */
function partyOf(p: PreparedParty, row: Row): Party {
  const validFrom = new Map(row.roles.map((r) => [r.id, new Date(r.validFrom)]));
  return {
    id: p.id,
    kind: p.kind,
    displayName: p.displayName,
    givenName: p.givenName,
    familyName: p.familyName,
    organizationName: p.organizationName,
    legalName: p.legalName,
    taxNumber: p.taxNumber,
    registrationNumber: p.registrationNumber,
    locale: p.locale,
    lifecycle: p.lifecycle as Party['lifecycle'],
    lostReason: null,
    ownerId: p.ownerId,
    teamId: p.teamId,
    source: { channel: p.sourceChannel, campaign: p.sourceCampaign, referrerId: p.sourceReferrerId },
    city: p.city,
    tags: p.tags,
    custom: p.custom,
    version: row.version,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    contactPoints: p.contactPoints
      .map((cp) => ({
        id: cp.id,
        kind: cp.kind,
        value: cp.value,
        label: cp.label,
        primary: cp.primary,
        details: cp.details,
        invalidAt: null,
        invalidReason: null,
        quality: cp.quality,
        identifying: cp.identifying,
      }))
      // As read: by kind, the primary first, then by id.
      .sort(
        (a, b) => compare(a.kind, b.kind) || Number(b.primary) - Number(a.primary) || compare(a.id, b.id),
      ),
    roles: p.roles
      .map((r) => ({
        id: r.id,
        role: r.role,
        organizationId: r.organizationId,
        validFrom: validFrom.get(r.id)!,
      }))
      .sort((a, b) => a.validFrom.getTime() - b.validFrom.getTime() || compare(a.id, b.id)),
    dates: p.dates
      .map((d) => ({
        id: d.id,
        kind: d.kind as Party['dates'][number]['kind'],
        label: d.label,
        month: d.month,
        day: d.day,
        year: d.year,
      }))
      .sort((a, b) => a.month - b.month || a.day - b.day || compare(a.id, b.id)),
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
