import { defineEntity, p } from '@mikro-orm/core';
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
  },
  uniques: [
    {
      name: 'core_segment_tenant_id_name_key',
      expression:
        'CREATE UNIQUE INDEX core_segment_tenant_id_name_key ON core_segment USING btree (tenant_id, name)',
    },
  ],
});
