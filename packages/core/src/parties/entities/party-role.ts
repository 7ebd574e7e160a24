import { defineEntity, p } from '@mikro-orm/core';
import { tenantRelation } from '../../kernel/relations.js';
import { PartyEntity } from './party.js';

/** The `core_party_role` table. */
export const PartyRoleEntity = defineEntity({
  name: 'PartyRole',
  tableName: 'core_party_role',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    partyId: p.uuid().fieldName('party_id').persist(false),
    role: p.text(),
    organizationId: p.uuid().fieldName('organization_id').persist(false).nullable(),
    validFrom: p.datetime().defaultRaw('now()'),
    validTo: p.datetime().nullable(),
    endReason: p.text().nullable(),
    organization: () => tenantRelation(PartyEntity, 'organization_id').nullable(),
    party: () => tenantRelation(PartyEntity, 'party_id'),
  },
  indexes: [
    {
      name: 'core_party_role_current_idx',
      expression:
        "CREATE UNIQUE INDEX core_party_role_current_idx ON core_party_role USING btree (tenant_id, party_id, role, COALESCE(organization_id, '00000000-0000-0000-0000-000000000000'::uuid)) WHERE (valid_to IS NULL)",
    },
    {
      name: 'core_party_role_org_idx',
      expression:
        'CREATE INDEX core_party_role_org_idx ON core_party_role USING btree (tenant_id, organization_id) WHERE (organization_id IS NOT NULL)',
    },
    {
      name: 'core_party_role_party_idx',
      expression:
        'CREATE INDEX core_party_role_party_idx ON core_party_role USING btree (tenant_id, party_id)',
    },
    {
      name: 'core_party_role_role_idx',
      expression:
        'CREATE INDEX core_party_role_role_idx ON core_party_role USING btree (tenant_id, role, party_id) WHERE (valid_to IS NULL)',
    },
  ],
});
