import type { TxContext } from '@rapport/core/plugin';
import { DEAL_COLUMNS, type DealRow, toDeal } from '../deals/deal-reader.js';

/** Adds a `deals` section to a person's data export: the deals they are the customer or a contact of. */
export async function exportDeals(
  sections: Record<string, unknown>,
  { partyId }: { partyId: string },
  tx: TxContext,
): Promise<Record<string, unknown>> {
  const rows = await tx.sql<DealRow>(
    `select ${DEAL_COLUMNS} from pipeline_deal d
     where d.tenant_id = $1 and (d.customer_id = $2 or exists (
       select 1 from pipeline_deal_contact c where c.tenant_id = d.tenant_id and c.deal_id = d.id and c.party_id = $2))
     order by d.id`,
    [tx.tenantId, partyId],
  );
  return { ...sections, deals: rows.map(toDeal) };
}

/**
 * Erasing a person keeps their deals for the sums (amount, stage, dates) but drops the free text that
 * may describe them: the title becomes "Erased", the close reason, source and custom fields go, as do
 * the reasons of the deals' stage changes; contact-person links to the person are removed.
 */
export async function eraseDeals({ partyId }: { partyId: string }, tx: TxContext): Promise<void> {
  await tx.sql(
    `with erased as (
       update pipeline_deal set title = 'Erased', close_reason = null, source = null, custom = '{}',
         version = version + 1, updated_at = clock_timestamp()
       where tenant_id = $1 and customer_id = $2 returning id
     ), reasons as (
       update pipeline_stage_change c set reason = null from erased e where c.tenant_id = $1 and c.deal_id = e.id
     )
     update pipeline_deal_history h set changes = '{}' from erased e where h.tenant_id = $1 and h.deal_id = e.id`,
    [tx.tenantId, partyId],
  );
  await tx.sql('delete from pipeline_deal_contact where tenant_id = $1 and party_id = $2', [
    tx.tenantId,
    partyId,
  ]);
}
