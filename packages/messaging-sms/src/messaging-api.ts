/**
 * Every messaging type and token this package uses, from one place. Messaging is leaving core for
 * `@rapport/messaging`: when it lands, only this file changes.
 */

export type { DeliveryReport, Message, MessagingService, SendInput } from '@rapport/core/plugin';
export {
  CHANNEL_REGISTRY,
  type DeliveryOutcome,
  MESSAGING_SERVICE,
  type MessageChannel,
  type MessageJournalInput,
  type MessageTransport,
  type OutgoingMessage,
  TEMPLATE_SERVICE,
} from '@rapport/core/plugin';
