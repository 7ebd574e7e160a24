import { defineEntity, p } from '@mikro-orm/core';
import { tenantRelation } from '../../kernel/relations.js';
import { PartyEntity } from './party.js';

/** The `core_relationship` table. */
export const RelationshipEntity = defineEntity({
  name: 'Relationship',
  tableName: 'core_relationship',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    type: p.text(),
    fromPartyId: p.uuid().fieldName('from_party_id').persist(false),
    toPartyId: p.uuid().fieldName('to_party_id').persist(false),
    validFrom: p.date().nullable(),
    validTo: p.date().nullable(),
    note: p.text().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
    endedAt: p.datetime().nullable(),
    fromParty: () => tenantRelation(PartyEntity, 'from_party_id'),
    toParty: () => tenantRelation(PartyEntity, 'to_party_id'),
  },
  checks: [{ name: 'core_relationship_check', expression: '(from_party_id <> to_party_id)' }],
  indexes: [
    {
      name: 'core_relationship_from_idx',
      expression:
        'CREATE INDEX core_relationship_from_idx ON core_relationship USING btree (tenant_id, from_party_id, type)',
    },
    {
      name: 'core_relationship_to_idx',
      expression:
        'CREATE INDEX core_relationship_to_idx ON core_relationship USING btree (tenant_id, to_party_id, type)',
    },
  ],
});
