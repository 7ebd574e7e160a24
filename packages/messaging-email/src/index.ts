export { classifySmtpError, type SmtpErrorLike } from './classify.js';
export { createEmailChannel, toEmail } from './email-channel.js';
export { EMAIL_TRANSPORT, type EmailMessage, type EmailTransport } from './email-transport.js';
export { htmlToText } from './html-to-text.js';
export {
  EMAIL_OPTIONS,
  type EmailOptions,
  type EmailOptionsInput,
  EmailOptionsSchema,
  SmtpOptionsSchema,
} from './options.js';
export { emailPlugin } from './plugin.js';
export { SmtpTransport } from './smtp-transport.js';
export { EMAIL_VERSION } from './version.js';
