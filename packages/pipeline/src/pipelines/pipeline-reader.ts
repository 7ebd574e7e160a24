import { NotFoundError, sql, type TxContext } from '@rapport/core/plugin';
import type { Pipeline, Stage } from '../types.js';

const STAGE_COLUMNS = [
  'id',
  'pipelineId',
  'name',
  'position',
  'probability',
  'outcome',
  'rottingDays',
  'archivedAt',
] as const satisfies ReadonlyArray<keyof Stage>;

const PIPELINE_COLUMNS = [
  'id',
  'name',
  'currency',
  'position',
  'archivedAt',
  'createdAt',
] as const satisfies ReadonlyArray<keyof Pipeline>;

/** Selects the tenant's stages, active ones in order, then archived ones. */
function selectStages(tx: TxContext) {
  return tx.db
    .selectFrom('Stage')
    .select(STAGE_COLUMNS)
    .where('tenantId', '=', tx.tenantId)
    .orderBy('position', (order) => order.asc().nullsLast())
    .orderBy('archivedAt')
    .orderBy('id');
}

/** Reads pipelines with their stages (active in order, then archived), all of the tenant's when `ids` is null. */
export async function readPipelines(
  tx: TxContext,
  ids: readonly string[] | null,
  includeArchived = true,
): Promise<Pipeline[]> {
  if (ids?.length === 0) return [];
  let query = tx.db.selectFrom('Pipeline').select(PIPELINE_COLUMNS).where('tenantId', '=', tx.tenantId);
  if (ids) query = query.where('id', 'in', ids);
  if (!includeArchived) query = query.where('archivedAt', 'is', null);
  const pipelines = await query
    .orderBy('archivedAt', (order) => order.asc().nullsFirst())
    .orderBy('position')
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute();
  if (pipelines.length === 0) return [];
  const stages = await selectStages(tx)
    .where(
      'pipelineId',
      'in',
      pipelines.map((pipeline) => pipeline.id),
    )
    .execute();
  return pipelines.map((pipeline) => ({
    ...pipeline,
    stages: stages.filter((stage) => stage.pipelineId === pipeline.id).map(withProbability),
  }));
}

/** Reads one pipeline; not found otherwise. */
export async function requirePipeline(tx: TxContext, id: string): Promise<Pipeline> {
  const [pipeline] = await readPipelines(tx, [id]);
  if (!pipeline) throw new NotFoundError('Pipeline', id);
  return pipeline;
}

/** Reads stages by id (any pipeline of the tenant). */
export async function readStages(tx: TxContext, ids: readonly string[]): Promise<Map<string, Stage>> {
  if (ids.length === 0) return new Map();
  const rows = await selectStages(tx)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, withProbability(row)]));
}

/** Reads one stage; not found otherwise. */
export async function requireStage(tx: TxContext, id: string): Promise<Stage> {
  const stage = (await readStages(tx, [id])).get(id);
  if (!stage) throw new NotFoundError('Stage', id);
  return stage;
}

/** Stage probabilities are stored exact (`numeric(5, 4)`) and handed out as numbers in 0..1. */
function withProbability(stage: Omit<Stage, 'probability'> & { probability: string }): Stage {
  return { ...stage, probability: Number(stage.probability) };
}
