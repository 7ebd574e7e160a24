import {
  type CallContext,
  DATABASE,
  type Database,
  inject,
  injectable,
  PARTY_SERVICE,
  type PartyService,
  parse,
  type TemplateService,
  z,
} from '@rapport/core/plugin';
import { estimateMailing, type SmsEstimate, type SmsEstimateInput } from '../costs/estimate-mailing.js';
import type { SmsLength } from '../encoding/measure.js';
import { requireSmsLength } from '../encoding/too-long.js';
import {
  MESSAGING_SERVICE,
  type Message,
  type MessagingService,
  TEMPLATE_SERVICE,
} from '../messaging-api.js';
import { SMS_OPTIONS, type SmsOptions } from '../options.js';

const key = z.string().trim().min(1).max(100);
const PreviewInputSchema = z.object({
  template: key,
  partyId: z.uuid().optional(),
  locale: z.string().trim().min(2).max(35).optional(),
  data: z.record(z.string(), z.unknown()).default({}),
});
const SmsSendInputSchema = PreviewInputSchema.extend({
  partyId: z.uuid(),
  contactPointId: z.uuid().optional(),
});

/** What `sms.preview` takes: a template, its data, and the party it would go to (for `{{party…}}` and the locale). */
export type SmsPreviewInput = z.input<typeof PreviewInputSchema>;
/** What `sms.send` takes: `messaging.send`'s input for the `sms` channel, the party required. */
export type SmsSendInput = z.input<typeof SmsSendInputSchema>;

/** A rendered SMS and how it goes on the air. */
export interface SmsPreview extends SmsLength {
  text: string;
  /** The template locale used (after fallback). */
  locale: string;
  maxSegments: number;
}

/**
 * SMS before it is sent: renders a template and measures it; a send on the `sms` channel (the
 * channel's check refuses a text over the maximum segments before anything is written).
 */
@injectable()
export class SmsService {
  constructor(
    @inject(TEMPLATE_SERVICE) private readonly templates: TemplateService,
    @inject(MESSAGING_SERVICE) private readonly messaging: MessagingService,
    @inject(PARTY_SERVICE) private readonly parties: PartyService,
    @inject(SMS_OPTIONS) private readonly options: SmsOptions,
    @inject(DATABASE) private readonly db: Database,
  ) {}

  /**
   * What an SMS direct mail would cost before it starts, nothing written: the recipients a mailing
   * would send to now (messaging's audience rules) by country, the segments of a message per locale
   * (one rendering with the longest party fields of the locale: an upper bound), the total segments,
   * and the cost from the `prices` table (exact decimals; countries without a price listed).
   *
   * @example
   * const { recipients, segments, cost } = await crm.services.sms.estimate(ctx, {
   *   segmentId, template: 'spring-sale', data: { discount: '15%' },
   * }); // cost?.total === '180.00'
   */
  async estimate(ctx: CallContext, input: SmsEstimateInput): Promise<SmsEstimate> {
    return this.db.transaction(ctx, (tx) =>
      estimateMailing(tx, { templates: this.templates, options: this.options }, input),
    );
  }

  /**
   * Renders the `sms` template for a party (or without one) and measures it; a text over
   * `maxSegments` is `SmsTooLongError` (`INVALID_DATA` on `text`, with segments, max and encoding).
   * An `{{unsubscribeUrl}}` renders empty here, so leave room for it.
   *
   * @example
   * const { segments, encoding } = await crm.services.sms.preview(ctx, { template: 'shipped', partyId, data });
   */
  async preview(ctx: CallContext, input: SmsPreviewInput): Promise<SmsPreview> {
    const parsed = parse(PreviewInputSchema, input, 'SMS preview');
    const party = parsed.partyId ? await this.parties.get(ctx, parsed.partyId) : undefined;
    const rendered = await this.templates.render(ctx, {
      kind: 'sms',
      name: parsed.template,
      locale: parsed.locale ?? party?.locale ?? null,
      data: parsed.data,
      ...(party
        ? {
            party: {
              id: party.id,
              kind: party.kind,
              displayName: party.displayName,
              givenName: party.givenName,
              familyName: party.familyName,
              organizationName: party.organizationName,
              locale: party.locale,
            },
          }
        : {}),
    });
    const text = rendered.parts.text ?? '';
    const length = requireSmsLength(text, this.options.maxSegments);
    return { ...length, text, locale: rendered.locale, maxSegments: this.options.maxSegments };
  }

  /**
   * `messaging.send` on the `sms` channel, the party required; a text over `maxSegments` is refused
   * by the channel's check (`SmsTooLongError`), nothing written.
   */
  async send(ctx: CallContext, input: SmsSendInput): Promise<Message> {
    const parsed = parse(SmsSendInputSchema, input, 'SMS');
    return this.messaging.send(ctx, {
      channel: 'sms',
      template: parsed.template,
      data: parsed.data,
      ...(parsed.locale ? { locale: parsed.locale } : {}),
      ...(parsed.contactPointId ? { contactPointId: parsed.contactPointId } : { partyId: parsed.partyId }),
    });
  }
}
