import { defineEntity, p } from '@mikro-orm/core';
import { tenantRelation } from '../../kernel/relations.js';
import { EmployeeEntity } from '../../organisation/entities/employee.js';
import type { Filter } from '../filter.js';

/** The `core_segment` table. */
export const SegmentEntity = defineEntity({
  name: 'Segment',
  tableName: 'core_segment',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    name: p.text(),
    filter: p.json<Filter>(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p.datetime().defaultRaw('now()'),
    ownerId: p.uuid().fieldName('owner_id').persist(false).nullable(),
    owner: () => tenantRelation(EmployeeEntity, 'owner_id').nullable(),
  },
  indexes: [
    {
      name: 'core_segment_owner_idx',
      expression:
        'CREATE INDEX core_segment_owner_idx ON core_segment USING btree (tenant_id, owner_id) WHERE (owner_id IS NOT NULL)',
    },
  ],
  uniques: [
    {
      name: 'core_segment_tenant_id_name_key',
      expression:
        'CREATE UNIQUE INDEX core_segment_tenant_id_name_key ON core_segment USING btree (tenant_id, name)',
    },
  ],
});
