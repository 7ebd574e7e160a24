import { Decimal } from 'decimal.js';
import type { CommissionRule } from './pay-plan-input.js';
import type { PayRow } from './pay-sql.js';

/** The terms of the plan version that applies to one agent in one run. */
export interface PlanTerms {
  baseSalary: string;
  /** Commission on credited revenue (default) or on credited margin (rows computed with margin). */
  basis?: 'revenue' | 'margin';
  rules: CommissionRule[];
  cap: string | null;
  /** The month's target, or null (then every rule pays its first tier's rate). */
  target: string | null;
  newCustomerDays: number | null;
}

/** One computed line of a statement. */
export interface ComputedLine {
  kind: 'base' | 'commission' | 'cap' | 'clawback' | 'adjustment';
  entryId: string | null;
  saleId: string | null;
  rule: number | null;
  tier: number | null;
  /** The revenue the line is about (the tier's part of the credited revenue, a clawed-back share…). */
  basis: string | null;
  share: string | null;
  rate: string | null;
  amount: string;
  note: string;
}

/** One agent's computed statement. */
export interface ComputedStatement {
  base: string;
  /** Credited revenue of the run (sales less refunds, the agent's shares). */
  revenue: string;
  /** Commission before the cap. */
  earned: string;
  /** Commission after the cap. */
  commission: string;
  /** Clawbacks and adjustments of entries paid by earlier runs. */
  adjustments: string;
  total: string;
  lines: ComputedLine[];
}

const ZERO = new Decimal(0);
const HUNDRED = new Decimal(100);
/** Money amounts are rounded to the cent, half away from zero, once per line. */
const cents = (value: Decimal) => value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
const fixed = (value: Decimal) => value.toFixed(4);
const DAY_MS = 86_400_000;

/** Whether a credited row is a sale to a new customer: no sale of theirs before (within N days). */
function isNew(row: PayRow, days: number | null): boolean {
  if (row.unlinked) return false;
  if (row.previous_sale_at === null) return true;
  if (days === null) return false;
  const at = new Date(row.credit_at ?? row.occurred_at).getTime();
  return at - new Date(row.previous_sale_at).getTime() > days * DAY_MS;
}

/** The first rule whose customer filter matches, with its index. */
function ruleFor(
  rules: readonly CommissionRule[],
  fresh: boolean,
  category: string | null,
): [CommissionRule, number] | null {
  const index = rules.findIndex(
    (r) =>
      (r.customers === 'any' || (r.customers === 'new') === fresh) &&
      (r.categories === undefined || (category !== null && r.categories.includes(category))),
  );
  return index < 0 ? null : [rules[index]!, index];
}

/** The amount commission is paid on for a credited row: its revenue, or its margin (none known: 0). */
function creditBasis(row: PayRow, terms: PlanTerms): Decimal {
  return terms.basis === 'margin' ? new Decimal(row.margin ?? 0) : new Decimal(row.revenue!);
}

/** With margin: what the note says of the lines left out for want of a known cost. */
function costNote(row: PayRow, terms: PlanTerms): string {
  if (terms.basis !== 'margin') return '';
  if (row.margin === null) return ', margin 0: no line with a known cost';
  return row.without_cost > 0 ? `, ${row.without_cost} line(s) without a known cost left out` : '';
}

/** The commission lines of one credited row at cumulative basis `before` → `before + basis`. */
function creditLines(row: PayRow, terms: PlanTerms, before: Decimal): ComputedLine[] {
  const revenue = creditBasis(row, terms);
  const fresh = isNew(row, terms.newCustomerDays);
  const matched = ruleFor(terms.rules, fresh, row.category);
  const customer = row.type === 'sale' ? (fresh ? ', new customer' : ', existing customer') : '';
  const category = row.category === null ? '' : `, category ${row.category}`;
  const who = `${row.type}${row.late ? ' (late)' : ''}${customer}${category}${costNote(row, terms)}`;
  const common = { entryId: row.entry_id, saleId: row.sale_id, share: row.share };
  if (!matched)
    return [
      {
        ...common,
        kind: 'commission',
        rule: null,
        tier: null,
        basis: fixed(revenue),
        rate: null,
        amount: '0.0000',
        note: `${who}: no rule applies`,
      },
    ];
  const [rule, ruleIndex] = matched;
  if (terms.basis === 'margin' && row.margin === null)
    return [
      {
        ...common,
        kind: 'commission',
        rule: ruleIndex,
        tier: null,
        basis: '0.0000',
        rate: null,
        amount: '0.0000',
        note: `${who}: ${rule.name}`,
      },
    ];
  const tiers = terms.target === null ? rule.tiers.slice(0, 1) : rule.tiers;
  const target = new Decimal(terms.target ?? 0);
  const after = before.plus(revenue);
  const [low, high] = before.lte(after) ? [before, after] : [after, before];
  const lines: ComputedLine[] = [];
  tiers.forEach((tier, t) => {
    const from = t === 0 ? new Decimal(-Infinity) : target.times(tier.fromPercent).div(HUNDRED);
    const next = tiers[t + 1];
    const to = next ? target.times(next.fromPercent).div(HUNDRED) : new Decimal(Infinity);
    const part = Decimal.min(high, to).minus(Decimal.max(low, from));
    if (part.lte(0)) return;
    const basis = revenue.isNegative() ? part.negated() : part;
    lines.push({
      ...common,
      kind: 'commission',
      rule: ruleIndex,
      tier: t,
      basis: fixed(basis),
      rate: new Decimal(tier.rate).toFixed(4),
      amount: fixed(cents(basis.times(tier.rate).div(HUNDRED))),
      note: `${who}: ${rule.name}, tier ${t + 1} (${tier.rate} %${t > 0 ? ` from ${tier.fromPercent} % of target` : ''})`,
    });
  });
  return lines;
}

/**
 * A clawback: the refunded part of a paid sale takes back the same part of what the sale was paid
 * (after the cap of its run, pro rata: see {@link capNote}) — by revenue (refund / the sale's paid revenue), or on a margin plan by margin (the refunded
 * lines' margin / the sale's margin; by revenue when either has no line with a known cost).
 */
function clawbackLine(row: PayRow, terms: PlanTerms): ComputedLine | null {
  const saleRevenue = new Decimal(row.sale_revenue ?? 0);
  if (saleRevenue.isZero()) return null;
  const byMargin =
    terms.basis === 'margin' &&
    row.margin !== null &&
    row.sale_margin !== null &&
    !new Decimal(row.sale_margin).isZero();
  const part = byMargin
    ? new Decimal(row.margin!).div(row.sale_margin!)
    : new Decimal(row.revenue!).div(saleRevenue);
  const commission = new Decimal(row.paid_commission!);
  return {
    kind: 'clawback',
    entryId: row.entry_id,
    saleId: row.sale_id,
    rule: null,
    tier: null,
    basis: fixed(part.times(row.paid_revenue!).negated()),
    share: null,
    rate: commission.div(saleRevenue).times(HUNDRED).toFixed(4),
    amount: fixed(cents(part.times(commission)).negated()),
    note: `refund of sale ${row.sale_id} paid in an approved run${byMargin ? ', by margin' : terms.basis === 'margin' ? ', by revenue: no known margin' : ''}${capNote(row)}`,
  };
}

/**
 * When the run that paid the entry capped the agent's commission: the entry was paid pro rata of the
 * cap (its earned commission × commission / earned of that statement), and only that is taken back.
 */
function capNote(row: PayRow): string {
  if (row.cap_paid === null || row.cap_earned === null) return '';
  const factor = new Decimal(row.cap_paid).div(row.cap_earned).times(HUNDRED).toFixed(4);
  return `; its run capped the commission at ${new Decimal(row.cap_paid).toFixed(2)} of ${new Decimal(row.cap_earned).toFixed(2)} earned, so it was paid ${factor} % of what it earned: ${new Decimal(row.paid_commission!).toFixed(4)}`;
}

/** A reversal of what an approved run paid for an entry amended or voided since. */
function reversalLine(row: PayRow): ComputedLine {
  return {
    kind: 'adjustment',
    entryId: row.entry_id,
    saleId: null,
    rule: null,
    tier: null,
    basis: fixed(new Decimal(row.paid_revenue!).negated()),
    share: null,
    rate: null,
    amount: fixed(new Decimal(row.paid_commission!).negated()),
    note: `${row.type} corrected after it was paid: its paid commission is reversed${capNote(row)}`,
  };
}

/**
 * Computes one agent's statement from the run's rows of that agent (already in the plan's currency,
 * ordered by time): the base salary; per credited entry its commission lines by rule and tier, over
 * the cumulative revenue (or margin, on a margin plan) in time order (a sale crossing a tier boundary gives one line per tier);
 * the cap; then clawbacks and reversals of entries paid by earlier runs (outside the cap).
 */
export function computeStatement(terms: PlanTerms, rows: readonly PayRow[]): ComputedStatement {
  const base = new Decimal(terms.baseSalary);
  const lines: ComputedLine[] = [];
  if (!base.isZero())
    lines.push({
      kind: 'base',
      entryId: null,
      saleId: null,
      rule: null,
      tier: null,
      basis: null,
      share: null,
      rate: null,
      amount: fixed(base),
      note: 'base salary',
    });
  let revenue = ZERO;
  let progress = ZERO;
  let earned = ZERO;
  for (const row of rows.filter((r) => r.kind === 'credit')) {
    const produced = creditLines(row, terms, progress);
    revenue = revenue.plus(row.revenue!);
    progress = progress.plus(creditBasis(row, terms));
    for (const line of produced) earned = earned.plus(line.amount);
    lines.push(...produced);
  }
  let commission = earned;
  if (terms.cap !== null && earned.gt(terms.cap)) {
    commission = new Decimal(terms.cap);
    lines.push({
      kind: 'cap',
      entryId: null,
      saleId: null,
      rule: null,
      tier: null,
      basis: null,
      share: null,
      rate: null,
      amount: fixed(commission.minus(earned)),
      note: `commission capped at ${terms.cap}`,
    });
  }
  let adjustments = ZERO;
  for (const row of rows) {
    const line =
      row.kind === 'clawback' ? clawbackLine(row, terms) : row.kind === 'reversal' ? reversalLine(row) : null;
    if (!line) continue;
    adjustments = adjustments.plus(line.amount);
    lines.push(line);
  }
  return {
    base: fixed(base),
    revenue: fixed(revenue),
    earned: fixed(earned),
    commission: fixed(commission),
    adjustments: fixed(adjustments),
    total: fixed(base.plus(commission).plus(adjustments)),
    lines,
  };
}
