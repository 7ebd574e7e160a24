import type { JournalEntry, TxContext } from '@rapport/core/plugin';
import { DROP_ENTRIES_SQL, PROJECT_ENTRIES_SQL } from '../sales/sale-line-sql.js';

const MONEY_TYPES = new Set(['sale', 'refund']);

/**
 * Keeps `pricing_sale_line` in step with one `record`/`recordMany` batch, in its transaction, in at
 * most two statements: the lines of corrected (amended or voided) entries go, whatever their new type,, and the lines of the
 * batch's current sales and refunds come in. A void carries the type of the entry it voids.
 */
export async function projectSaleLines(entries: readonly JournalEntry[], tx: TxContext): Promise<void> {
  const corrected = entries.flatMap((e) => (e.corrects ? [e.corrects.id] : []));
  const money = entries.filter((e) => MONEY_TYPES.has(e.type));
  if (corrected.length > 0) await tx.sql(DROP_ENTRIES_SQL, [tx.tenantId, corrected]);
  const current = money.filter((e) => e.corrects?.kind !== 'void').map((e) => e.id);
  if (current.length > 0) await tx.sql(PROJECT_ENTRIES_SQL, [tx.tenantId, current]);
}
