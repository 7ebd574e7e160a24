import type { CallContext, HooksOf } from '@rapport/core/plugin';
import { defineHooks, parallel } from '@rapport/core/plugin';
import type { MessageStatus } from './messages.js';

/** One message in a message event. */
export interface MessageEventItem {
  id: string;
  partyId: string;
  mailingId: string | null;
  status: MessageStatus;
  /** Why it failed, or why its outcome is unknown; null when sent, delivered or queued. */
  reason: string | null;
}

/**
 * Payload of `messageQueued`: a single send (or a re-send) queued one message, named in `messages`;
 * a mailing queued `count` messages at once, and `messages` is empty (50,000 recipients are one
 * event, not 50,000 — read them by `mailingId`).
 */
export interface MessageQueuedEvent {
  tenantId: string;
  channel: string;
  mailingId: string | null;
  /** How many messages were queued. */
  count: number;
  /** The queued messages, for single sends and re-sends; empty for a mailing. */
  messages: MessageEventItem[];
}

/**
 * Payload of `messageSent`, `messageFailed` and `messageDelivered`: the messages of one channel whose
 * outcome one round of delivery recorded (one message for a single send; a chunk of a mailing), or
 * the one message a delivery report (`reportDelivery`) changed.
 */
export interface MessageOutcomeEvent {
  tenantId: string;
  channel: string;
  messages: MessageEventItem[];
}

/**
 * The hooks messaging offers. All run after the recording transaction committed (through the
 * durable queue, job `messaging.notify`), never inside it; a throwing tap is logged and does not
 * stop the others or retry anything. A rolled-back send fires nothing.
 */
export const messagingHooks = defineHooks({
  /** Messages were queued: one single send, one re-send, or a whole mailing (with its count). */
  messageQueued: parallel<[MessageQueuedEvent, CallContext]>('event', 'ctx'),
  /** Messages were accepted by the channel's provider (status `sent`). */
  messageSent: parallel<[MessageOutcomeEvent, CallContext]>('event', 'ctx'),
  /**
   * Messages reached a bad end: `failed` (refused for good, or retries exhausted), `bounced` (the
   * address refused), or `unknown` (a worker died while sending; see `messaging.resend`) — or a
   * delivery report said `bounced` or `failed` later (`messaging.reportDelivery`).
   */
  messageFailed: parallel<[MessageOutcomeEvent, CallContext]>('event', 'ctx'),
  /** A delivery report said a message reached its recipient (status `delivered`, `messaging.reportDelivery`). */
  messageDelivered: parallel<[MessageOutcomeEvent, CallContext]>('event', 'ctx'),
});

// Declaration merging: these hooks join core's `CrmHooks`.
declare module '@rapport/core/plugin' {
  interface CrmHooks extends HooksOf<typeof messagingHooks> {}
}
