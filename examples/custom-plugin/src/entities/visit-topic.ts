import { defineEntity, p } from '@rapport/core/plugin';

/** The `visit_notes_topic` table: the topics a tenant files its visit notes under. */
export const VisitTopicEntity = defineEntity({
  name: 'VisitTopic',
  tableName: 'visit_notes_topic',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    name: p.text(),
  },
  uniques: [{ name: 'visit_notes_topic_tenant_id_name_key', properties: ['tenantId', 'name'] }],
});
