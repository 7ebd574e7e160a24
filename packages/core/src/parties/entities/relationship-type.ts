import { defineEntity, p } from '@mikro-orm/core';

/** The `core_relationship_type` table. */
export const RelationshipTypeEntity = defineEntity({
  name: 'RelationshipType',
  tableName: 'core_relationship_type',
  properties: {
    tenantId: p.uuid().primary(),
    key: p.text().primary(),
    label: p.text(),
    inverseLabel: p.text(),
    isSymmetric: p.boolean().defaultRaw('false'),
  },
});
