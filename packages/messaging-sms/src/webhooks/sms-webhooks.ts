import { consoleLogger, RapportError } from '@rapport/core';
import { type Logger, servicesOf, type WebhookCrm, webhookContext } from './crm-access.js';
import { type DeliveryStatus, twilioDeliveryStatus, vonageDeliveryStatus } from './delivery-status.js';
import { handleInbound, type InboundSms } from './inbound.js';
import { DEFAULT_SMS_KEYWORDS, type SmsKeywords } from './keywords.js';
import { verifyTwilioSignature } from './twilio-signature.js';
import { type VonageSignatureAlgorithm, verifyVonageSignature } from './vonage-signature.js';

/** Where a webhook came from, for finding its tenant. */
export interface TenantHint {
  provider: 'twilio' | 'vonage';
  /** Twilio `AccountSid`, Vonage `api-key`. */
  accountId?: string;
  /** Our number the message was sent to (inbound) or from (reports). */
  to?: string;
}

/** Options of {@link createSmsWebhooks}. */
export interface SmsWebhookOptions {
  crm: WebhookCrm;
  /**
   * The tenant of an inbound SMS (by our number or the provider account). Delivery reports carry
   * theirs in the callback URL (`?tenant=`); this is their fallback.
   */
  resolveTenant(hint: TenantHint): string | undefined | Promise<string | undefined>;
  /** Twilio: the auth token that signs webhooks; `publicUrl` when a proxy changes the URL Twilio called. */
  twilio?: { authToken: string; publicUrl?(request: Request): string };
  /** Vonage SMS API signed webhooks: the signature secret and method; `timestamp` older than `maxAgeSeconds` (300) is refused. */
  vonage?: { signatureSecret: string; algorithm?: VonageSignatureAlgorithm; maxAgeSeconds?: number };
  /** Opt-out and opt-in words (default {@link DEFAULT_SMS_KEYWORDS}). */
  keywords?: Partial<SmsKeywords>;
  /**
   * A report can beat the send's own commit (the provider is fast): while the message is still
   * `queued`/`sending` the report is tried again this often, then answered 503 with `Retry-After`
   * so a provider that retries (Vonage) brings it back. Default 3 attempts, 300 ms apart.
   */
  pendingReport?: { attempts?: number; delayMs?: number };
  logger?: Logger;
}

/** Web-standard handlers (`Request` → `Response`) to mount on any server (Hono, Next.js, Node's `http` with an adapter…). */
export interface SmsWebhooks {
  /** Twilio `StatusCallback`: delivered / undelivered / failed. */
  twilioStatus(request: Request): Promise<Response>;
  /** Twilio incoming-message webhook; answers empty TwiML. */
  twilioInbound(request: Request): Promise<Response>;
  /** Vonage SMS API delivery receipts. */
  vonageStatus(request: Request): Promise<Response>;
  /** Vonage SMS API inbound messages. */
  vonageInbound(request: Request): Promise<Response>;
}

const TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';
const ok = (body = '', type = 'text/plain') =>
  new Response(body, { status: 200, headers: { 'content-type': type } });
const forbidden = () => new Response('invalid signature', { status: 403 });

/** Form, JSON or query fields of a webhook request; `tenant` (ours, in the callback URL) kept apart. */
async function fieldsOf(
  request: Request,
): Promise<{ fields: Record<string, string>; tenant: string | null }> {
  const url = new URL(request.url);
  const tenant = url.searchParams.get('tenant');
  if (request.method === 'GET') {
    const fields = Object.fromEntries(url.searchParams);
    delete fields.tenant;
    delete fields.message;
    return { fields, tenant };
  }
  const type = request.headers.get('content-type') ?? '';
  const text = await request.text();
  if (type.includes('application/json')) {
    try {
      const body = JSON.parse(text || '{}') as Record<string, unknown>;
      return { fields: Object.fromEntries(Object.entries(body).map(([k, v]) => [k, String(v)])), tenant };
    } catch {
      // Unreadable: no fields, so no signature, so 403.
      return { fields: {}, tenant };
    }
  }
  return { fields: Object.fromEntries(new URLSearchParams(text)), tenant };
}

/** `447700900123` → `+447700900123`. */
const plus = (number: string) => (number.startsWith('+') ? number : `+${number}`);

/**
 * Webhook handlers for delivery reports and inbound SMS of Twilio and Vonage. Every request's
 * signature is verified first (a bad one is 403 and changes nothing). Reports find their message by
 * the id we put in the callback (`?message=` for Twilio, `client-ref` for Vonage) and go to
 * `messaging.reportDelivery`; inbound texts go to {@link handleInbound}. A report for an unknown
 * message or tenant is logged and answered 200 (a provider would retry it forever); any other
 * failure is 500, so the provider retries.
 *
 * @example
 * const sms = createSmsWebhooks({ crm, twilio: { authToken }, resolveTenant: ({ to }) => tenantOfNumber(to) });
 * app.post('/webhooks/sms/twilio/status', (c) => sms.twilioStatus(c.req.raw));
 */
export function createSmsWebhooks(options: SmsWebhookOptions): SmsWebhooks {
  const logger = options.logger ?? consoleLogger;
  const keywords: SmsKeywords = { ...DEFAULT_SMS_KEYWORDS, ...options.keywords };
  let services: ReturnType<typeof servicesOf> | undefined;
  const svc = () => {
    services ??= servicesOf(options.crm);
    return services;
  };

  async function report(
    provider: 'twilio' | 'vonage',
    tenantId: string | undefined,
    messageId: string | undefined,
    status: DeliveryStatus | undefined,
  ): Promise<Response> {
    if (!status) return ok();
    if (!tenantId || !messageId) {
      logger.warn('SMS delivery report without a tenant or message id', { provider, tenantId, messageId });
      return ok();
    }
    const ctx = webhookContext(options.crm, tenantId, provider);
    const attempts = options.pendingReport?.attempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        await svc().messaging.reportDelivery(
          ctx,
          messageId,
          status.status === 'delivered'
            ? { status: 'delivered' }
            : // A busy handset or a carrier filter is `failed`: only a number at fault is `bounced`
              // (which marks it invalid).
              { status: status.numberAtFault ? 'bounced' : 'failed', reason: status.reason },
        );
        return ok();
      } catch (error) {
        const pending =
          RapportError.is(error, 'CONFLICT') && ['queued', 'sending'].includes(String(error.details.status));
        if (pending && attempt < attempts) {
          await new Promise((resolve) => setTimeout(resolve, options.pendingReport?.delayMs ?? 300));
          continue;
        }
        if (pending) {
          logger.warn('SMS delivery report before its send was recorded', { provider, tenantId, messageId });
          return new Response('message not sent yet', { status: 503, headers: { 'retry-after': '30' } });
        }
        if (
          RapportError.is(error, 'NOT_FOUND') ||
          RapportError.is(error, 'CONFLICT') ||
          RapportError.is(error, 'INVALID_DATA')
        ) {
          logger.warn('SMS delivery report not applied', {
            provider,
            tenantId,
            messageId,
            error: String(error),
          });
          return ok();
        }
        throw error;
      }
    }
  }

  async function inbound(hint: TenantHint, sms: InboundSms, reply: () => Response): Promise<Response> {
    const tenantId = await options.resolveTenant(hint);
    if (!tenantId) {
      logger.warn('Inbound SMS for no known tenant', { ...hint, providerId: sms.providerId });
      return reply();
    }
    await handleInbound(webhookContext(options.crm, tenantId, sms.provider), svc(), sms, keywords, logger);
    return reply();
  }

  async function twilio(
    request: Request,
  ): Promise<{ fields: Record<string, string>; tenant: string | null } | undefined> {
    if (!options.twilio)
      throw new RapportError('PLUGIN_MISCONFIGURED', 'Twilio webhooks need twilio.authToken', {
        details: { plugins: ['@rapport/messaging-sms'] },
      });
    const url = options.twilio.publicUrl?.(request) ?? request.url;
    const signature = request.headers.get('x-twilio-signature');
    const parsed = await fieldsOf(request);
    // GET webhooks sign the URL alone; POST ones the URL and the form.
    const signed = request.method === 'GET' ? {} : parsed.fields;
    return verifyTwilioSignature(options.twilio.authToken, signature, url, signed) ? parsed : undefined;
  }

  async function vonage(
    request: Request,
  ): Promise<{ fields: Record<string, string>; tenant: string | null } | undefined> {
    if (!options.vonage)
      throw new RapportError('PLUGIN_MISCONFIGURED', 'Vonage webhooks need vonage.signatureSecret', {
        details: { plugins: ['@rapport/messaging-sms'] },
      });
    const parsed = await fieldsOf(request);
    const valid = verifyVonageSignature(options.vonage.signatureSecret, parsed.fields, {
      algorithm: options.vonage.algorithm ?? 'sha256hmac',
      maxAgeSeconds: options.vonage.maxAgeSeconds ?? 300,
    });
    return valid ? parsed : undefined;
  }

  return {
    async twilioStatus(request) {
      const parsed = await twilio(request);
      if (!parsed) return forbidden();
      const messageId = new URL(request.url).searchParams.get('message') ?? undefined;
      const tenantId =
        parsed.tenant ??
        (await options.resolveTenant({
          provider: 'twilio',
          accountId: parsed.fields.AccountSid,
          to: parsed.fields.From,
        }));
      return report('twilio', tenantId ?? undefined, messageId, twilioDeliveryStatus(parsed.fields));
    },
    async twilioInbound(request) {
      const parsed = await twilio(request);
      if (!parsed) return forbidden();
      const f = parsed.fields;
      return inbound(
        { provider: 'twilio', accountId: f.AccountSid, to: f.To },
        {
          provider: 'twilio',
          providerId: f.MessageSid ?? f.SmsSid ?? '',
          from: plus(f.From ?? ''),
          to: f.To ?? '',
          text: f.Body ?? '',
        },
        () => ok(TWIML, 'text/xml'),
      );
    },
    async vonageStatus(request) {
      const parsed = await vonage(request);
      if (!parsed) return forbidden();
      const f = parsed.fields;
      const tenantId =
        parsed.tenant ??
        (await options.resolveTenant({ provider: 'vonage', accountId: f['api-key'], to: f.to }));
      return report('vonage', tenantId ?? undefined, f['client-ref'], vonageDeliveryStatus(f));
    },
    async vonageInbound(request) {
      const parsed = await vonage(request);
      if (!parsed) return forbidden();
      const f = parsed.fields;
      return inbound(
        { provider: 'vonage', accountId: f['api-key'], to: f.to },
        {
          provider: 'vonage',
          providerId: f.messageId ?? '',
          from: plus(f.msisdn ?? ''),
          to: f.to ?? '',
          text: f.text ?? '',
        },
        () => ok(),
      );
    },
  };
}
