import type { NotifyPayload } from './message-events.js';

// Declaration merging, as any plugin does: messaging's job payloads join the kernel's `JobMap`.
declare module '@rapport/core/plugin' {
  interface JobMap {
    /** Delivers one single message (and each of its retries). */
    'messaging.deliver': { messageId: string };
    /** Sends a mailing's due messages for a while, then hands over to the next one. */
    'messaging.dispatch': { mailingId: string };
    /** Fires a message hook (`messageQueued`, `messageSent`, `messageFailed`, `messageDelivered`) after commit. */
    'messaging.notify': NotifyPayload;
    /** Marks single messages stuck in `sending` past their channel's claim timeout `unknown` (scheduled, per tenant). */
    'messaging.sweep-stale': Record<string, never>;
  }
}
