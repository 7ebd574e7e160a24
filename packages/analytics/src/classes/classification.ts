/** Money in one currency: an exact decimal string. */
export type Amount = string;

/** One ABC class (or an XYZ class) with its counts and shares. */
export interface ClassSummary {
  class: string;
  customers: number;
  revenue: Amount;
  /** customers / all classified customers. */
  customerShare: number;
  /** revenue / total revenue. */
  revenueShare: number;
}

/** One classified customer. */
export interface ClassMember {
  partyId: string;
  name: string;
  /** 1 = the largest revenue. */
  rank: number;
  class: string;
  /** The XYZ class (when asked). */
  xyz: string | null;
  revenue: Amount;
  orders: number;
  /** Cumulative revenue share up to and including this customer. */
  cumulativeShare: number;
  /** Coefficient of variation of monthly revenue (when XYZ was asked; null: no mean). */
  variation: number | null;
}

/** The result of `customerClasses.abc`. */
export interface AbcResult {
  period: { from: Date; to: Date; timeZone: string };
  currency: string;
  /** What customers are ranked by; with `margin`, every `revenue` amount of the result is margin. */
  basis: 'revenue' | 'margin';
  /**
   * With a margin basis: the period's sale lines left out of margin for want of a product cost in
   * their currency, and the entries without sale lines (left out whole); null for revenue.
   */
  coverage: { linesWithoutCost: number; entriesWithoutLines: number } | null;
  thresholds: { a: number; b: number };
  xyzThresholds: { x: number; y: number } | null;
  total: { customers: number; revenue: Amount };
  classes: ClassSummary[];
  /** The ABC × XYZ matrix (when XYZ was asked). */
  matrix: Array<{ abc: string; xyz: string; customers: number; revenue: Amount }>;
  pareto: {
    /** The share of customers asked (percent, default 20). */
    topShare: number;
    topCustomers: number;
    topRevenue: Amount;
    /** The revenue share of the top customers (the "80" of 80/20); null without revenue. */
    topRevenueShare: number | null;
  };
  members: { class: string | null; offset: number; total: number; items: ClassMember[] };
}

/** A saved classification. */
export interface SavedClassification {
  id: string;
  name: string;
  kind: 'abc' | 'rfm';
  input: Record<string, unknown>;
  summary: Record<string, unknown>;
  /** The core segments made of it: class (or RFM segment) → segment id. */
  segmentIds: Record<string, string>;
  ownerId: string | null;
  computedAt: Date;
}
