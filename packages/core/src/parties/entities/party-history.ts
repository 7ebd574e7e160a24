import { defineEntity, p } from '@mikro-orm/core';
import type { Actor } from '../../kernel/context.js';
import { tenantRelation } from '../../kernel/relations.js';
import { PartyEntity } from './party.js';

/** The `core_party_history` table. */
export const PartyHistoryEntity = defineEntity({
  name: 'PartyHistory',
  tableName: 'core_party_history',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    partyId: p.uuid().fieldName('party_id').persist(false),
    at: p.datetime().defaultRaw('now()'),
    actor: p.json<Actor>(),
    operation: p.text(),
    changes: p.json<Record<string, unknown>>().defaultRaw("'{}'"),
    party: () => tenantRelation(PartyEntity, 'party_id'),
  },
  indexes: [
    {
      name: 'core_party_history_party_idx',
      expression:
        'CREATE INDEX core_party_history_party_idx ON core_party_history USING btree (tenant_id, party_id, id DESC)',
    },
  ],
});
