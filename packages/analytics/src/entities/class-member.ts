import { defineEntity, PartyEntity, p, tenantRelation } from '@rapport/core/plugin';
import { ClassificationEntity } from './classification.js';

/** The `analytics_class_member` table: a party's class in a saved classification. */
export const ClassMemberEntity = defineEntity({
  name: 'AnalyticsClassMember',
  tableName: 'analytics_class_member',
  properties: {
    tenantId: p.uuid().primary(),
    classificationId: p.uuid().fieldName('classification_id').persist(false).primary(),
    partyId: p.uuid().fieldName('party_id').persist(false).primary(),
    class: p.text(),
    rank: p.integer(),
    value: p.decimal().precision(20).scale(4).nullable(),
    scores: p.json<Record<string, number>>().defaultRaw("'{}'::jsonb"),
    classification: () =>
      p
        .manyToOne(ClassificationEntity)
        .joinColumns('tenant_id', 'classification_id')
        .updateRule('no action')
        .deleteRule('cascade'),
    party: () => tenantRelation(PartyEntity, 'party_id'),
  },
  indexes: [
    {
      name: 'analytics_class_member_class_idx',
      expression:
        'CREATE INDEX analytics_class_member_class_idx ON analytics_class_member USING btree (tenant_id, classification_id, class, rank)',
    },
    {
      name: 'analytics_class_member_party_idx',
      expression:
        'CREATE INDEX analytics_class_member_party_idx ON analytics_class_member USING btree (tenant_id, party_id)',
    },
  ],
});
