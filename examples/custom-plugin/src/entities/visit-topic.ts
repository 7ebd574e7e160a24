import { defineEntity, p } from '@rapport/core/plugin';

/** The `visit_notes_topic` table: the topics a tenant files its visit notes under. */
export const VisitTopicSchema = defineEntity({
  name: 'VisitNotesTopic',
  tableName: 'visit_notes_topic',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    name: p.text(),
  },
});

/** The MikroORM entity class of a visit topic. */
export class VisitTopic extends VisitTopicSchema.class {}
VisitTopicSchema.setClass(VisitTopic);
