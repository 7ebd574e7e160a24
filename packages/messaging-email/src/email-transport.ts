import type { InjectionToken } from '@rapport/core/plugin';
import type { DeliveryOutcome } from '@rapport/messaging';

/** A complete email, as any provider needs it. */
export interface EmailMessage {
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  html?: string;
  text: string;
  /** `<id@domain>`: the same on every attempt of one message, so receivers can drop a duplicate. */
  messageId: string;
  /** Extra headers: `List-Unsubscribe`, `List-Unsubscribe-Post`… */
  headers: Record<string, string>;
  /** Files attached, in order (absent when none). */
  attachments?: ReadonlyArray<{ filename: string; contentType: string; content: Buffer }>;
}

/**
 * Sends emails through one provider. The package ships SMTP (`SmtpTransport`); an HTTP API provider
 * implements this and is passed as the `transport` option. `send` classifies failures in its result
 * (permanent or transient, and whether the address is to blame) rather than throwing.
 */
export interface EmailTransport {
  send(message: EmailMessage): Promise<DeliveryOutcome>;
  /** Closes connections (called when the CRM closes). */
  close?(): Promise<void>;
}

/** Token of the CRM's email transport. */
export const EMAIL_TRANSPORT: InjectionToken<EmailTransport> = Symbol('rapport.messaging-email.transport');
