import { defineEntity, p } from '@mikro-orm/core';
import type { Actor } from '../../kernel/context.js';
import { tenantRelation } from '../../kernel/relations.js';
import { PartyEntity } from '../../parties/entities/party.js';

/** The `core_erasure` table. */
export const ErasureEntity = defineEntity({
  name: 'Erasure',
  tableName: 'core_erasure',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    partyId: p.uuid().fieldName('party_id').persist(false),
    reason: p.text(),
    actor: p.json<Actor>(),
    at: p.datetime().defaultRaw('now()'),
    party: () => tenantRelation(PartyEntity, 'party_id'),
  },
});
