import type { TxContext } from '@rapport/core/plugin';

/**
 * Takes a key-share lock on a pipeline's row before a deal's funnel facts change: a stage reorder,
 * archive or outcome change (which rebuilds the pipeline's facts holding the same row `for update`)
 * then waits for moves in flight, and moves wait for it, so no refresh sees half of the other; moves
 * do not wait for each other.
 * Taken before the first write that locks a stage row, so the lock order is always pipeline → stage.
 */
export async function lockPipelineForFacts(tx: TxContext, pipelineId: string): Promise<void> {
  await tx.sql('select 1 from pipeline_pipeline where tenant_id = $1 and id = $2 for key share', [
    tx.tenantId,
    pipelineId,
  ]);
}

/**
 * Recomputes the funnel facts of these deals from their stage history (delete + insert) and applies
 * the difference to the funnel rollups, in `tx`: one statement (`pipeline_funnel_refresh_deals`,
 * migration 0003). Call it after every write that changes a deal's stage history, amount, currency
 * or loss reasons.
 */
export async function refreshDealFacts(tx: TxContext, dealIds: readonly string[]): Promise<void> {
  if (dealIds.length === 0) return;
  await tx.sql('select pipeline_funnel_refresh_deals($1, $2::uuid[])', [tx.tenantId, [...dealIds]]);
}

/**
 * Rebuilds the funnel facts and rollups of one pipeline set-based, in `tx`: after a change of the
 * stage order or of a stage's outcome, which changes what "further along" means for every deal.
 * The caller holds the pipeline row `for update`.
 */
export async function refreshPipelineFacts(tx: TxContext, pipelineId: string): Promise<void> {
  await tx.sql('select pipeline_funnel_refresh($1, $2)', [tx.tenantId, pipelineId]);
}
