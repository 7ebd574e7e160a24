import type { TxContext } from '@rapport/core/plugin';
import { lockPipelineForFacts, refreshDealFacts } from '../analytics/funnel-facts.js';

/**
 * What the declared erasure of deals (`participation.ts`) cannot express: the reasons of the erased
 * customer's stage changes and the old values in their deals' history may describe the person, so
 * they go too.
 */
export async function eraseDealHistory({ partyId }: { partyId: string }, tx: TxContext): Promise<void> {
  await tx.sql(
    `with erased as (select id from pipeline_deal where tenant_id = $1 and customer_id = $2),
     reasons as (
       update pipeline_stage_change c set reason = null from erased e where c.tenant_id = $1 and c.deal_id = e.id
     )
     update pipeline_deal_history h set changes = '{}' from erased e where h.tenant_id = $1 and h.deal_id = e.id`,
    [tx.tenantId, partyId],
  );
  // The loss reasons went from the stage history: the funnel's reason counts follow.
  const deals = await tx.sql<{ id: string; pipeline_id: string }>(
    'select id, pipeline_id from pipeline_deal where tenant_id = $1 and customer_id = $2 order by id',
    [tx.tenantId, partyId],
  );
  for (const pipelineId of [...new Set(deals.map((d) => d.pipeline_id))].sort())
    await lockPipelineForFacts(tx, pipelineId);
  await refreshDealFacts(
    tx,
    deals.map((d) => d.id),
  );
}
