import { sql, type TxContext } from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import type { StageChange } from '../types.js';

const COLUMNS = [
  'id',
  'dealId',
  'pipelineId',
  'fromStageId',
  'toStageId',
  'changedAt',
  'employeeId',
  'actor',
  'reason',
  'journalEntryId',
] as const satisfies ReadonlyArray<keyof StageChange>;

/** Writes one row of a deal's stage history, at the transaction's time, by the transaction's actor. */
export async function insertStageChange(
  tx: TxContext,
  change: {
    dealId: string;
    pipelineId: string;
    fromStageId: string | null;
    toStageId: string;
    reason: string | null;
    journalEntryId: string;
    /** When the deal entered the stage (the clock read after the deal was locked). */
    at: string;
  },
): Promise<StageChange> {
  return tx.db
    .insertInto('StageChange')
    .values({
      tenantId: tx.tenantId,
      id: uuidv7(),
      dealId: change.dealId,
      pipelineId: change.pipelineId,
      fromStageId: change.fromStageId,
      toStageId: change.toStageId,
      // The clock was read in SQL: pass it on as text so no microsecond is lost to a JavaScript Date.
      changedAt: sql<Date>`${change.at}::timestamptz`,
      employeeId: tx.actor.kind === 'employee' ? tx.actor.id : null,
      actor: tx.actor,
      reason: change.reason,
      journalEntryId: change.journalEntryId,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
}

/** A deal's stage history, oldest first. */
export async function readStageChanges(tx: TxContext, dealId: string): Promise<StageChange[]> {
  return tx.db
    .selectFrom('StageChange')
    .select(COLUMNS)
    .where('tenantId', '=', tx.tenantId)
    .where('dealId', '=', dealId)
    .orderBy('changedAt')
    .orderBy('id')
    .execute();
}
