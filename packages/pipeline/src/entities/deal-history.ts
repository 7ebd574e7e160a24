import type { Actor } from '@rapport/core/plugin';
import { defineEntity, p, tenantRelation } from '@rapport/core/plugin';
import { DealEntity } from './deal.js';

/** The `pipeline_deal_history` table. */
export const DealHistoryEntity = defineEntity({
  name: 'DealHistory',
  tableName: 'pipeline_deal_history',
  properties: {
    tenantId: p.uuid().primary(),
    id: p.uuid().primary(),
    dealId: p.uuid().fieldName('deal_id').persist(false),
    changedAt: p.datetime().defaultRaw('now()'),
    actor: p.json<Actor>(),
    operation: p.text(),
    changes: p.json<Record<string, [unknown, unknown]>>(),
    deal: () => tenantRelation(DealEntity, 'deal_id'),
  },
  indexes: [
    {
      name: 'pipeline_deal_history_deal_idx',
      expression:
        'CREATE INDEX pipeline_deal_history_deal_idx ON pipeline_deal_history USING btree (tenant_id, deal_id, changed_at, id)',
    },
  ],
});
