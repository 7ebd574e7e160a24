import type { SetupApi } from '../kernel/plugin.js';

const NAME = '@rapport/core/messaging';

/**
 * How messages take part in core's party operations: a merge moves them to the survivor, an export
 * includes them, an erasure skips what is still queued and blanks addresses, rendered content and
 * data (status, times and counts stay for the campaign figures).
 */
export function tapMessaging(api: SetupApi<unknown>): void {
  api.hooks.partiesMerging.tapPromise(NAME, async ({ survivorId, mergedId }, tx) => {
    await tx.sql('update core_message set party_id = $2 where tenant_id = $1 and party_id = $3', [
      tx.tenantId,
      survivorId,
      mergedId,
    ]);
  });

  api.hooks.collectPersonalData.tapPromise(NAME, async (sections, { partyId }, tx) => {
    const messages = await tx.sql(
      `select id, channel, campaign_id, address, template, locale, status, skip_reason, attempts, content,
         created_at, sent_at, finished_at, unsubscribed_at
       from core_message where tenant_id = $1 and party_id = $2 order by id`,
      [tx.tenantId, partyId],
    );
    return { ...sections, messages };
  });

  api.hooks.partyErasing.tapPromise(NAME, async ({ partyId }, tx) => {
    // Nothing more goes out to an erased person: what is still queued is skipped.
    await tx.sql(
      `update core_message set status = 'skipped', skip_reason = 'erased', finished_at = now()
       where tenant_id = $1 and party_id = $2 and status = 'queued'`,
      [tx.tenantId, partyId],
    );
    await tx.sql(
      `update core_message set address = null, content = null, data = null, last_error = null,
         unsubscribe_secret = null, erased_at = now()
       where tenant_id = $1 and party_id = $2`,
      [tx.tenantId, partyId],
    );
  });
}
