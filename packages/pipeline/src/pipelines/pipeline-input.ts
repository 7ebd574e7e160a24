import { z } from '@rapport/core/plugin';
import { Currency, id } from '../deals/deal-input.js';

const name = z.string().trim().min(1).max(100);
const probability = z.number().min(0).max(1);
const rottingDays = z.int().min(1).max(3650);

/** One stage given to `pipelines.create` or `pipelines.addStage`. */
export const StageInputSchema = z
  .object({
    name,
    /** Default win probability, 0..1; a won stage is always 1 and a lost stage 0 (the default for them). */
    probability: probability.optional(),
    outcome: z.enum(['open', 'won', 'lost']).default('open'),
    /** Days without activity after which an open deal here is stalled. */
    rottingDays: rottingDays.optional(),
  })
  .superRefine((stage, ctx) => {
    if (stage.outcome === 'open' && stage.probability === undefined)
      ctx.addIssue({ code: 'custom', path: ['probability'], message: 'an open stage needs a probability' });
    if (stage.outcome === 'won' && stage.probability !== undefined && stage.probability !== 1)
      ctx.addIssue({ code: 'custom', path: ['probability'], message: 'a won stage has probability 1' });
    if (stage.outcome === 'lost' && stage.probability !== undefined && stage.probability !== 0)
      ctx.addIssue({ code: 'custom', path: ['probability'], message: 'a lost stage has probability 0' });
    if (stage.outcome !== 'open' && stage.rottingDays !== undefined)
      ctx.addIssue({ code: 'custom', path: ['rottingDays'], message: 'only open stages can stall' });
  })
  .transform((stage) => ({
    ...stage,
    probability: stage.outcome === 'won' ? 1 : stage.outcome === 'lost' ? 0 : stage.probability!,
  }));
/** What a stage is given as. */
export type StageInput = z.input<typeof StageInputSchema>;

/** The input of `pipelines.create`: the pipeline with its stages, in order. */
export const PipelineInputSchema = z
  .object({
    name,
    /** Default currency of its deals. */
    currency: Currency.optional(),
    stages: z.array(StageInputSchema).min(3).max(50),
  })
  .superRefine((pipeline, ctx) => {
    checkStageSet(pipeline.stages, ctx, ['stages']);
  });
/** What `pipelines.create` takes. */
export type PipelineInput = z.input<typeof PipelineInputSchema>;

/** The input of `pipelines.update`. */
export const PipelinePatchSchema = z
  .object({ name: name.optional(), currency: Currency.nullable().optional() })
  .strict();
/** What `pipelines.update` takes. */
export type PipelinePatch = z.input<typeof PipelinePatchSchema>;

/** The input of `pipelines.addStage`: a stage, and where it goes (default: last). */
export const AddStageSchema = z.object({ stage: StageInputSchema, position: z.int().min(0).optional() });

/** The input of `pipelines.updateStage`. */
export const StagePatchSchema = z
  .object({
    name: name.optional(),
    probability: probability.optional(),
    outcome: z.enum(['open', 'won', 'lost']).optional(),
    /** `null` removes the limit. */
    rottingDays: rottingDays.nullable().optional(),
  })
  .strict();
/** What `pipelines.updateStage` takes. */
export type StagePatch = z.input<typeof StagePatchSchema>;

/** The ordered ids of all of a pipeline's active stages, for `pipelines.reorderStages`. */
export const StageOrderSchema = z.array(id).min(1).max(50);

export { id as PipelineId };

/**
 * The rules of a pipeline's set of active stages: names unique (case-insensitive), at least one open
 * stage, at least one won and one lost stage (several of each are allowed, e.g. "Lost – no budget").
 */
export function checkStageSet(
  stages: ReadonlyArray<{ name: string; outcome: string }>,
  ctx: { addIssue(issue: { code: 'custom'; path: PropertyKey[]; message: string }): void },
  path: PropertyKey[],
): void {
  const seen = new Map<string, number>();
  stages.forEach((stage, i) => {
    const key = stage.name.toLowerCase();
    if (seen.has(key))
      ctx.addIssue({ code: 'custom', path: [...path, i, 'name'], message: `"${stage.name}" is used twice` });
    seen.set(key, i);
  });
  for (const outcome of ['open', 'won', 'lost']) {
    if (!stages.some((s) => s.outcome === outcome))
      ctx.addIssue({ code: 'custom', path, message: `a pipeline needs at least one ${outcome} stage` });
  }
}
