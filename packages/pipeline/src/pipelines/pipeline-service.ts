import {
  type CallContext,
  DATABASE,
  type Database,
  DuplicateError,
  InvalidDataError,
  inject,
  injectable,
  parse,
  pgErrorOf,
  RapportError,
  requireManager,
  type TxContext,
  visibilityOf,
  z,
} from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import { refreshPipelineFacts } from '../analytics/funnel-facts.js';
import type { Pipeline, Stage } from '../types.js';
import {
  AddStageSchema,
  checkStageSet,
  PipelineId as PipelineIdSchema,
  type PipelineInput,
  PipelineInputSchema,
  type PipelinePatch,
  PipelinePatchSchema,
  type StageInput,
  StageOrderSchema,
  type StagePatch,
  StagePatchSchema,
} from './pipeline-input.js';
import { readPipelines, requirePipeline, requireStage } from './pipeline-reader.js';

const pipelineId = (value: string) => parse(PipelineIdSchema, value, 'pipeline id');
const stageId = (value: string) => parse(PipelineIdSchema, value, 'stage id');

/**
 * Pipelines and their ordered stages. Reading is open to every employee of the tenant; changing the
 * structure is for managers and administrators. Stages that deals have been through are never
 * deleted: they are archived, which frees their position.
 */
@injectable()
export class PipelineService {
  constructor(@inject(DATABASE) private readonly db: Database) {}

  /**
   * Creates a pipeline with its stages (in the order given) in one transaction.
   *
   * @example
   * const sales = await crm.services.pipelines.create(ctx, {
   *   name: 'Sales', currency: 'EUR',
   *   stages: [
   *     { name: 'Lead', probability: 0.1 }, { name: 'Proposal', probability: 0.6, rottingDays: 14 },
   *     { name: 'Won', outcome: 'won' }, { name: 'Lost', outcome: 'lost' },
   *   ],
   * });
   */
  async create(ctx: CallContext, input: PipelineInput): Promise<Pipeline> {
    const data = parse(PipelineInputSchema, input, 'pipeline');
    return this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      const id = uuidv7();
      const [inserted] = await tx.sql<{ id: string }>(
        `insert into pipeline_pipeline (tenant_id, id, name, currency, position)
         select $1, $2, $3, $4, coalesce(max(position) + 1, 0) from pipeline_pipeline where tenant_id = $1
         on conflict do nothing returning id`,
        [tx.tenantId, id, data.name, data.currency ?? null],
      );
      if (!inserted) throw duplicateName(data.name);
      await insertStages(tx, id, data.stages, 0);
      return requirePipeline(tx, id);
    });
  }

  /** Reads one pipeline with its stages. */
  async get(ctx: CallContext, id: string): Promise<Pipeline> {
    const pid = pipelineId(id);
    return this.db.transaction(ctx, async (tx) => {
      await visibilityOf(tx);
      return requirePipeline(tx, pid);
    });
  }

  /** The tenant's pipelines in order, with their stages (archived pipelines only when asked). */
  async list(ctx: CallContext, options: { includeArchived?: boolean } = {}): Promise<Pipeline[]> {
    return this.db.transaction(ctx, async (tx) => {
      await visibilityOf(tx);
      return readPipelines(tx, null, options.includeArchived ?? false);
    });
  }

  /** Renames a pipeline or changes its default currency (existing deals keep theirs). */
  async update(ctx: CallContext, id: string, patch: PipelinePatch): Promise<Pipeline> {
    const pid = pipelineId(id);
    const data = parse(PipelinePatchSchema, patch, 'pipeline');
    return this.db.transaction(ctx, async (tx) => {
      await this.lockForChange(tx, pid);
      try {
        await tx.sql(
          `update pipeline_pipeline set name = coalesce($3, name),
             currency = case when $4 then $5 else currency end
           where tenant_id = $1 and id = $2`,
          [tx.tenantId, pid, data.name ?? null, data.currency !== undefined, data.currency ?? null],
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw duplicateName(data.name ?? '');
        throw error;
      }
      return requirePipeline(tx, pid);
    });
  }

  /** Archives a pipeline that has no open deal (a conflict naming the count otherwise). */
  async archive(ctx: CallContext, id: string): Promise<Pipeline> {
    const pid = pipelineId(id);
    return this.db.transaction(ctx, async (tx) => {
      await this.lockForChange(tx, pid);
      const open = await countOpenDeals(tx, 'pipeline_id', pid);
      if (open > 0)
        throw new RapportError('CONFLICT', `Pipeline ${pid} still has ${open} open deal(s)`, {
          details: { pipelineId: pid, openDeals: open },
        });
      await tx.sql(
        'update pipeline_pipeline set archived_at = coalesce(archived_at, now()) where tenant_id = $1 and id = $2',
        [tx.tenantId, pid],
      );
      return requirePipeline(tx, pid);
    });
  }

  /** Adds a stage at `position` (default: last); the stages from there on move down by one. */
  async addStage(
    ctx: CallContext,
    id: string,
    input: { stage: StageInput; position?: number },
  ): Promise<Pipeline> {
    const pid = pipelineId(id);
    const data = parse(AddStageSchema, input, 'stage');
    return this.db.transaction(ctx, async (tx) => {
      const pipeline = await this.lockForChange(tx, pid);
      const active = activeStages(pipeline);
      checkActive([...active, data.stage], 'stage');
      const position = Math.min(data.position ?? active.length, active.length);
      // One statement moves every later stage; the position key is checked at commit (deferred).
      await tx.sql(
        `update pipeline_stage set position = position + 1
         where tenant_id = $1 and pipeline_id = $2 and position >= $3`,
        [tx.tenantId, pid, position],
      );
      await insertStages(tx, pid, [data.stage], position);
      return requirePipeline(tx, pid);
    });
  }

  /**
   * Changes a stage's name, probability, rotting limit or outcome. The outcome of a stage that deals
   * sit in cannot change (their status mirrors it): a conflict naming the count.
   */
  async updateStage(ctx: CallContext, id: string, patch: StagePatch): Promise<Stage> {
    const sid = stageId(id);
    const data = parse(StagePatchSchema, patch, 'stage');
    return this.db.transaction(ctx, async (tx) => {
      const current = await requireStage(tx, sid);
      const pipeline = await this.lockForChange(tx, current.pipelineId);
      const outcome = data.outcome ?? current.outcome;
      const next = {
        name: data.name ?? current.name,
        outcome,
        probability:
          outcome === 'won' ? 1 : outcome === 'lost' ? 0 : (data.probability ?? current.probability),
        rottingDays:
          outcome === 'open'
            ? data.rottingDays === undefined
              ? current.rottingDays
              : data.rottingDays
            : null,
      };
      const issues = stagePatchIssues(data, outcome);
      if (issues.length > 0) throw new InvalidDataError('stage', issues);
      if (current.archivedAt === null) {
        checkActive(
          activeStages(pipeline).map((s) => (s.id === sid ? { ...s, ...next } : s)),
          'stage',
        );
      }
      if (outcome !== current.outcome) {
        const [row] = await tx.sql<{ n: number }>(
          'select count(*)::int as n from pipeline_deal where tenant_id = $1 and stage_id = $2',
          [tx.tenantId, sid],
        );
        if (row && row.n > 0)
          throw new RapportError(
            'CONFLICT',
            `${row.n} deal(s) sit in stage "${current.name}"; its outcome cannot change`,
            {
              details: { stageId: sid, deals: row.n },
            },
          );
      }
      await tx.sql(
        `update pipeline_stage set name = $3, outcome = $4, probability = $5, rotting_days = $6
         where tenant_id = $1 and id = $2`,
        [tx.tenantId, sid, next.name, next.outcome, next.probability, next.rottingDays],
      );
      if (outcome !== current.outcome) await refreshPipelineFacts(tx, current.pipelineId);
      return requireStage(tx, sid);
    });
  }

  /** Puts the pipeline's active stages in the given order (every active stage, once), in one statement. */
  async reorderStages(ctx: CallContext, id: string, stageIds: readonly string[]): Promise<Pipeline> {
    const pid = pipelineId(id);
    const order = parse(StageOrderSchema, stageIds, 'stage order');
    return this.db.transaction(ctx, async (tx) => {
      const pipeline = await this.lockForChange(tx, pid);
      const active = new Set(activeStages(pipeline).map((s) => s.id));
      if (
        order.length !== active.size ||
        new Set(order).size !== order.length ||
        order.some((s) => !active.has(s))
      ) {
        throw new InvalidDataError('stage order', [
          {
            path: 'stageIds',
            message: `must list each of the pipeline's ${active.size} active stages exactly once`,
            code: 'custom',
          },
        ]);
      }
      await tx.sql(
        `update pipeline_stage s set position = o.n - 1
         from unnest($3::uuid[]) with ordinality as o(id, n)
         where s.tenant_id = $1 and s.pipeline_id = $2 and s.id = o.id`,
        [tx.tenantId, pid, order],
      );
      await refreshPipelineFacts(tx, pid);
      return requirePipeline(tx, pid);
    });
  }

  /**
   * Archives a stage in which no open deal sits (a conflict naming the count otherwise). Its history
   * stays; the remaining stages close up their positions.
   */
  async archiveStage(ctx: CallContext, id: string): Promise<Pipeline> {
    const sid = stageId(id);
    return this.db.transaction(ctx, async (tx) => {
      const stage = await requireStage(tx, sid);
      const pipeline = await this.lockForChange(tx, stage.pipelineId);
      if (stage.archivedAt) return pipeline;
      checkActive(
        activeStages(pipeline).filter((s) => s.id !== sid),
        'stage',
      );
      const open = await countOpenDeals(tx, 'stage_id', sid);
      if (open > 0)
        throw new RapportError(
          'CONFLICT',
          `${open} open deal(s) sit in stage "${stage.name}"; move them first`,
          {
            details: { stageId: sid, openDeals: open },
          },
        );
      await tx.sql(
        `with archived as (
           update pipeline_stage set archived_at = now(), position = null where tenant_id = $1 and id = $2 returning id
         ), ranked as (
           select id, row_number() over (order by position) - 1 as n from pipeline_stage
           where tenant_id = $1 and pipeline_id = $3 and position is not null and id <> $2
         )
         update pipeline_stage s set position = r.n from ranked r where s.tenant_id = $1 and s.id = r.id`,
        [tx.tenantId, sid, stage.pipelineId],
      );
      await refreshPipelineFacts(tx, stage.pipelineId);
      return requirePipeline(tx, stage.pipelineId);
    });
  }

  /** Refuses non-managers, locks the pipeline row (structure changes run one at a time) and reads it. */
  private async lockForChange(tx: TxContext, id: string): Promise<Pipeline> {
    await requireManager(tx);
    await tx.sql('select 1 from pipeline_pipeline where tenant_id = $1 and id = $2 for update', [
      tx.tenantId,
      id,
    ]);
    return requirePipeline(tx, id);
  }
}

function activeStages(pipeline: Pipeline): Stage[] {
  return pipeline.stages.filter((s) => s.archivedAt === null);
}

function checkActive(stages: ReadonlyArray<{ name: string; outcome: string }>, what: string): void {
  const result = z
    .unknown()
    .superRefine((_, ctx) => checkStageSet(stages, ctx, []))
    .safeParse(null);
  if (!result.success) {
    throw new InvalidDataError(
      what,
      result.error.issues.map((issue) => ({
        path: issue.path.length > 0 ? `stages.${issue.path.join('.')}` : 'outcome',
        message: issue.message,
        code: issue.code,
      })),
    );
  }
}

function stagePatchIssues(patch: z.output<typeof StagePatchSchema>, outcome: string) {
  const issues: Array<{ path: string; message: string; code: string }> = [];
  if (outcome === 'won' && patch.probability !== undefined && patch.probability !== 1)
    issues.push({ path: 'probability', message: 'a won stage has probability 1', code: 'custom' });
  if (outcome === 'lost' && patch.probability !== undefined && patch.probability !== 0)
    issues.push({ path: 'probability', message: 'a lost stage has probability 0', code: 'custom' });
  if (outcome !== 'open' && patch.rottingDays)
    issues.push({ path: 'rottingDays', message: 'only open stages can stall', code: 'custom' });
  return issues;
}

async function insertStages(
  tx: TxContext,
  pipelineId: string,
  stages: ReadonlyArray<{
    name: string;
    probability: number;
    outcome: string;
    rottingDays?: number | undefined;
  }>,
  from: number,
): Promise<void> {
  await tx.sql(
    `insert into pipeline_stage (tenant_id, id, pipeline_id, name, position, probability, outcome, rotting_days)
     select $1, id, $2, name, $3::int + n - 1, probability, outcome, rotting_days
     from unnest($4::uuid[], $5::text[], $6::numeric[], $7::text[], $8::int[]) with ordinality
       as t(id, name, probability, outcome, rotting_days, n)`,
    [
      tx.tenantId,
      pipelineId,
      from,
      stages.map(() => uuidv7()),
      stages.map((s) => s.name),
      stages.map((s) => s.probability),
      stages.map((s) => s.outcome),
      stages.map((s) => s.rottingDays ?? null),
    ],
  );
}

async function countOpenDeals(
  tx: TxContext,
  column: 'pipeline_id' | 'stage_id',
  id: string,
): Promise<number> {
  const [row] = await tx.sql<{ n: number }>(
    `select count(*)::int as n from pipeline_deal where tenant_id = $1 and ${column} = $2 and status = 'open'`,
    [tx.tenantId, id],
  );
  return row?.n ?? 0;
}

function duplicateName(name: string): DuplicateError {
  return new DuplicateError(`A pipeline named "${name}" already exists`, {
    fields: ['name'],
    details: { field: 'name', name },
  });
}

function isUniqueViolation(error: unknown): boolean {
  return pgErrorOf(error)?.code === '23505';
}
