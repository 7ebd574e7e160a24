import { CurrencySchema, z } from '@rapport/core/plugin';
import { JournalFiltersSchema } from '../query/query-input.js';
import { MembersPageSchema } from './abc-input.js';

/** Input of `customerClasses.rfm`: customers with a sale in the period, scored as of its end. */
export const RfmQuerySchema = z.strictObject({
  filters: JournalFiltersSchema.omit({ types: true, currency: true, partyRole: true }).extend({
    /** Monetary values are never added across currencies: the scoring is of one currency. */
    currency: CurrencySchema,
  }),
  members: MembersPageSchema.prefault({}),
});

/** What `customerClasses.rfm` accepts. */
export type RfmQuery = z.input<typeof RfmQuerySchema>;
/** The parsed RFM query. */
export type ParsedRfmQuery = z.output<typeof RfmQuerySchema>;

/** One scored customer. */
export interface RfmMember {
  partyId: string;
  name: string;
  segment: string;
  /** Scores 1–5 (5 best): recency, frequency, monetary. */
  r: number;
  f: number;
  m: number;
  /** Days from the last sale to the end of the period. */
  recencyDays: number;
  /** Sales in the period. */
  frequency: number;
  /** Net revenue (sales − refunds) in the period, exact decimal. */
  monetary: string;
  lastSaleAt: string;
}

/** One named segment of the result. */
export interface RfmSegmentSummary {
  segment: string;
  customers: number;
  customerShare: number;
  monetary: string;
  averageRecencyDays: number;
  averageFrequency: number;
}

/** The result of `customerClasses.rfm`. */
export interface RfmResult {
  period: { from: Date; to: Date; timeZone: string };
  currency: string;
  customers: number;
  segments: RfmSegmentSummary[];
  /** Customers per recency × frequency score (the grid the segments are cut from). */
  grid: Array<{ r: number; f: number; customers: number }>;
  members: { class: string | null; offset: number; total: number; items: RfmMember[] };
}
