import { PluginError, type TxContext } from '@rapport/core/plugin';
import { invalidField } from './checks.js';

/**
 * Margin, read from `@rapport/pricing`'s purchase history. A sale line's margin is
 * `net_amount − quantity × cost` where `cost` is its product's `pricing_product.cost` per unit, known
 * only when the line has a catalogue product with a cost **in the line's currency**
 * (`cost_currency = currency`; costs are never converted). A refund line's margin is the negative of
 * the same (the goods come back at cost). Lines without a known cost are left out of margin and
 * counted. The cost is the product's cost of now (pricing keeps no history of costs).
 */

/** A sale line `sl` has a known cost: its product `pp` has a cost in the line's currency. */
export const KNOWN_COST = 'pp.cost is not null and pp.cost_currency = sl.currency';

/** Signed margin of one entry's lines: `(margin, without_cost, lines)` of entry `entry` (an SQL expression). */
export function entryMarginSql(entry: string): string {
  return `(select sum(case when ${KNOWN_COST} then (sl.net_amount - sl.quantity * pp.cost)
        * case when sl.kind = 'refund' then -1 else 1 end end) as margin,
      (count(*) filter (where not coalesce(${KNOWN_COST}, false)))::int as without_cost, count(*)::int as lines
    from pricing_sale_line sl
    left join pricing_product pp on pp.tenant_id = sl.tenant_id and pp.id = sl.product_id
    where sl.tenant_id = $1 and sl.entry_id = ${entry})`;
}

/**
 * Margin of entry `entry`'s lines, whole and of the lines whose money line (`items` of the entry,
 * `line_no`) has product category `category` (`extra.category`): `(margin, without_cost,
 * part_margin, part_without_cost)`.
 */
export function entryCategoryMarginSql(entry: string, items: string, category: string): string {
  const margin = `(sl.net_amount - sl.quantity * pp.cost) * case when sl.kind = 'refund' then -1 else 1 end`;
  const inPart = `(${items}->(sl.line_no - 1)->'extra'->>'category') is not distinct from ${category}`;
  return `(select sum(case when ${KNOWN_COST} then ${margin} end) as margin,
      (count(*) filter (where not coalesce(${KNOWN_COST}, false)))::int as without_cost,
      sum(case when ${KNOWN_COST} and ${inPart} then ${margin} end) as part_margin,
      (count(*) filter (where ${inPart} and not coalesce(${KNOWN_COST}, false)))::int as part_without_cost
    from pricing_sale_line sl
    left join pricing_product pp on pp.tenant_id = sl.tenant_id and pp.id = sl.product_id
    where sl.tenant_id = $1 and sl.entry_id = ${entry})`;
}

/** Whether `@rapport/pricing`'s sale lines and products are in this database. */
export async function pricingInstalled(tx: TxContext): Promise<boolean> {
  const [row] = await tx.sql<{ ok: boolean }>(
    `select to_regclass('pricing_sale_line') is not null and to_regclass('pricing_product') is not null as ok`,
  );
  return row?.ok === true;
}

/** Refuses a margin basis without `@rapport/pricing` (INVALID_DATA naming `field`). */
export async function requirePricingForMargin(tx: TxContext, what: string, field: string): Promise<void> {
  if (!(await pricingInstalled(tx)))
    throw invalidField(
      what,
      field,
      'a margin basis needs the sale lines and product costs of @rapport/pricing, which is not installed',
    );
}

/** The run-time refusal of a margin plan when pricing has gone missing since the plan was set. */
export function pricingMissing(planId: string): PluginError {
  return new PluginError(
    `Pay plan ${planId} pays commission on margin, which needs the sale lines and product costs of @rapport/pricing, not installed`,
    { plugins: ['@rapport/analytics', '@rapport/pricing'], field: 'basis', planId },
  );
}
