import { defineEntity, p } from '@mikro-orm/core';
import { tenantRelation } from '../../kernel/relations.js';
import { DepartmentEntity } from '../../organisation/entities/department.js';
import { EmployeeEntity } from '../../organisation/entities/employee.js';
import { TenantEntity } from '../../tenants/entities/tenant.js';

/** The `core_party` table. */
export const PartyEntity = defineEntity({
  name: 'Party',
  tableName: 'core_party',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    kind: p.text(),
    displayName: p.text(),
    givenName: p.text().nullable(),
    familyName: p.text().nullable(),
    organizationName: p.text().nullable(),
    legalName: p.text().nullable(),
    taxNumber: p.text().nullable(),
    registrationNumber: p.text().nullable(),
    locale: p.text().nullable(),
    lifecycle: p.text().nullable(),
    lostReason: p.text().nullable(),
    ownerId: p.uuid().fieldName('owner_id').persist(false).nullable(),
    teamId: p.uuid().fieldName('team_id').persist(false).nullable(),
    sourceChannel: p.text().nullable(),
    sourceCampaign: p.text().nullable(),
    sourceReferrerId: p.uuid().fieldName('source_referrer_id').persist(false).nullable(),
    city: p.text().nullable(),
    /** Double-metaphone code of the name's first word (kept by a trigger; for the duplicate check). */
    nameKeyFirst: p.text().nullable(),
    /** Double-metaphone code of the name's last word (kept by a trigger). */
    nameKeyLast: p.text().nullable(),
    tags: p.array().columnType('text[]').defaultRaw("'{}'"),
    custom: p.json<Record<string, unknown>>().defaultRaw("'{}'"),
    version: p.integer().defaultRaw('1'),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    erasedAt: p.datetime().nullable(),
    tenant: () =>
      p.manyToOne(TenantEntity).joinColumns('tenant_id').updateRule('no action').deleteRule('no action'),
    owner: () => tenantRelation(EmployeeEntity, 'owner_id').nullable(),
    sourceReferrer: () => tenantRelation(PartyEntity, 'source_referrer_id').nullable(),
    team: () => tenantRelation(DepartmentEntity, 'team_id').nullable(),
  },
  checks: [
    {
      name: 'core_party_kind_check',
      expression: "(kind = ANY (ARRAY['person'::text, 'organization'::text]))",
    },
    {
      name: 'core_party_lifecycle_check',
      expression:
        "(lifecycle = ANY (ARRAY['lead'::text, 'qualified'::text, 'customer'::text, 'lost'::text]))",
    },
  ],
  indexes: [
    {
      name: 'core_party_city_idx',
      expression:
        'CREATE INDEX core_party_city_idx ON core_party USING btree (tenant_id, city, kind) WHERE (city IS NOT NULL)',
    },
    {
      name: 'core_party_custom_idx',
      expression: 'CREATE INDEX core_party_custom_idx ON core_party USING gin (custom jsonb_path_ops)',
    },
    {
      name: 'core_party_lifecycle_idx',
      expression:
        'CREATE INDEX core_party_lifecycle_idx ON core_party USING btree (tenant_id, lifecycle, id)',
    },
    {
      name: 'core_party_team_idx',
      expression:
        'CREATE INDEX core_party_team_idx ON core_party USING btree (tenant_id, team_id) WHERE (team_id IS NOT NULL)',
    },
    {
      name: 'core_party_name_idx',
      expression:
        'CREATE INDEX core_party_name_idx ON core_party USING btree (tenant_id, lower(display_name), id)',
    },
    {
      name: 'core_party_name_key_first_idx',
      expression:
        'CREATE INDEX core_party_name_key_first_idx ON core_party USING btree (tenant_id, city, kind, name_key_first) WHERE (city IS NOT NULL)',
    },
    {
      name: 'core_party_name_key_last_idx',
      expression:
        'CREATE INDEX core_party_name_key_last_idx ON core_party USING btree (tenant_id, city, kind, name_key_last) WHERE (city IS NOT NULL)',
    },
    {
      name: 'core_party_name_trgm_idx',
      expression:
        'CREATE INDEX core_party_name_trgm_idx ON core_party USING gin (display_name gin_trgm_ops) WITH (fastupdate=off)',
    },
    {
      name: 'core_party_owner_idx',
      expression: 'CREATE INDEX core_party_owner_idx ON core_party USING btree (tenant_id, owner_id, id)',
    },
    {
      name: 'core_party_referrer_idx',
      expression:
        'CREATE INDEX core_party_referrer_idx ON core_party USING btree (tenant_id, source_referrer_id) WHERE (source_referrer_id IS NOT NULL)',
    },
    {
      name: 'core_party_tags_idx',
      expression: 'CREATE INDEX core_party_tags_idx ON core_party USING gin (tags)',
    },
  ],
});
