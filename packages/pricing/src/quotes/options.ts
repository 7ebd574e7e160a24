import { CronExpressionSchema, type InjectionToken, TimeZoneSchema, z } from '@rapport/core/plugin';

/** The quotes' part of the pricing plugin's options (`quotes: {...}`). */
export const QuoteOptionsSchema = z.object({
  /** Locale of documents and emails when a quote gives none. */
  defaultLocale: z.string().trim().min(2).max(35).default('en'),
  /** Days a new quote is valid when it gives no `validUntil`. */
  validityDays: z.int().min(1).max(3650).default(30),
  /**
   * Who may set a price, discount or tax by hand: `managers` (managers, administrators, system
   * processes) or `owners` (also whoever may change the quote).
   */
  manualPrices: z.enum(['managers', 'owners']).default('managers'),
  /** What an acceptance does besides the `offer_response` entry and `quoteAccepted`. */
  onAccept: z
    .object({
      /** Win the quote's deal (when `@rapport/pipeline` is installed and the quote has a deal). */
      winDeal: z.boolean().default(true),
      /** Record a `sale` journal entry with the quote's lines. */
      recordSale: z.boolean().default(false),
      /**
       * Create a draft contract of the quote's total, starting today, linked to the quote, its deal and
       * its document (when `@rapport/contracts` is installed).
       */
      createContract: z.boolean().default(false),
    })
    .prefault({}),
  /** Make a deal's amount follow its product lines (`dealLines.set` updates it through the pipeline). */
  dealAmountFollowsLines: z.boolean().default(false),
  /** The email template (kind `email`) a quote is sent with; the plugin registers a default. */
  emailTemplate: z.string().default('pricing.quote'),
  /** The scheduled `pricing.expire-quotes` run. */
  expirySchedule: z
    .object({
      enabled: z.boolean().default(true),
      /** Hourly by default, so every tenant's midnight is seen soon after it passes. */
      cron: CronExpressionSchema.default('10 * * * *'),
      tz: TimeZoneSchema.default('UTC'),
    })
    .prefault({}),
});

/** The validated quote options. */
export type QuoteOptions = z.output<typeof QuoteOptionsSchema>;

/** Token under which the pricing plugin's setup registers the validated quote options. */
export const QUOTE_OPTIONS: InjectionToken<QuoteOptions> = Symbol('rapport.pricing.quoteOptions');
