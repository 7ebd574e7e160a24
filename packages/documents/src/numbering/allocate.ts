import type { TxContext } from '@rapport/core/plugin';
import type { DocumentType } from '../types/type-input.js';
import { formatNumber, periodKey } from './number-format.js';

/** A number given to a document: the formatted number, the counter value and its period key. */
export interface AllocatedNumber {
  number: string;
  seq: number;
  /** `2026`, `2026-03`, or `` for a type numbered without periods. */
  period: string;
}

/**
 * Takes the next number of a type for the period of `on` (`YYYY-MM-DD`), inside `tx`. The counter
 * row stays locked until `tx` ends: a concurrent allocation of the same type and period waits, and a
 * rollback gives the number back — numbers are gapless and never given twice.
 */
export async function allocateNumber(
  tx: TxContext,
  type: DocumentType,
  on: string,
): Promise<AllocatedNumber> {
  const period = periodKey(type.period, on);
  const [row] = await tx.sql<{ last_seq: number }>(
    `insert into documents_counter (tenant_id, type_id, period, last_seq) values ($1, $2, $3, 1)
     on conflict (tenant_id, type_id, period) do update set last_seq = documents_counter.last_seq + 1
     returning last_seq`,
    [tx.tenantId, type.id, period],
  );
  const seq = Number(row!.last_seq);
  return { number: formatNumber(type.numberFormat, { seq, on, type: type.key }), seq, period };
}
