import {
  type CrmHooks,
  InvalidDataError,
  type JournalService,
  parse,
  type TxContext,
  visibilityOf,
} from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import { lockPipelineForFacts, refreshDealFacts } from '../analytics/funnel-facts.js';
import type { DealCreatedEvent } from '../hooks.js';
import { readPipelines } from '../pipelines/pipeline-reader.js';
import type { Deal, Pipeline, Stage } from '../types.js';
import { checkOwner, checkParties, checkTeam } from './deal-checks.js';
import { type DealInput, DealInputSchema } from './deal-input.js';
import { readDeals } from './deal-reader.js';
import { insertStageChange } from './stage-history.js';

const issue = (path: string, message: string, code = 'custom') =>
  new InvalidDataError('deal', [{ path, message, code }]);

/**
 * Creates a deal inside `tx`: defaults (owner, first open stage, the pipeline's currency), checks of
 * every reference, `beforeDealCreate` taps, then the deal, its contacts, the first row of its stage
 * history and one journal entry, and `dealCreated`.
 */
export async function createDeal(
  tx: TxContext,
  deps: { hooks: Readonly<CrmHooks>; journal: JournalService },
  parsed: DealInput,
): Promise<Deal> {
  const visibility = await visibilityOf(tx);
  let input: DealInput =
    parsed.ownerId || !visibility.employeeId ? parsed : { ...parsed, ownerId: visibility.employeeId };
  if (deps.hooks.beforeDealCreate.isUsed())
    input = parse(DealInputSchema, await deps.hooks.beforeDealCreate.promise(input, tx), 'deal');
  if (!input.ownerId)
    throw issue('ownerId', 'a deal created by a system process needs an owner', 'invalid_type');
  const [pipeline] = await readPipelines(tx, [input.pipelineId]);
  if (!pipeline) throw issue('pipelineId', `no pipeline ${input.pipelineId} in this tenant`, 'not_found');
  if (pipeline.archivedAt) throw issue('pipelineId', `pipeline "${pipeline.name}" is archived`, 'archived');
  const stage = firstStage(pipeline, input.stageId);
  const currency = input.amount === undefined ? null : (input.currency ?? pipeline.currency);
  if (input.amount !== undefined && !currency)
    throw issue(
      'currency',
      `pipeline "${pipeline.name}" has no default currency: give one with the amount`,
      'invalid_type',
    );
  if (input.amount === undefined && input.currency !== undefined)
    throw issue('amount', 'a currency is given without an amount', 'invalid_type');
  await checkParties(tx, input.customerId, input.contacts);
  await checkOwner(tx, input.ownerId);
  if (input.teamId) await checkTeam(tx, input.teamId);

  await lockPipelineForFacts(tx, pipeline.id);
  const id = uuidv7();
  const [{ at }] = (await tx.sql<{ at: string }>('select clock_timestamp() as at')) as [{ at: string }];
  await tx.sql(
    `insert into pipeline_deal (tenant_id, id, pipeline_id, stage_id, title, customer_id, owner_id, team_id, amount, currency,
       expected_close_on, source, status, stage_entered_at, last_activity_at, custom, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'open', $13, $13, $14, $13, $13)`,
    [
      tx.tenantId,
      id,
      pipeline.id,
      stage.id,
      input.title,
      input.customerId,
      input.ownerId,
      input.teamId ?? null,
      input.amount ?? null,
      currency,
      input.expectedCloseOn ?? null,
      input.source ?? null,
      at,
      JSON.stringify(input.custom),
    ],
  );
  if (input.contacts.length > 0) {
    await tx.sql(
      `insert into pipeline_deal_contact (tenant_id, deal_id, party_id, role)
       select $1, $2, party_id, role from unnest($3::uuid[], $4::text[]) as t(party_id, role)`,
      [tx.tenantId, id, input.contacts.map((c) => c.partyId), input.contacts.map((c) => c.role)],
    );
  }
  const { entry } = await deps.journal.record(tx, {
    type: 'pipeline.deal_created',
    subject: { type: 'deal', id },
    parties: [{ partyId: input.customerId, role: 'customer' }, ...input.contacts],
    data: {
      dealId: id,
      title: input.title,
      pipelineId: pipeline.id,
      stageId: stage.id,
      stage: stage.name,
      amount: input.amount ?? null,
      currency,
    },
  });
  const change = await insertStageChange(tx, {
    dealId: id,
    pipelineId: pipeline.id,
    fromStageId: null,
    toStageId: stage.id,
    reason: null,
    journalEntryId: entry.id,
    at,
  });
  await refreshDealFacts(tx, [id]);
  const [deal] = await readDeals(tx, [id]);
  const event: DealCreatedEvent = { deal: deal!, stage, change, entry };
  await deps.hooks.dealCreated.promise(event, tx);
  return deal!;
}

/** The stage a new deal starts in: the one asked for (an open, active stage of the pipeline) or the first open one. */
function firstStage(pipeline: Pipeline, stageId: string | undefined): Stage {
  const active = pipeline.stages.filter((s) => s.archivedAt === null);
  if (stageId === undefined) {
    const first = active.find((s) => s.outcome === 'open');
    if (!first) throw issue('pipelineId', `pipeline "${pipeline.name}" has no open stage`);
    return first;
  }
  const stage = pipeline.stages.find((s) => s.id === stageId);
  if (!stage)
    throw issue(
      'stageId',
      `stage ${stageId} is not a stage of pipeline "${pipeline.name}"`,
      'other_pipeline',
    );
  if (stage.archivedAt) throw issue('stageId', `stage "${stage.name}" is archived`, 'archived');
  if (stage.outcome !== 'open')
    throw issue(
      'stageId',
      `a deal starts in an open stage, not "${stage.name}" (${stage.outcome})`,
      'wrong_outcome',
    );
  return stage;
}
