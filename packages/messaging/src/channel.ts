import type { ContactPointKind, SetupApi, TemplatePartSpec } from '@rapport/core/plugin';

export type { TemplatePartSpec };

/** A file attached to an outgoing message (single sends on channels that take attachments). */
export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** Bytes. */
  size: number;
  /** Hex SHA-256 of the content. */
  sha256: string;
}

/** A message ready for a transport: rendered, addressed, with its headers. */
export interface OutgoingMessage {
  /** The message's id (a UUIDv7): stable across retries, so a transport can make it the provider's idempotency key. */
  id: string;
  tenantId: string;
  channel: string;
  /** The address: an email address, a phone number in E.164… */
  to: string;
  /** The rendered template parts, by part name. */
  parts: Readonly<Record<string, string>>;
  /** Set for direct mail: the mailing the message belongs to. */
  mailingId: string | null;
  /** The link that opts the recipient out of this channel (direct mail always has one). */
  unsubscribeUrl: string | null;
  /** Which attempt this is (1 for the first). */
  attempt: number;
  /**
   * The message's files, in order; absent when it has none (always so for direct mail). Only channels
   * that declare `attachments: true` ever receive any.
   */
  attachments?: readonly OutgoingAttachment[];
}

/**
 * What a transport reports. `sent`: the provider accepted the message. `failed` + `permanent`: it
 * will never be accepted (not retried); `invalidAddress` marks the contact point unusable, so later
 * sends skip it. `failed` + not permanent: try again later (bounded retries with backoff).
 */
export type DeliveryOutcome =
  | { status: 'sent'; providerId?: string; response?: string }
  | { status: 'failed'; permanent: boolean; invalidAddress?: boolean; reason: string };

/**
 * Delivers messages of one channel (SMTP, an SMS gateway, an HTTP API). It classifies failures
 * instead of throwing; an exception is treated as a transient failure.
 */
export interface MessageTransport {
  deliver(message: OutgoingMessage, signal?: AbortSignal): Promise<DeliveryOutcome>;
  /** Releases connections; called when the CRM closes. */
  close?(): Promise<void>;
}

/** What a channel's `notBefore` is asked about: one bulk message the dispatcher is about to send. */
export interface SendTimeQuery {
  /** The message's id. */
  id: string;
  tenantId: string;
  mailingId: string;
  /** The address: an email address, a phone number in E.164… */
  to: string;
  /** The tenant's time zone (core's `tenant.timeZone`, `UTC` unless set). */
  tenantTimeZone: string;
  /** The dispatcher's clock. */
  now: Date;
}

/** The journal statuses of a message (one entry per message; its status is corrected in place). */
export type MessageJournalStatus = 'sent' | 'delivered' | 'bounced' | 'failed' | 'unknown';

/** What the channel's journal entry is built from. */
export interface MessageJournalInput {
  message: OutgoingMessage;
  status: MessageJournalStatus;
  template: string;
  reason: string | null;
}

/**
 * A communication channel. Messaging owns the flow (consent, templates, the message rows, the
 * queue, retries, the journal); a channel says what it addresses and how it delivers. A plugin
 * declares its channels in `definePlugin({ channels })` (see {@link ChannelDeclaration}).
 *
 * @example
 * definePlugin({ name: 'my-sms', version: '1.0.0', dependencies: { '@rapport/messaging': '^0.1.0' },
 *   channels: [() => ({
 *     name: 'sms', contactKind: 'phone', consentChannel: 'sms', activityType: 'sms',
 *     parts: { text: { required: true } }, transport: myGateway, ...
 *     journalData: ({ message, status }) => ({ to: message.to, text: message.parts.text, status }),
 *   })] });
 */
export interface MessageChannel {
  /** The channel's name, used in `send({ channel })` and templates: `email`, `sms`. */
  name: string;
  /** The kind of contact point the channel addresses. */
  contactKind: ContactPointKind;
  /** The consent channel checked before sending (`core_consent.channel`). */
  consentChannel: string;
  /**
   * `opt-in`: a party must have opted in (recorded consent); `opt-out`: anyone who has not opted
   * out. Opted-out parties are never sent to.
   */
  consentPolicy: 'opt-in' | 'opt-out';
  /**
   * Whether the channel sends files attached to a message (email does, SMS does not): a send with
   * attachments on a channel without is refused (`INVALID_DATA` naming `attachments`).
   */
  attachments?: boolean;
  /** The journal activity type of the one entry each message gets (`email`, `sms`). */
  activityType: string;
  /** The parts of the channel's templates (the channel's template kind has the channel's name). */
  parts: Readonly<Record<string, TemplatePartSpec>>;
  /** Locale used when neither the requested locale nor its language has a template. */
  defaultLocale: string;
  transport: MessageTransport;
  /** Direct mail: messages per second (a mailing may set its own). */
  rate: number;
  /** Direct mail: messages claimed per round trip. */
  batchSize: number;
  /** Messages handed to the transport at once. */
  concurrency: number;
  /** Transient failures: attempts in all, and the delay before the second one (doubling after). */
  retry: { attempts: number; delaySeconds: number };
  /** A claim older than this is taken as a crashed send: the message becomes `unknown`, never re-sent. */
  claimTimeoutSeconds: number;
  /**
   * Checks a message's rendered parts before it is queued (an SMS longer than its maximum
   * segments, say): throws a `RapportError` (`INVALID_DATA` naming the part) to refuse it.
   * `send` then writes nothing; a mailing checks one rendering per locale up front, and the
   * dispatcher fails a message that does not pass permanently, with the error as its reason.
   */
  check?(parts: Readonly<Record<string, string>>): void;
  /**
   * Bulk (mailing) messages only: the earliest time this message may go out (quiet hours at the
   * recipient's), or null / a time not in the future to send it now. The dispatcher puts a message
   * that must wait back in the queue until then: nothing is sent, nothing lost, no attempt counted.
   */
  notBefore?(query: SendTimeQuery): Date | null;
  /** The public link of an unsubscribe token; without it the channel cannot send direct mail. */
  unsubscribeUrl?(token: string): string;
  /** The `data` of the message's journal entry (validated by the activity type's schema). */
  journalData(input: MessageJournalInput): Record<string, unknown>;
}

/** What a channel factory receives: the declaring plugin's name, its validated options, the container. */
export interface ChannelFactoryApi {
  /** The name of the plugin that declares the channel. */
  readonly plugin: string;
  /** That plugin's validated options (typed: resolve the plugin's options token from `container`). */
  readonly options: unknown;
  readonly container: SetupApi<unknown>['container'];
  readonly logger: SetupApi<unknown>['logger'];
}

/**
 * A channel as a plugin declares it (`channels` in `definePlugin`): the channel itself, or a factory
 * called once per CRM in messaging's setup (for a channel that needs the plugin's options, or a
 * transport of its own: the transport is closed on `crm.close()`).
 */
export type ChannelDeclaration = MessageChannel | ((api: ChannelFactoryApi) => MessageChannel);
