import { type InjectionToken, z } from '@rapport/core/plugin';
import type { EmailTransport } from './email-transport.js';

const address = z.string().trim().min(3).max(320);

/** SMTP connection settings (nodemailer's SMTP transport). */
export const SmtpOptionsSchema = z.object({
  host: z.string().trim().min(1).default('localhost'),
  port: z.int().min(1).max(65_535).default(587),
  /** TLS from the start (port 465); otherwise STARTTLS is used when the server offers it. */
  secure: z.boolean().default(false),
  /** Refuse to send unless the server upgrades with STARTTLS. */
  requireTLS: z.boolean().default(false),
  /** Never upgrade with STARTTLS (local test servers). */
  ignoreTLS: z.boolean().default(false),
  /** Check the server's certificate (leave on in production). */
  rejectUnauthorized: z.boolean().default(true),
  auth: z.object({ user: z.string().min(1), pass: z.string().min(1) }).optional(),
  /** Keep connections open and reuse them (recommended for direct mail). */
  pool: z.boolean().default(true),
  /** Connections the pool opens at most; also how many messages are handed over at once. */
  maxConnections: z.int().min(1).max(100).default(5),
  /** Messages sent over one pooled connection before it is replaced. */
  maxMessages: z.int().min(1).max(100_000).default(100),
  connectionTimeoutMs: z.int().min(100).max(600_000).default(10_000),
  greetingTimeoutMs: z.int().min(100).max(600_000).default(10_000),
  socketTimeoutMs: z.int().min(100).max(3_600_000).default(60_000),
  /** The host name this client announces in EHLO. */
  name: z.string().trim().min(1).optional(),
});

/** Options of `@rapport/messaging-email`. */
export const EmailOptionsSchema = z.object({
  /** The sender, e.g. `"Acme" <news@acme.example>`. */
  from: address,
  replyTo: address.optional(),
  smtp: SmtpOptionsSchema.prefault({}),
  /** Another provider instead of SMTP: anything that implements `EmailTransport`. */
  transport: z
    .custom<EmailTransport>(
      (value) =>
        typeof value === 'object' && value !== null && typeof (value as EmailTransport).send === 'function',
      'must implement EmailTransport (send)',
    )
    .optional(),
  /**
   * The public unsubscribe link, with `{token}` where the token goes. Direct mail needs it: every
   * bulk message carries it in `List-Unsubscribe` (one-click, RFC 8058) and as `{{unsubscribeUrl}}`.
   */
  unsubscribeUrl: z
    .string()
    .trim()
    .url()
    .refine((url) => url.includes('{token}'), 'must contain {token}')
    .optional(),
  /** Also offer unsubscribing by mail (`List-Unsubscribe: <mailto:…>`). */
  unsubscribeMailto: z.email().optional(),
  /** The domain of the Message-ID (`<message id@domain>`); defaults to the sender's domain. */
  messageIdDomain: z.string().trim().min(1).optional(),
  /** The locale used when a template has no variant for the recipient's locale or its language. */
  defaultLocale: z.string().trim().min(2).max(35).default('en'),
  /** `opt-in`: send only to parties who opted in to email; `opt-out`: to all who did not opt out. */
  consentPolicy: z.enum(['opt-in', 'opt-out']).default('opt-in'),
  /** Direct mail: messages per second (a mailing may set its own). */
  rate: z.number().positive().max(100_000).default(10),
  /** Direct mail: messages claimed per round trip. */
  batchSize: z.int().min(1).max(5_000).default(200),
  /** Messages handed to the transport at once (default: the pool's `maxConnections`). */
  concurrency: z.int().min(1).max(500).optional(),
  /** Transient failures (4xx, dropped connections): attempts in all, first delay (doubling after). */
  retry: z
    .object({
      attempts: z.int().min(1).max(20).default(5),
      delaySeconds: z.number().min(0).max(86_400).default(60),
    })
    .prefault({}),
  /** A message still `sending` after this long is taken as a crashed send and marked `unknown`. */
  claimTimeoutSeconds: z.int().min(1).max(86_400).default(600),
});

/** Options as given to `emailPlugin.configure(...)`. */
export type EmailOptionsInput = z.input<typeof EmailOptionsSchema>;
/** Validated options. */
export type EmailOptions = z.output<typeof EmailOptionsSchema>;

/** Token of the validated options. */
export const EMAIL_OPTIONS: InjectionToken<EmailOptions> = Symbol('rapport.messaging-email.options');
