/** Every messaging type and token this package uses, from one place (`@rapport/messaging`). */

export { TEMPLATE_SERVICE } from '@rapport/core/plugin';
export {
  type AudienceRow,
  audienceOf,
  CHANNEL_REGISTRY,
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
  RESERVED_TEMPLATE_KEYS,
  renderContext,
  type SendInput,
  type SendTimeQuery,
  unsubscribeToken,
} from '@rapport/messaging';
