import type { Actor, TxContext } from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import type { StageChange } from '../types.js';

interface StageChangeRow {
  id: string;
  deal_id: string;
  pipeline_id: string;
  from_stage_id: string | null;
  to_stage_id: string;
  changed_at: string;
  employee_id: string | null;
  actor: Actor;
  reason: string | null;
  journal_entry_id: string | null;
}

const COLUMNS =
  'id, deal_id, pipeline_id, from_stage_id, to_stage_id, changed_at, employee_id, actor, reason, journal_entry_id';

function toChange(row: StageChangeRow): StageChange {
  return {
    id: row.id,
    dealId: row.deal_id,
    pipelineId: row.pipeline_id,
    fromStageId: row.from_stage_id,
    toStageId: row.to_stage_id,
    changedAt: new Date(row.changed_at),
    employeeId: row.employee_id,
    actor: row.actor,
    reason: row.reason,
    journalEntryId: row.journal_entry_id,
  };
}

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
  const [row] = await tx.sql<StageChangeRow>(
    `insert into pipeline_stage_change (tenant_id, id, deal_id, pipeline_id, from_stage_id, to_stage_id, changed_at,
       employee_id, actor, reason, journal_entry_id)
     values ($1, $2, $3, $4, $5, $6, $11, $7, $8, $9, $10) returning ${COLUMNS}`,
    [
      tx.tenantId,
      uuidv7(),
      change.dealId,
      change.pipelineId,
      change.fromStageId,
      change.toStageId,
      tx.actor.kind === 'employee' ? tx.actor.id : null,
      JSON.stringify(tx.actor),
      change.reason,
      change.journalEntryId,
      change.at,
    ],
  );
  return toChange(row!);
}

/** A deal's stage history, oldest first. */
export async function readStageChanges(tx: TxContext, dealId: string): Promise<StageChange[]> {
  const rows = await tx.sql<StageChangeRow>(
    `select ${COLUMNS} from pipeline_stage_change where tenant_id = $1 and deal_id = $2 order by changed_at, id`,
    [tx.tenantId, dealId],
  );
  return rows.map(toChange);
}
