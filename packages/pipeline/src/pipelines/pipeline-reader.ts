import { NotFoundError, type TxContext } from '@rapport/core/plugin';
import type { Pipeline, Stage } from '../types.js';

interface StageJson {
  id: string;
  pipelineId: string;
  name: string;
  position: number | null;
  probability: number | string;
  outcome: Stage['outcome'];
  rottingDays: number | null;
  archivedAt: string | null;
}

interface PipelineRow {
  id: string;
  name: string;
  currency: string | null;
  position: number;
  archived_at: string | null;
  created_at: string;
  stages: StageJson[];
}

/** The columns of a stage as JSON, over `pipeline_stage s`. */
export const STAGE_JSON = `json_build_object('id', s.id, 'pipelineId', s.pipeline_id, 'name', s.name, 'position', s.position,
  'probability', s.probability, 'outcome', s.outcome, 'rottingDays', s.rotting_days, 'archivedAt', s.archived_at)`;

/** Converts a stage selected with {@link STAGE_JSON}. */
export function toStage(row: StageJson): Stage {
  return {
    id: row.id,
    pipelineId: row.pipelineId,
    name: row.name,
    position: row.position,
    probability: Number(row.probability),
    outcome: row.outcome,
    rottingDays: row.rottingDays,
    archivedAt: row.archivedAt ? new Date(row.archivedAt) : null,
  };
}

/** Reads pipelines with their stages (active in order, then archived), all of the tenant's when `ids` is null. */
export async function readPipelines(
  tx: TxContext,
  ids: readonly string[] | null,
  includeArchived = true,
): Promise<Pipeline[]> {
  const rows = await tx.sql<PipelineRow>(
    `select p.id, p.name, p.currency, p.position, p.archived_at, p.created_at,
       coalesce((select json_agg(${STAGE_JSON} order by s.position nulls last, s.archived_at, s.id)
         from pipeline_stage s where s.tenant_id = p.tenant_id and s.pipeline_id = p.id), '[]') as stages
     from pipeline_pipeline p
     where p.tenant_id = $1 and ($2::uuid[] is null or p.id = any($2::uuid[])) and ($3 or p.archived_at is null)
     order by p.archived_at nulls first, p.position, lower(p.name), p.id`,
    [tx.tenantId, ids, includeArchived],
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    currency: row.currency,
    position: row.position,
    archivedAt: row.archived_at ? new Date(row.archived_at) : null,
    createdAt: new Date(row.created_at),
    stages: row.stages.map(toStage),
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
  const rows = await tx.sql<{ stage: StageJson }>(
    `select ${STAGE_JSON} as stage from pipeline_stage s where s.tenant_id = $1 and s.id = any($2::uuid[])`,
    [tx.tenantId, [...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.stage.id, toStage(r.stage)]));
}

/** Reads one stage; not found otherwise. */
export async function requireStage(tx: TxContext, id: string): Promise<Stage> {
  const stage = (await readStages(tx, [id])).get(id);
  if (!stage) throw new NotFoundError('Stage', id);
  return stage;
}
