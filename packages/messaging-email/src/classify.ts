import type { DeliveryOutcome } from '@rapport/messaging';

/** The fields of a nodemailer error that say what went wrong. */
export interface SmtpErrorLike {
  message?: string;
  code?: string;
  responseCode?: number;
  command?: string;
  response?: string;
}

/**
 * Classifies an SMTP failure. 5xx replies are permanent; at `RCPT TO`, or with an enhanced status
 * `5.1.x` (bad mailbox or domain), the address is to blame and is marked invalid. 4xx replies,
 * dropped connections, timeouts and authentication failures (a configuration problem to fix, not a
 * reason to lose the message) are transient. An address nodemailer refuses to even send to is
 * permanently invalid.
 */
export function classifySmtpError(error: SmtpErrorLike): Extract<DeliveryOutcome, { status: 'failed' }> {
  const reason = (error.response ?? error.message ?? String(error)).slice(0, 1000);
  const code = error.responseCode;
  if (code !== undefined && code >= 500 && code < 600 && error.code !== 'EAUTH') {
    const atRecipient = error.command === 'RCPT TO';
    const badMailbox = /\b5\.1\.\d{1,3}\b/.test(reason);
    return { status: 'failed', permanent: true, invalidAddress: atRecipient || badMailbox, reason };
  }
  if (code === undefined && error.code === 'EENVELOPE' && error.command === 'API') {
    return { status: 'failed', permanent: true, invalidAddress: true, reason };
  }
  return { status: 'failed', permanent: false, reason };
}
