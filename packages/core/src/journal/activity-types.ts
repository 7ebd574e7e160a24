import { z } from 'zod';
import { MAX_LINES, type MoneyLine, MoneyLineSchema } from './money-lines.js';

/** What kind of activity a type is: it decides which fields an entry must or may carry. */
export interface ActivityTraits {
  /** Whether entries carry an amount and currency. */
  amount?: 'required' | 'optional';
  /** A communication with a direction (inbound / outbound); `fixed` types always have that direction. */
  direction?: 'required' | 'inbound' | 'outbound';
  /** Can be planned (assignee, due time, status) and completed later. */
  plannable?: boolean;
  /**
   * The data's `items` are money lines ({@link MoneyLineSchema}): each line's total is checked (or
   * computed) and their sum must equal the entry's amount.
   */
  lines?: boolean;
}

/**
 * The data of each activity type, keyed by type; plugins add theirs by declaration merging.
 *
 * @example
 * declare module '@rapport/core/plugin' { interface ActivityTypeMap { 'loyalty.points': { points: number } } }
 */
export interface ActivityTypeMap {
  event: {
    kind: 'exhibition' | 'seminar' | 'webinar' | 'conference' | 'holiday_greeting' | 'other';
    name: string;
    location?: string;
  };
  task: { title: string; description?: string };
  survey: { title: string; answers: Array<{ question: string; answer: string | number | boolean | null }> };
  appointment: { title: string; location?: string };
  call_outgoing: { phone?: string };
  call_incoming: { phone?: string };
  meeting: { title?: string; location?: string };
  visit: { address?: string };
  sms: {
    to?: string;
    /** The sender id (a number or an alphanumeric id) the SMS went out from, or the number it came from. */
    from?: string;
    text?: string;
    /** The parts the text was sent in (GSM-7: 160 per single SMS, 153 per part; UCS-2: 70 / 67). */
    segments?: number;
    /** How the text went on the air. */
    encoding?: 'GSM-7' | 'UCS-2';
    /** Our message id (outgoing) or the provider's (incoming). */
    messageId?: string;
    /** The provider's id of the message (`SM…` for Twilio). */
    providerId?: string;
    status?: 'queued' | 'sent' | 'delivered' | 'bounced' | 'failed' | 'unknown';
    /** The template the message was rendered from. */
    template?: string;
    /** The direct-mail run (mailing) it belonged to. */
    mailingId?: string;
    /** @deprecated Entries written before direct-mail runs were called mailings; see `mailingId`. */
    campaignId?: string;
    /** Why it failed or bounced. */
    reason?: string;
  };
  email: {
    subject?: string;
    messageId?: string;
    status?: 'queued' | 'sent' | 'delivered' | 'bounced' | 'failed' | 'unknown';
    /** The recipient's address. */
    to?: string;
    /** The template the message was rendered from. */
    template?: string;
    /** The direct-mail run (mailing) it belonged to. */
    mailingId?: string;
    /** @deprecated Entries written before direct-mail runs were called mailings; see `mailingId`. */
    campaignId?: string;
    /** Why it failed or bounced. */
    reason?: string;
  };
  sale: {
    invoiceNumber?: string;
    /** The lines sold; their totals add up to the entry's amount. */
    items?: MoneyLine[];
    /** The order's own reference in the source system. */
    orderNumber?: string;
  };
  payment_received: { method?: 'cash' | 'card' | 'bank_transfer' | 'other'; reference?: string };
  expense: { category: string; description?: string; items?: MoneyLine[] };
  refund: { reason?: string; reference?: string; items?: MoneyLine[] };
  bank_payment: { reference?: string; account?: string };
  deal: { title: string; dealId?: string; stage?: string };
}

/** A registered activity type. */
export interface ActivityType<K extends string = string> {
  key: K;
  label: string;
  schema: z.ZodType;
  traits: ActivityTraits;
  /** Who registered it: `@rapport/core` or a plugin's name. */
  owner: string;
}

/**
 * Declares an activity type whose data is typed by {@link ActivityTypeMap}.
 *
 * @example
 * defineActivityType({ key: 'loyalty.points', label: 'Loyalty points', schema: z.strictObject({ points: z.int() }), traits: {} });
 */
export function defineActivityType<K extends keyof ActivityTypeMap & string>(definition: {
  key: K;
  label: string;
  schema: z.ZodType<ActivityTypeMap[K], any>;
  traits?: ActivityTraits;
}): Omit<ActivityType<K>, 'owner'> {
  return {
    key: definition.key,
    label: definition.label,
    schema: definition.schema,
    traits: definition.traits ?? {},
  };
}

const text = (max = 500) => z.string().trim().min(1).max(max);
const lines = z.array(MoneyLineSchema).max(MAX_LINES).optional();

/** The activity types core registers. */
export const CORE_ACTIVITY_TYPES = [
  defineActivityType({
    key: 'event',
    label: 'Event',
    schema: z.strictObject({
      kind: z.enum(['exhibition', 'seminar', 'webinar', 'conference', 'holiday_greeting', 'other']),
      name: text(),
      location: text().optional(),
    }),
    traits: { amount: 'optional', plannable: true },
  }),
  defineActivityType({
    key: 'task',
    label: 'Task',
    schema: z.strictObject({ title: text(), description: text(5000).optional() }),
    traits: { plannable: true },
  }),
  defineActivityType({
    key: 'survey',
    label: 'Customer survey',
    schema: z.strictObject({
      title: text(),
      answers: z
        .array(
          z.strictObject({
            question: text(),
            answer: z.union([z.string().max(5000), z.number(), z.boolean(), z.null()]),
          }),
        )
        .max(200),
    }),
  }),
  defineActivityType({
    key: 'appointment',
    label: 'Appointment',
    schema: z.strictObject({ title: text(), location: text().optional() }),
    traits: { plannable: true },
  }),
  defineActivityType({
    key: 'call_outgoing',
    label: 'Outgoing call',
    schema: z.strictObject({ phone: text(40).optional() }),
    traits: { direction: 'outbound', plannable: true },
  }),
  defineActivityType({
    key: 'call_incoming',
    label: 'Incoming call',
    schema: z.strictObject({ phone: text(40).optional() }),
    traits: { direction: 'inbound' },
  }),
  defineActivityType({
    key: 'meeting',
    label: 'Meeting',
    schema: z.strictObject({ title: text().optional(), location: text().optional() }),
    traits: { plannable: true },
  }),
  defineActivityType({
    key: 'visit',
    label: 'Visit',
    schema: z.strictObject({ address: text().optional() }),
    traits: { plannable: true },
  }),
  defineActivityType({
    key: 'sms',
    label: 'SMS',
    schema: z.strictObject({
      to: text(40).optional(),
      from: text(40).optional(),
      text: z.string().max(2000).optional(),
      segments: z.int().min(0).max(255).optional(),
      encoding: z.enum(['GSM-7', 'UCS-2']).optional(),
      messageId: text(200).optional(),
      providerId: text(200).optional(),
      status: z.enum(['queued', 'sent', 'delivered', 'bounced', 'failed', 'unknown']).optional(),
      template: text(100).optional(),
      mailingId: z.uuid().optional(),
      // Entries written before direct-mail runs were called mailings.
      campaignId: z.uuid().optional(),
      reason: text(1000).optional(),
    }),
    traits: { direction: 'required' },
  }),
  defineActivityType({
    key: 'email',
    label: 'Email',
    schema: z.strictObject({
      subject: z.string().max(1000).optional(),
      messageId: text(500).optional(),
      status: z.enum(['queued', 'sent', 'delivered', 'bounced', 'failed', 'unknown']).optional(),
      to: text(320).optional(),
      template: text(100).optional(),
      /** The files attached (not their bytes: those stay with the message). */
      attachments: z
        .array(
          z.strictObject({
            filename: text(255),
            contentType: text(255),
            size: z.int().min(0),
            sha256: z.string().regex(/^[0-9a-f]{64}$/),
          }),
        )
        .max(1000)
        .optional(),
      mailingId: z.uuid().optional(),
      // Entries written before direct-mail runs were called mailings.
      campaignId: z.uuid().optional(),
      reason: text(1000).optional(),
    }),
    traits: { direction: 'required' },
  }),
  defineActivityType({
    key: 'sale',
    label: 'Sale',
    schema: z.strictObject({
      invoiceNumber: text(100).optional(),
      orderNumber: text(100).optional(),
      items: lines,
    }),
    traits: { amount: 'required', lines: true },
  }),
  defineActivityType({
    key: 'payment_received',
    label: 'Payment from customer',
    schema: z.strictObject({
      method: z.enum(['cash', 'card', 'bank_transfer', 'other']).optional(),
      reference: text(200).optional(),
    }),
    traits: { amount: 'required' },
  }),
  defineActivityType({
    key: 'expense',
    label: 'Expense',
    schema: z.strictObject({ category: text(100), description: text(2000).optional(), items: lines }),
    traits: { amount: 'required', lines: true },
  }),
  defineActivityType({
    key: 'refund',
    label: 'Refund to customer',
    schema: z.strictObject({ reason: text(1000).optional(), reference: text(200).optional(), items: lines }),
    traits: { amount: 'required', lines: true },
  }),
  defineActivityType({
    key: 'bank_payment',
    label: 'Bank payment',
    schema: z.strictObject({ reference: text(200).optional(), account: text(100).optional() }),
    traits: { amount: 'required' },
  }),
  defineActivityType({
    key: 'deal',
    label: 'Deal',
    schema: z.strictObject({ title: text(), dealId: z.uuid().optional(), stage: text(100).optional() }),
    traits: { amount: 'optional' },
  }),
] as const;
