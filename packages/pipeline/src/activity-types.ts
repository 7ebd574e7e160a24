import { CurrencySchema, defineActivityType, z } from '@rapport/core/plugin';

declare module '@rapport/core/plugin' {
  interface ActivityTypeMap {
    /** A deal was created in its first stage. */
    'pipeline.deal_created': {
      dealId: string;
      title: string;
      pipelineId: string;
      stageId: string;
      stage: string;
      amount: string | null;
      currency: string | null;
    };
    /** A deal entered another stage (moved, won, lost or reopened). */
    'pipeline.stage_changed': {
      dealId: string;
      title: string;
      pipelineId: string;
      kind: 'move' | 'win' | 'lose' | 'reopen';
      fromStageId: string;
      fromStage: string;
      toStageId: string;
      toStage: string;
      outcome: 'open' | 'won' | 'lost';
      reason: string | null;
      amount: string | null;
      currency: string | null;
    };
  }
}

const name = z.string().min(1).max(200);
const decimal = z.string().regex(/^-?\d{1,16}(\.\d{1,4})?$/);
const currency = CurrencySchema;

/** The journal activity types the pipeline registers; entries have the subject `{ type: 'deal', id }`. */
export const PIPELINE_ACTIVITY_TYPES = [
  defineActivityType({
    key: 'pipeline.deal_created',
    label: 'Deal created',
    schema: z.object({
      dealId: z.uuid(),
      title: name,
      pipelineId: z.uuid(),
      stageId: z.uuid(),
      stage: name,
      amount: decimal.nullable(),
      currency: currency.nullable(),
    }),
  }),
  defineActivityType({
    key: 'pipeline.stage_changed',
    label: 'Deal stage changed',
    schema: z.object({
      dealId: z.uuid(),
      title: name,
      pipelineId: z.uuid(),
      kind: z.enum(['move', 'win', 'lose', 'reopen']),
      fromStageId: z.uuid(),
      fromStage: name,
      toStageId: z.uuid(),
      toStage: name,
      outcome: z.enum(['open', 'won', 'lost']),
      reason: z.string().max(1000).nullable(),
      amount: decimal.nullable(),
      currency: currency.nullable(),
    }),
  }),
] as const;
