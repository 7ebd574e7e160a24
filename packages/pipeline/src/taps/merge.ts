import type { PartiesMergeEvent, TxContext } from '@rapport/core/plugin';

/**
 * Moves a merged party's deals to the survivor inside the merge's transaction, set-based: the deals
 * whose customer it was (audited in `pipeline_deal_history`), and its contact-person links — dropping
 * a link the survivor already has on the same deal, or that would make the customer its own contact.
 */
export async function moveMergedParty(
  { survivorId, mergedId, mergeId }: PartiesMergeEvent,
  tx: TxContext,
): Promise<void> {
  await tx.sql(
    `with moved as (
       update pipeline_deal set customer_id = $2, version = version + 1, updated_at = clock_timestamp()
       where tenant_id = $1 and customer_id = $3 returning id
     )
     insert into pipeline_deal_history (tenant_id, id, deal_id, changed_at, actor, operation, changes)
     select $1, core_uuidv7(), id, clock_timestamp(), $4::jsonb, 'merge',
       jsonb_build_object('customerId', jsonb_build_array($3::uuid, $2::uuid), 'mergeId', $5::uuid)
     from moved`,
    [tx.tenantId, survivorId, mergedId, JSON.stringify(tx.actor), mergeId],
  );
  await tx.sql(
    `delete from pipeline_deal_contact m
     where m.tenant_id = $1 and m.party_id = $3
       and (exists (select 1 from pipeline_deal_contact s where s.tenant_id = $1 and s.deal_id = m.deal_id and s.party_id = $2)
         or exists (select 1 from pipeline_deal d where d.tenant_id = $1 and d.id = m.deal_id and d.customer_id = $2))`,
    [tx.tenantId, survivorId, mergedId],
  );
  await tx.sql(
    `delete from pipeline_deal_contact c using pipeline_deal d
     where c.tenant_id = $1 and c.party_id = $2 and d.tenant_id = c.tenant_id and d.id = c.deal_id and d.customer_id = $2`,
    [tx.tenantId, survivorId],
  );
  await tx.sql('update pipeline_deal_contact set party_id = $2 where tenant_id = $1 and party_id = $3', [
    tx.tenantId,
    survivorId,
    mergedId,
  ]);
}
