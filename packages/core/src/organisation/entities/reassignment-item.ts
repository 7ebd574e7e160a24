import { defineEntity, p } from '@mikro-orm/core';
import { tenantRelation } from '../../kernel/relations.js';
import { PartyEntity } from '../../parties/entities/party.js';
import { ReassignmentEntity } from './reassignment.js';

/** The `core_reassignment_item` table. */
export const ReassignmentItemEntity = defineEntity({
  name: 'ReassignmentItem',
  tableName: 'core_reassignment_item',
  properties: {
    tenantId: p.uuid().primary(),
    reassignmentId: p.uuid().fieldName('reassignment_id').persist(false).primary(),
    partyId: p.uuid().fieldName('party_id').persist(false).primary(),
    party: () => tenantRelation(PartyEntity, 'party_id'),
    reassignment: () => tenantRelation(ReassignmentEntity, 'reassignment_id'),
  },
  indexes: [
    {
      name: 'core_reassignment_item_party_idx',
      expression:
        'CREATE INDEX core_reassignment_item_party_idx ON core_reassignment_item USING btree (tenant_id, party_id)',
    },
  ],
});
