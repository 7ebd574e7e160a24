import type { TableParticipation } from '@rapport/core/plugin';

/**
 * Sale lines follow their customer: a merge moves them to the survivor (as the journal moves the
 * entries), an export lists them, and an erasure leaves them as they are — they hold no personal
 * data, and the sums and rules computed from them must not change. Who sold (`employee_id`) and the
 * customer's owner at the time (`owner_id`) are history: they never move. An agent sees the lines of
 * the customers they may see.
 */
export const SALE_LINE_PARTICIPATION: TableParticipation = {
  table: 'pricing_sale_line',
  label: 'saleLines',
  parties: [{ column: 'party_id' }],
  employees: [{ column: 'employee_id' }, { column: 'owner_id' }],
};

/**
 * Price lists assigned to a party: a merge moves the assignments to the survivor (dropping one the
 * survivor already has for the same list); an erasure removes them.
 */
export const PRICE_LIST_ASSIGNMENT_PARTICIPATION: TableParticipation = {
  table: 'pricing_price_list_assignment',
  label: 'priceListAssignments',
  parties: [{ column: 'party_id', merge: { combine: ['price_list_id'] }, erase: 'delete' }],
};

/** The pricing tables that point at parties or employees, declared for core's party operations. */
// biome-ignore format: one item per line, so that additions (quotes) merge cleanly
export const PRICING_PARTICIPATION: readonly TableParticipation[] = [
  SALE_LINE_PARTICIPATION,
  PRICE_LIST_ASSIGNMENT_PARTICIPATION,
];
