export { measureSms, type SmsEncoding, type SmsLength, splitSms } from './encoding/measure.js';
export { requireSmsLength, SmsTooLongError } from './encoding/too-long.js';
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
export { SMS_VERSION } from './version.js';
export { twilioSignature, verifyTwilioSignature } from './webhooks/twilio-signature.js';
export {
  type VonageSignatureAlgorithm,
  verifyVonageSignature,
  vonageSignature,
} from './webhooks/vonage-signature.js';
