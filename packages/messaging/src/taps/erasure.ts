import type { SetupApi } from '@rapport/core/plugin';
import { eraseAttachments } from '../attachments.js';

const NAME = '@rapport/messaging';

/**
 * What messages' declared participation (`participation.ts`: merge, export, blanking on erasure)
 * cannot express: an erasure skips what is still queued, so nothing more goes out to the person,
 * and removes the attachments of their messages.
 */
export function tapMessaging(api: SetupApi<unknown>): void {
  api.hooks.partyErasing.tapPromise(NAME, async ({ partyId }, tx) => {
    // Nothing more goes out to an erased person: what is still queued is skipped.
    await tx.sql(
      `update messaging_message set status = 'skipped', skip_reason = 'erased', finished_at = now()
       where tenant_id = $1 and party_id = $2 and status = 'queued'`,
      [tx.tenantId, partyId],
    );
    // The files sent to them go too (contents only once no other message refers to them).
    await eraseAttachments(tx, partyId);
  });
}
