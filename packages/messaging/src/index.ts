/**
 * `@rapport/messaging`: the channel contract, single sends, direct mail (mailings), consent checks,
 * unsubscribe tokens, and the tables and jobs behind them. Channels come from plugins
 * (`@rapport/messaging-email`, `@rapport/messaging-sms`) that declare them in `definePlugin({ channels })`.
 */

export { type AttachmentInput, AttachmentInputSchema } from './attachments.js';
export { type AudienceRow, audienceOf } from './audience.js';
export type {
  ChannelDeclaration,
  ChannelFactoryApi,
  DeliveryOutcome,
  MessageChannel,
  MessageJournalInput,
  MessageJournalStatus,
  MessageTransport,
  OutgoingAttachment,
  OutgoingMessage,
  SendTimeQuery,
  TemplatePartSpec,
} from './channel.js';
export type { ChannelRegistry } from './channel-registry.js';
export {
  AttachmentBlobEntity,
  MailingAttachmentEntity,
  MailingEntity,
  MessageAttachmentEntity,
  MessageAttemptEntity,
  MessageEntity,
  MessageResendEntity,
  messagingEntities,
} from './entities/index.js';
export {
  type MessageEventItem,
  type MessageOutcomeEvent,
  type MessageQueuedEvent,
  messagingHooks,
} from './hooks.js';
export {
  type Mailing,
  type MailingInput,
  MailingInputSchema,
  type MailingProgress,
  type Message,
  type MessageAttempt,
  type MessageStatus,
  type SendInput,
  SendInputSchema,
  type SkipReason,
  type UnsubscribeResult,
} from './messages.js';
export type { DeliveryReport, MessagingService } from './messaging-service.js';
export {
  MESSAGING_OPTIONS,
  type MessagingOptions,
  type MessagingOptionsInput,
  MessagingOptionsSchema,
} from './options.js';
export { messagingPlugin } from './plugin.js';
export { RESERVED_TEMPLATE_KEYS, renderContext } from './render-context.js';
export {
  type ResendInput,
  ResendInputSchema,
  type ResendUnknownInput,
  ResendUnknownInputSchema,
} from './resend.js';
export { SWEEP_SCHEDULE } from './sweep-job.js';
export { CHANNEL_REGISTRY, MESSAGING_SERVICE } from './tokens.js';
export { parseUnsubscribeToken, unsubscribeToken } from './unsubscribe-token.js';
export { MESSAGING_VERSION } from './version.js';
