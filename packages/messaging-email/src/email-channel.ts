import type { DeliveryOutcome, MessageChannel, OutgoingMessage } from '@rapport/messaging';
import type { EmailMessage, EmailTransport } from './email-transport.js';
import { htmlToText } from './html-to-text.js';
import type { EmailOptions } from './options.js';

/** The domain of an address like `"Acme" <news@acme.example>`. */
function domainOf(address: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(address);
  return match?.[1] ?? 'localhost';
}

/**
 * Builds the email a transport sends from a rendered message: sender, a deterministic Message-ID
 * (`<message id@domain>`, the same on every attempt), a text part (derived from the HTML when the
 * template has none), the message's attachments and, for direct mail, `List-Unsubscribe` with
 * one-click (RFC 8058).
 */
export function toEmail(message: OutgoingMessage, options: EmailOptions): EmailMessage {
  const { subject = '', html, text } = message.parts;
  const headers: Record<string, string> = {};
  if (message.mailingId && message.unsubscribeUrl) {
    const targets = [`<${message.unsubscribeUrl}>`];
    if (options.unsubscribeMailto) targets.push(`<mailto:${options.unsubscribeMailto}?subject=unsubscribe>`);
    headers['List-Unsubscribe'] = targets.join(', ');
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  return {
    from: options.from,
    to: message.to,
    ...(options.replyTo ? { replyTo: options.replyTo } : {}),
    subject,
    ...(html !== undefined ? { html } : {}),
    text: text ?? htmlToText(html ?? ''),
    messageId: `<${message.id}@${options.messageIdDomain ?? domainOf(options.from)}>`,
    headers,
    ...(message.attachments?.length
      ? {
          attachments: message.attachments.map(({ filename, contentType, content }) => ({
            filename,
            contentType,
            content,
          })),
        }
      : {}),
  };
}

/** The email channel: what core needs to send templated email through `transport`. */
export function createEmailChannel(options: EmailOptions, transport: EmailTransport): MessageChannel {
  const { unsubscribeUrl } = options;
  return {
    name: 'email',
    contactKind: 'email',
    consentChannel: 'email',
    consentPolicy: options.consentPolicy,
    activityType: 'email',
    attachments: true,
    parts: { subject: { required: true }, html: { html: true }, text: {} },
    defaultLocale: options.defaultLocale,
    transport: {
      deliver: (message: OutgoingMessage): Promise<DeliveryOutcome> =>
        transport.send(toEmail(message, options)),
      close: async () => transport.close?.(),
    },
    rate: options.rate,
    batchSize: options.batchSize,
    concurrency: options.concurrency ?? options.smtp.maxConnections,
    retry: options.retry,
    claimTimeoutSeconds: options.claimTimeoutSeconds,
    ...(unsubscribeUrl
      ? { unsubscribeUrl: (token: string) => unsubscribeUrl.replace('{token}', encodeURIComponent(token)) }
      : {}),
    journalData: ({ message, status, template, reason }) => ({
      ...(message.parts.subject ? { subject: message.parts.subject.slice(0, 1000) } : {}),
      messageId: message.id,
      status,
      to: message.to,
      template,
      ...(message.attachments?.length
        ? {
            attachments: message.attachments.map(({ filename, contentType, size, sha256 }) => ({
              filename,
              contentType,
              size,
              sha256,
            })),
          }
        : {}),
      ...(message.mailingId ? { mailingId: message.mailingId } : {}),
      ...(reason ? { reason } : {}),
    }),
  };
}
