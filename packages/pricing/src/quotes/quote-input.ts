import { CalendarDateSchema, CurrencySchema, z } from '@rapport/core/plugin';

/** A UUID in PostgreSQL's own (lower-case) spelling. */
export const Id = z.uuid().transform((value) => value.toLowerCase());

const decimal = (places: number, what: string) =>
  z
    .union([z.string().trim(), z.number().refine(Number.isFinite, 'must be finite').transform(String)])
    .pipe(
      z
        .string()
        .regex(
          new RegExp(`^\\d{1,14}(\\.\\d{1,${places}})?$`),
          `must be ${what} with at most ${places} decimals`,
        ),
    );

/** A quantity: an exact decimal more than 0. */
export const Quantity = decimal(6, 'an exact decimal').refine((v) => /[1-9]/.test(v), 'must be more than 0');
/** A unit price: an exact non-negative decimal. */
export const UnitPrice = decimal(6, 'an exact non-negative decimal');
/** A percentage 0–100 (discounts, tax rates). */
export const Percent = decimal(4, 'a percentage').refine((v) => Number(v) <= 100, 'must be at most 100');
/** Why a price was set by hand. */
export const Reason = z.string().trim().min(1).max(1000);

/**
 * One line of a quote: a product by SKU and a quantity, priced from the price lists. A `unitPrice`,
 * `discountPercent` or `taxRate` given here overrides the resolved one: that is a manual price, which
 * needs the permission (see the `quotes.manualPrices` option) and a `reason`, and is recorded on the line.
 */
export const QuoteLineInputSchema = z.object({
  sku: z.string().trim().min(1).max(100),
  quantity: Quantity,
  unitPrice: UnitPrice.optional(),
  discountPercent: Percent.optional(),
  taxRate: Percent.optional(),
  /** Why the price, discount or tax was set by hand (required with any of them). */
  reason: Reason.optional(),
});

const Lines = z.array(QuoteLineInputSchema).min(1).max(500);

/** What `quotes.create` takes. */
export const QuoteInputSchema = z.object({
  partyId: Id,
  /** A deal of `@rapport/pipeline` the offer belongs to. */
  dealId: Id.optional(),
  /** The responsible employee (default: the acting one; a system actor must give it). */
  ownerId: Id.optional(),
  currency: CurrencySchema,
  /** Locale of the rendered document and email (default: the plugin's `quotes.defaultLocale`). */
  locale: z.string().trim().min(2).max(35).optional(),
  /** Last day the offer is valid (tenant's calendar); default today + `quotes.validityDays`. */
  validUntil: CalendarDateSchema.optional(),
  terms: z.string().trim().max(20_000).optional(),
  /** The date prices are resolved for (default today in the tenant's time zone). */
  priceDate: CalendarDateSchema.optional(),
  lines: Lines,
});

/** What `quotes.create` takes, as given. */
export type QuoteInput = z.input<typeof QuoteInputSchema>;
/** A validated quote. */
export type ParsedQuoteInput = z.output<typeof QuoteInputSchema>;
/** One line, as given. */
export type QuoteLineInput = z.input<typeof QuoteLineInputSchema>;
/** One validated line. */
export type ParsedQuoteLine = z.output<typeof QuoteLineInputSchema>;

/** What `quotes.revise` and `quotes.updateDraft` take: what changes (lines are re-priced when given). */
export const QuoteRevisionSchema = z.object({
  validUntil: CalendarDateSchema.optional(),
  terms: z.string().trim().max(20_000).nullable().optional(),
  priceDate: CalendarDateSchema.optional(),
  lines: Lines.optional(),
});

/** A revision, as given. */
export type QuoteRevision = z.input<typeof QuoteRevisionSchema>;
/** A validated revision. */
export type ParsedQuoteRevision = z.output<typeof QuoteRevisionSchema>;

/** What `quotes.decline` takes. */
export const DeclineInputSchema = z.object({ reason: Reason });
/** What `quotes.accept` takes. */
export const AcceptInputSchema = z.object({ reason: Reason.optional() });

/** A decline, as given. */
export type DeclineInput = z.input<typeof DeclineInputSchema>;
/** An acceptance, as given. */
export type AcceptInput = z.input<typeof AcceptInputSchema>;

/** What `quotes.list` takes. */
export const QuoteListSchema = z.object({
  partyId: Id.optional(),
  dealId: Id.optional(),
  ownerId: Id.optional(),
  limit: z.int().min(1).max(500).default(100),
  /** The `nextCursor` of the previous page; omit for the first page. */
  cursor: z.string().max(500).optional(),
});

/** List filters, as given. */
export type QuoteListOptions = z.input<typeof QuoteListSchema>;
/** List filters, with defaults applied. */
export type ParsedQuoteList = z.output<typeof QuoteListSchema>;
