import { type InjectionToken, z } from '@rapport/core/plugin';
import type { SmsTransport } from './providers/sms-transport.js';

/** A sender id: a number in E.164, or an alphanumeric id of 1–11 letters, digits and spaces with a letter. */
export const SenderIdSchema = z
  .string()
  .trim()
  .refine(
    (value) =>
      /^\+[1-9]\d{6,14}$/.test(value) || (/^[A-Za-z0-9 ]{1,11}$/.test(value) && /[A-Za-z]/.test(value)),
    'must be a number in E.164 (+15005550006) or an alphanumeric id of at most 11 characters',
  );

const Country = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as DE');
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24-hour)');
const Decimal = z
  .union([z.string().trim(), z.number().refine(Number.isFinite).transform(String)])
  .pipe(z.string().regex(/^\d{1,9}(\.\d{1,6})?$/, 'must be a price with at most 6 decimals'));
const Timeout = z.int().min(100).max(120_000).default(10_000);

/** Twilio's REST API (account SID and auth token; optionally a Messaging Service). */
export const TwilioProviderSchema = z.object({
  provider: z.literal('twilio'),
  accountSid: z.string().trim().min(1),
  authToken: z.string().min(1),
  messagingServiceSid: z.string().trim().min(1).optional(),
  baseUrl: z.url().default('https://api.twilio.com'),
  timeoutMs: Timeout,
});

/** The Vonage SMS API (API key and secret). */
export const VonageProviderSchema = z.object({
  provider: z.literal('vonage'),
  apiKey: z.string().trim().min(1),
  apiSecret: z.string().min(1),
  baseUrl: z.url().default('https://rest.nexmo.com'),
  timeoutMs: Timeout,
});

/** Any other gateway: an object implementing `SmsTransport`. */
export const CustomProviderSchema = z.object({
  provider: z.literal('custom'),
  transport: z.custom<SmsTransport>(
    (value) =>
      typeof value === 'object' && value !== null && typeof (value as SmsTransport).send === 'function',
    'must implement SmsTransport (send)',
  ),
});

/** A quiet-hours window in the recipient's local time (`{ start: '21:00', end: '08:00' }` spans midnight). */
export const QuietHoursSchema = z
  .object({ start: Time, end: Time })
  .refine((w) => w.start !== w.end, 'start and end must differ');

/** Prices per segment, by recipient country (`*` for every other country), in one currency. */
export const PriceTableSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
  perSegment: z.record(z.union([Country, z.literal('*')]), Decimal),
});

/** Options of `@rapport/messaging-sms`. */
export const SmsOptionsSchema = z.object({
  provider: z.discriminatedUnion('provider', [
    TwilioProviderSchema,
    VonageProviderSchema,
    CustomProviderSchema,
  ]),
  /** Sender ids: the default, per recipient country, per tenant (tenant wins over country). */
  senders: z.object({
    default: SenderIdSchema,
    byCountry: z.record(Country, SenderIdSchema).default({}),
    byTenant: z.record(z.uuid(), SenderIdSchema).default({}),
  }),
  /**
   * Our public delivery-report URL (the status webhook). The channel adds `tenant` and `message`
   * to its query for each SMS, so the report finds its message (Twilio signs the full URL).
   */
  statusCallbackUrl: z.url().optional(),
  /** Longer texts are refused (a permanent failure naming the segments). */
  maxSegments: z.int().min(1).max(20).default(3),
  /** `opt-in` (default, as most SMS marketing law requires): only parties who opted in to `sms`. */
  consentPolicy: z.enum(['opt-in', 'opt-out']).default('opt-in'),
  /** Bulk SMS is not delivered in this window of the recipient's local time (applied by the dispatcher). */
  quietHours: QuietHoursSchema.optional(),
  /** Time zone when neither the recipient's country nor the tenant gives one. */
  defaultTimeZone: z.string().min(1).default('UTC'),
  /** Prices for cost estimates before a direct mail starts. */
  prices: PriceTableSchema.optional(),
  /** Public unsubscribe link with `{token}` (direct mail through core needs one). */
  unsubscribeUrl: z
    .url()
    .refine((url) => url.includes('{token}'), 'must contain {token}')
    .optional(),
  defaultLocale: z.string().trim().min(2).max(35).default('en'),
  /** Direct mail: messages per second. */
  rate: z.number().positive().max(100_000).default(10),
  batchSize: z.int().min(1).max(5_000).default(200),
  /** Messages handed to the provider at once. */
  concurrency: z.int().min(1).max(500).default(10),
  retry: z
    .object({
      attempts: z.int().min(1).max(20).default(5),
      delaySeconds: z.number().min(0).max(86_400).default(60),
    })
    .prefault({}),
  /** A provider's `Retry-After` up to this long is waited out once in place; longer ones become a retry. */
  maxInlineRetryAfterSeconds: z.number().min(0).max(30).default(2),
  claimTimeoutSeconds: z.int().min(1).max(86_400).default(600),
});

/** Options as given to `smsPlugin.configure(...)`. */
export type SmsOptionsInput = z.input<typeof SmsOptionsSchema>;
/** Validated options. */
export type SmsOptions = z.output<typeof SmsOptionsSchema>;

/** Token of the validated options. */
export const SMS_OPTIONS: InjectionToken<SmsOptions> = Symbol('rapport.messaging-sms.options');
