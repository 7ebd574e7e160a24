import type { TxContext } from '@rapport/core/plugin';

/**
 * After the declared participation moved the merged party's deals and contact links, a survivor
 * that is both a deal's customer and its contact person keeps only the customer role.
 */
export async function dropSelfContacts(survivorId: string, tx: TxContext): Promise<void> {
  await tx.sql(
    `delete from pipeline_deal_contact c using pipeline_deal d
     where c.tenant_id = $1 and c.party_id = $2 and d.tenant_id = c.tenant_id and d.id = c.deal_id and d.customer_id = $2`,
    [tx.tenantId, survivorId],
  );
}
