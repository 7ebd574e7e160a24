import { defineEntity, p } from '@mikro-orm/core';
import { tenantRelation } from '../../kernel/relations.js';
import { PartyEntity } from './party.js';

/** The `core_party_identity` table. */
export const PartyIdentityEntity = defineEntity({
  name: 'PartyIdentity',
  tableName: 'core_party_identity',
  properties: {
    tenantId: p.uuid().primary(),
    kind: p.text().primary(),
    value: p.text().primary(),
    partyId: p.uuid().fieldName('party_id').persist(false),
    party: () => tenantRelation(PartyEntity, 'party_id'),
  },
  checks: [
    {
      name: 'core_party_identity_kind_check',
      expression:
        "(kind = ANY (ARRAY['email'::text, 'phone'::text, 'tax_number'::text, 'registration_number'::text, 'domain'::text]))",
    },
  ],
  indexes: [
    {
      name: 'core_party_identity_party_idx',
      expression:
        'CREATE INDEX core_party_identity_party_idx ON core_party_identity USING btree (tenant_id, party_id)',
    },
  ],
});
