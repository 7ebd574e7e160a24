/** Every messaging type and token this package uses, from one place (`@rapport/messaging`). */

export { TEMPLATE_SERVICE } from '@rapport/core/plugin';
export {
  type ChannelDeclaration,
  type DeliveryOutcome,
  type DeliveryReport,
  MESSAGING_SERVICE,
  type Message,
  type MessageChannel,
  type MessageJournalInput,
  type MessageTransport,
  type MessagingService,
  type OutgoingMessage,
  type SendInput,
  type SendTimeQuery,
} from '@rapport/messaging';
