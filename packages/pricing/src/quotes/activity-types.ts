import { CurrencySchema, defineActivityType, z } from '@rapport/core/plugin';

/** A line as the customer's answer records it (what segments filter on). */
export interface OfferResponseLine {
  sku: string;
  productId: string | null;
  categoryId: string | null;
  quantity: string;
  net: string;
}

declare module '@rapport/core/plugin' {
  interface ActivityTypeMap {
    /**
     * A customer's answer to an offer. `categoryIds` / `productIds` repeat the lines' categories and
     * products as arrays so a segment can filter by containment ("accepted offers of category X").
     */
    offer_response: {
      quoteId: string;
      number: string;
      version: number;
      response: 'accepted' | 'declined';
      reason: string | null;
      lines: OfferResponseLine[];
      categoryIds: string[];
      productIds: string[];
      net: string;
      total: string;
      currency: string;
    };
    /** A quote (or a revision of it) was drafted. */
    'pricing.quote_drafted': {
      quoteId: string;
      number: string;
      version: number;
      total: string;
      currency: string;
    };
    /** A quote version changed status (sent, expired, superseded). */
    'pricing.quote_status_changed': {
      quoteId: string;
      number: string;
      version: number;
      from: string;
      to: string;
      reason: string | null;
      documentId: string | null;
      messageId: string | null;
    };
  }
}

const decimal = z.string().regex(/^-?\d{1,16}(\.\d{1,6})?$/);
const status = z.enum(['draft', 'sent', 'accepted', 'declined', 'expired', 'superseded']);

/** The journal activity types of quotes; entries have the subject `{ type: 'quote', id }`. */
export const QUOTE_ACTIVITY_TYPES = [
  defineActivityType({
    key: 'offer_response',
    label: 'Response to an offer',
    schema: z.object({
      quoteId: z.uuid(),
      number: z.string().min(1).max(100),
      version: z.int().min(1),
      response: z.enum(['accepted', 'declined']),
      reason: z.string().max(1000).nullable(),
      lines: z
        .array(
          z.object({
            sku: z.string().min(1).max(100),
            productId: z.uuid().nullable(),
            categoryId: z.uuid().nullable(),
            quantity: decimal,
            net: decimal,
          }),
        )
        .max(500),
      categoryIds: z.array(z.uuid()).max(500),
      productIds: z.array(z.uuid()).max(500),
      net: decimal,
      total: decimal,
      currency: CurrencySchema,
    }),
    // The answer comes from the customer and carries the offer's gross total.
    traits: { amount: 'required', direction: 'inbound' },
  }),
  defineActivityType({
    key: 'pricing.quote_drafted',
    label: 'Quote drafted',
    schema: z.object({
      quoteId: z.uuid(),
      number: z.string().min(1).max(100),
      version: z.int().min(1),
      total: decimal,
      currency: CurrencySchema,
    }),
  }),
  defineActivityType({
    key: 'pricing.quote_status_changed',
    label: 'Quote status changed',
    schema: z.object({
      quoteId: z.uuid(),
      number: z.string().min(1).max(100),
      version: z.int().min(1),
      from: status,
      to: status,
      reason: z.string().max(1000).nullable(),
      documentId: z.uuid().nullable(),
      messageId: z.uuid().nullable(),
    }),
  }),
] as const;
