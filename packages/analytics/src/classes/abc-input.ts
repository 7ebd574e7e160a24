import { CurrencySchema, z } from '@rapport/core/plugin';
import { JournalFiltersSchema } from '../query/query-input.js';

/** ABC classes. */
export const ABC_CLASSES = ['A', 'B', 'C'] as const;
/** XYZ classes. */
export const XYZ_CLASSES = ['X', 'Y', 'Z'] as const;

const percent = z.number().gt(0).lt(100);

/** A page of the members of one class (or of all, by rank). */
export const MembersPageSchema = z.strictObject({
  class: z.string().min(1).max(40).optional(),
  offset: z.int().min(0).default(0),
  limit: z.int().min(0).max(1000).default(50),
});

/** Input of `customerClasses.abc`: customers by net revenue in one currency over a period. */
export const AbcQuerySchema = z.strictObject({
  filters: JournalFiltersSchema.omit({ types: true, currency: true, partyRole: true }).extend({
    /** Revenue is never added across currencies: the classification is of one currency. */
    currency: CurrencySchema,
  }),
  /**
   * Rank customers by net revenue (default) or by margin of their sale lines (sales − refunds,
   * `net_amount − quantity × cost`; needs `@rapport/pricing`, else INVALID_DATA naming `basis`).
   */
  basis: z.enum(['revenue', 'margin']).default('revenue'),
  /** Cumulative shares of revenue (percent) closing A and B (default: the plugin's options, 80/95). */
  thresholds: z.strictObject({ a: percent, b: percent }).optional(),
  /** The Pareto check: the revenue share of this top share of customers (percent, default 20). */
  topShare: percent.default(20),
  /** Also classify by demand variability (XYZ): coefficient of variation of monthly revenue. */
  xyz: z.union([z.literal(true), z.strictObject({ x: z.number().gt(0), y: z.number().gt(0) })]).optional(),
  members: MembersPageSchema.prefault({}),
});

/** What `customerClasses.abc` accepts. */
export type AbcQuery = z.input<typeof AbcQuerySchema>;
/** The parsed ABC query. */
export type ParsedAbcQuery = z.output<typeof AbcQuerySchema>;
