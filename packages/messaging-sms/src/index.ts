export {
  type CostEstimate,
  estimateCost,
  type PriceTable,
  type RecipientGroup,
} from './costs/estimate-cost.js';
export {
  type SmsEstimate,
  type SmsEstimateInput,
  SmsEstimateInputSchema,
  UNKNOWN_COUNTRY,
} from './costs/estimate-mailing.js';
export { measureSms, type SmsEncoding, type SmsLength, splitSms } from './encoding/measure.js';
export { requireSmsLength, SmsTooLongError } from './encoding/too-long.js';
export {
  CustomProviderSchema,
  PriceTableSchema,
  QuietHoursSchema,
  SenderIdSchema,
  SMS_OPTIONS,
  type SmsOptions,
  type SmsOptionsInput,
  SmsOptionsSchema,
  TwilioProviderSchema,
  VonageProviderSchema,
} from './options.js';
export { smsPlugin, transportFor } from './plugin.js';
export { parseRetryAfter } from './providers/http.js';
export {
  SMS_TRANSPORT,
  type SmsRequest,
  type SmsSendOutcome,
  type SmsTransport,
} from './providers/sms-transport.js';
export { classifyTwilioReply, type TwilioErrorBody } from './providers/twilio-classify.js';
export { TwilioTransport, type TwilioTransportOptions } from './providers/twilio-transport.js';
export { classifyVonageStatus, type VonageMessageStatus } from './providers/vonage-classify.js';
export { VonageTransport, type VonageTransportOptions } from './providers/vonage-transport.js';
export { isQuiet, nextAllowed, type QuietWindow, quietHours } from './scheduling/quiet-hours.js';
export { nextSendTime, recipientTimeZones } from './scheduling/recipient-time.js';
export { timeZoneOfCountry, timeZonesOfCountry } from './scheduling/time-zones.js';
export { countryOfNumber, type SenderIds, senderFor } from './senders/sender-id.js';
export {
  type SmsPreview,
  type SmsPreviewInput,
  type SmsSendInput,
  SmsService,
} from './service/sms-service.js';
export { createSmsChannel, deliverSms, statusCallbackFor, toDeliveryOutcome } from './sms-channel.js';
export { SMS_SERVICE } from './tokens.js';
export { SMS_VERSION } from './version.js';
export type { WebhookCrm } from './webhooks/crm-access.js';
export {
  type DeliveryStatus,
  twilioDeliveryStatus,
  vonageDeliveryStatus,
} from './webhooks/delivery-status.js';
export { handleInbound, type InboundResult, type InboundSms } from './webhooks/inbound.js';
export {
  DEFAULT_SMS_KEYWORDS,
  matchKeyword,
  normalizeKeyword,
  type SmsKeywords,
} from './webhooks/keywords.js';
export {
  createSmsWebhooks,
  type SmsWebhookOptions,
  type SmsWebhooks,
  type TenantHint,
} from './webhooks/sms-webhooks.js';
export { twilioSignature, verifyTwilioSignature } from './webhooks/twilio-signature.js';
export {
  type VonageSignatureAlgorithm,
  verifyVonageSignature,
  vonageSignature,
} from './webhooks/vonage-signature.js';
