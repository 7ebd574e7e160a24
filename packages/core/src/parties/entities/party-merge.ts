import { defineEntity, p } from '@mikro-orm/core';
import type { Actor } from '../../kernel/context.js';
import { tenantRelation } from '../../kernel/relations.js';
import { PartyEntity } from './party.js';

/** The `core_party_merge` table. */
export const PartyMergeEntity = defineEntity({
  name: 'PartyMerge',
  tableName: 'core_party_merge',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    survivorId: p.uuid().fieldName('survivor_id').persist(false),
    mergedId: p.uuid(),
    mergedSnapshot: p.json<Record<string, unknown>>(),
    moved: p.json<Record<string, unknown>>(),
    reason: p.text().nullable(),
    actor: p.json<Actor>(),
    at: p.datetime().defaultRaw('now()'),
    survivor: () => tenantRelation(PartyEntity, 'survivor_id'),
  },
  indexes: [
    {
      name: 'core_party_merge_merged_idx',
      expression:
        'CREATE INDEX core_party_merge_merged_idx ON core_party_merge USING btree (tenant_id, merged_id)',
    },
    {
      name: 'core_party_merge_survivor_idx',
      expression:
        'CREATE INDEX core_party_merge_survivor_idx ON core_party_merge USING btree (tenant_id, survivor_id)',
    },
  ],
});
