import type { CallContext } from '@rapport/core';
import { measureSms } from '../encoding/measure.js';
import type { Logger, WebhookServices } from './crm-access.js';
import { matchKeyword, type SmsKeywords } from './keywords.js';

/** One inbound SMS, provider-neutral. */
export interface InboundSms {
  provider: string;
  providerId: string;
  /** The sender, E.164. */
  from: string;
  /** Our number it was sent to. */
  to: string;
  text: string;
}

/** What became of an inbound SMS. */
export type InboundResult =
  | { outcome: 'opted_out' | 'opted_in'; partyId: string; keyword: string; changed: boolean }
  | { outcome: 'recorded'; partyId: string; entryId: string }
  | { outcome: 'unknown_sender' };

/**
 * Handles one inbound SMS in a tenant: finds the party that owns the sender's number (core's
 * contact-point lookup over identifying numbers); an opt-out or opt-in keyword records `sms`
 * consent (only when it changes: a repeated STOP records nothing more); any other text becomes an
 * incoming `sms` journal entry (idempotent by the provider's message id). An unknown number is
 * logged, not an error.
 */
export async function handleInbound(
  ctx: CallContext,
  services: WebhookServices,
  sms: InboundSms,
  keywords: SmsKeywords,
  logger: Logger,
): Promise<InboundResult> {
  const partyId = await services.contactPoints.lookup(ctx, { kind: 'phone', value: sms.from });
  if (!partyId) {
    logger.info('SMS from a number no party holds', {
      tenantId: ctx.tenantId,
      provider: sms.provider,
      providerId: sms.providerId,
      from: sms.from,
    });
    return { outcome: 'unknown_sender' };
  }
  const keyword = matchKeyword(sms.text, keywords);
  if (keyword) {
    const status = keyword.action === 'opt_out' ? 'opted_out' : 'opted_in';
    const current = await services.contactPoints.consentStatus(ctx, partyId, 'sms');
    if (current !== status) {
      await services.contactPoints.setConsent(ctx, partyId, {
        channel: 'sms',
        status,
        source: `SMS keyword ${keyword.keyword} from ${sms.from} (${sms.provider} ${sms.providerId})`.slice(
          0,
          200,
        ),
      });
    }
    return { outcome: status, partyId, keyword: keyword.keyword, changed: current !== status };
  }
  const length = measureSms(sms.text);
  const { entry } = await services.journal.record(ctx, {
    type: 'sms',
    direction: 'inbound',
    parties: [{ partyId }],
    data: {
      from: sms.from,
      to: sms.to,
      text: sms.text.slice(0, 2000),
      segments: length.segments,
      encoding: length.encoding,
      messageId: sms.providerId.slice(0, 200),
      providerId: sms.providerId.slice(0, 200),
    },
    externalId: `sms-in:${sms.provider}:${sms.providerId}`.slice(0, 300),
  });
  return { outcome: 'recorded', partyId, entryId: entry.id };
}
