import { CurrencySchema, z } from '@rapport/core/plugin';
import { Amount, Quantity, Sku } from '../catalogue/catalogue-input.js';

/** A calendar day `YYYY-MM-DD`. */
export const Day = z.iso.date();
const name = z.string().trim().min(1).max(200);

/** Input of `priceLists.create`. */
export const PriceListInputSchema = z
  .strictObject({
    name,
    currency: CurrencySchema,
    /** The highest priority among the lists that apply gives the price (default 0). */
    priority: z.int().min(-1000).max(1000).default(0),
    /** Applies to every party (a catalogue price list). */
    isDefault: z.boolean().default(false),
    validFrom: Day.nullable().optional(),
    /** Exclusive: the list applies before this day. */
    validTo: Day.nullable().optional(),
  })
  .refine((l) => !l.validFrom || !l.validTo || l.validTo > l.validFrom, {
    path: ['validTo'],
    message: 'must be after validFrom',
  });
/** What a price list is given as. */
export type PriceListInput = z.input<typeof PriceListInputSchema>;

/** One price: a product (by id or SKU), its unit price, and the quantity from which it applies. */
export const PriceInputSchema = z
  .strictObject({
    productId: z.uuid().optional(),
    sku: Sku.optional(),
    unitPrice: Amount,
    /** The quantity break: applies to lines of at least this many (default 1). */
    minQuantity: Quantity.default('1'),
  })
  .refine((p) => (p.productId === undefined) !== (p.sku === undefined), {
    path: ['sku'],
    message: 'give either productId or sku',
  });
/** What a price is given as. */
export type PriceInput = z.input<typeof PriceInputSchema>;

/** Input of `priceLists.setPrices`: new prices from a day on (the current ones are closed that day). */
export const SetPricesSchema = z.strictObject({
  prices: z.array(PriceInputSchema).min(1).max(10_000),
  /** The first day of the new prices (default: today, UTC). */
  validFrom: Day.optional(),
});
/** What `priceLists.setPrices` is given. */
export type SetPricesInput = z.input<typeof SetPricesSchema>;

/** Input of `priceLists.addDiscount`. */
export const DiscountInputSchema = z
  .strictObject({
    name,
    /** A product (by id or SKU), a category with its subtree, or the whole list. */
    productId: z.uuid().optional(),
    sku: Sku.optional(),
    categoryId: z.uuid().optional(),
    /** Applies to lines of at least this many (default 1). */
    minQuantity: Quantity.default('1'),
    /** Percent off the unit price (0 < p ≤ 100), or… */
    percent: Amount.optional(),
    /** …an amount off each unit. */
    amount: Amount.optional(),
    /** Rules apply from the highest priority down (default 0). */
    priority: z.int().min(-1000).max(1000).default(0),
    validFrom: Day.nullable().optional(),
    validTo: Day.nullable().optional(),
  })
  .superRefine((d, ctx) => {
    const targets = [d.productId, d.sku, d.categoryId].filter((x) => x !== undefined).length;
    if (targets > 1)
      ctx.addIssue({
        code: 'custom',
        path: ['categoryId'],
        message: 'give one of productId, sku, categoryId',
      });
    if ((d.percent === undefined) === (d.amount === undefined))
      ctx.addIssue({ code: 'custom', path: ['percent'], message: 'give either percent or amount' });
    if (d.percent !== undefined && (Number(d.percent) <= 0 || Number(d.percent) > 100))
      ctx.addIssue({ code: 'custom', path: ['percent'], message: 'must be more than 0 and at most 100' });
    if (d.amount !== undefined && !/[1-9]/.test(d.amount))
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'must be more than 0' });
    if (d.validFrom && d.validTo && d.validTo <= d.validFrom)
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'must be after validFrom' });
  });
/** What a discount rule is given as. */
export type DiscountInput = z.input<typeof DiscountInputSchema>;

/** Input of `priceLists.assign` / `unassign`: a party or a segment. */
export const AssignmentInputSchema = z.union([
  z.strictObject({ partyId: z.uuid() }),
  z.strictObject({ segmentId: z.uuid() }),
]);
/** What an assignment is given as. */
export type AssignmentInput = z.input<typeof AssignmentInputSchema>;

/** Input of `priceLists.setTaxRate`: the rate (percent) of a tax class, optionally for one country. */
export const TaxRateInputSchema = z.strictObject({
  taxClass: z.string().trim().min(1).max(50),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 code such as DE')
    .nullable()
    .optional(),
  rate: Amount.refine((v) => Number(v) <= 100, 'must be at most 100'),
  validFrom: Day.optional(),
});
/** What a tax rate is given as. */
export type TaxRateInput = z.input<typeof TaxRateInputSchema>;

/** Today's calendar day in UTC. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
