/**
 * Every messaging type and token this package uses, from one place. Messaging is leaving core for
 * `@rapport/messaging`: when it lands, only this file changes.
 */

export type { DeliveryReport, MessagingService } from '@rapport/core/plugin';
export {
  CHANNEL_REGISTRY,
  type DeliveryOutcome,
  MESSAGING_SERVICE,
  type MessageChannel,
  type MessageJournalInput,
  type MessageTransport,
  type OutgoingMessage,
} from '@rapport/core/plugin';
