import {
  ConflictError,
  type CrmHooks,
  InvalidDataError,
  type JournalService,
  parse,
  type TxContext,
} from '@rapport/core/plugin';
import { lockPipelineForFacts, refreshDealFacts } from '../analytics/funnel-facts.js';
import type { DealStageChangedEvent, DealStageChangeRequest, StageChangeKind } from '../hooks.js';
import { readStages } from '../pipelines/pipeline-reader.js';
import type { Deal, Stage, StageChange } from '../types.js';
import { checkVersion, requireDealWriter } from './deal-checks.js';
import { Reason } from './deal-input.js';
import { readDeals, requireVisibleDeal } from './deal-reader.js';
import { insertStageChange } from './stage-history.js';

/** What a stage change asks for. */
export interface StageChangeSpec {
  kind: StageChangeKind;
  /** Required for `move` and `reopen`; `win` and `lose` default to the pipeline's first won / lost stage. */
  stageId?: string | undefined;
  reason: string | null;
  expectedVersion?: number | undefined;
}

/** The result of a stage change: the deal after it, and the event (null when it was already there). */
export interface StageChangeResult {
  deal: Deal;
  event: DealStageChangedEvent | null;
}

const stageIssue = (message: string, code: string) =>
  new InvalidDataError('stage change', [{ path: 'stageId', message, code }]);

/**
 * Changes a deal's stage inside `tx`: locks the deal row (a concurrent change of the same deal waits
 * and then applies to the fresh row), validates the move, lets `beforeDealStageChange` taps transform
 * or veto it, then writes the deal, one history row and one journal entry, and fires
 * `dealStageChanged`. Moving a deal to the stage it is in changes nothing.
 */
export async function changeStage(
  tx: TxContext,
  deps: { hooks: Readonly<CrmHooks>; journal: JournalService },
  dealId: string,
  spec: StageChangeSpec,
): Promise<StageChangeResult> {
  const deal = await requireVisibleDeal(tx, dealId, true);
  await requireDealWriter(tx, deal);
  checkVersion(deal, spec.expectedVersion);
  await lockPipelineForFacts(tx, deal.pipelineId);
  const stages = await pipelineStages(tx, deal.pipelineId);
  const from = stages.get(deal.stageId)!;
  let to = await resolveTarget(tx, deal, stages, spec);
  if (to.id === deal.stageId) return { deal, event: null };
  let kind = kindOf(spec.kind, to);
  let reason = checkReason(kind, spec.reason);
  const hooks = deps.hooks;
  if (hooks.beforeDealStageChange.isUsed()) {
    const request: DealStageChangeRequest = { deal, from, to, kind, reason };
    const changed = await hooks.beforeDealStageChange.promise(request, tx);
    if (changed.to.id !== to.id) {
      to = await resolveTarget(tx, deal, stages, { ...spec, stageId: changed.to.id });
      if (to.id === deal.stageId) return { deal, event: null };
      kind = kindOf(spec.kind, to);
    }
    reason = checkReason(kind, changed.reason === null ? null : parse(Reason, changed.reason, 'reason'));
  }
  // The clock after the lock, not the transaction's start: a change that waited for a concurrent one
  // must come after it in the history.
  const [{ at }] = (await tx.sql<{ at: string }>('select clock_timestamp() as at')) as [{ at: string }];
  await tx.sql(
    `update pipeline_deal set stage_id = $3, status = $4,
       closed_at = case when $4 = 'open' then null else $6::timestamptz end,
       close_reason = case when $4 = 'open' then null else $5 end,
       stage_entered_at = $6, last_activity_at = greatest(last_activity_at, $6), stalled_at = null,
       version = version + 1, updated_at = $6
     where tenant_id = $1 and id = $2`,
    [tx.tenantId, deal.id, to.id, to.outcome, reason, at],
  );
  const { entry } = await deps.journal.record(tx, {
    type: 'pipeline.stage_changed',
    subject: { type: 'deal', id: deal.id },
    parties: [{ partyId: deal.customerId, role: 'customer' }, ...deal.contacts],
    ...(reason ? { outcome: reason.slice(0, 500) } : {}),
    data: {
      dealId: deal.id,
      title: deal.title,
      pipelineId: deal.pipelineId,
      kind,
      fromStageId: from.id,
      fromStage: from.name,
      toStageId: to.id,
      toStage: to.name,
      outcome: to.outcome,
      reason,
      amount: deal.amount,
      currency: deal.currency,
    },
  });
  const change: StageChange = await insertStageChange(tx, {
    dealId: deal.id,
    pipelineId: deal.pipelineId,
    fromStageId: from.id,
    toStageId: to.id,
    reason,
    journalEntryId: entry.id,
    at,
  });
  await refreshDealFacts(tx, [deal.id]);
  const [after] = await readDeals(tx, [deal.id]);
  const event: DealStageChangedEvent = {
    deal: after!,
    change,
    from,
    to,
    kind,
    outcome: to.outcome,
    reason,
    actor: tx.actor,
    entry,
  };
  await hooks.dealStageChanged.promise(event, tx);
  return { deal: after!, event };
}

async function pipelineStages(tx: TxContext, pipelineId: string): Promise<Map<string, Stage>> {
  const rows = await tx.sql<{ id: string }>(
    'select id from pipeline_stage where tenant_id = $1 and pipeline_id = $2',
    [tx.tenantId, pipelineId],
  );
  return readStages(
    tx,
    rows.map((r) => r.id),
  );
}

/** The stage a change goes to, validated against the deal's state and pipeline. */
async function resolveTarget(
  tx: TxContext,
  deal: Deal,
  stages: Map<string, Stage>,
  spec: StageChangeSpec,
): Promise<Stage> {
  if (spec.kind === 'reopen' && deal.status === 'open')
    throw new ConflictError(`Deal ${deal.id} is open; only a won or lost deal can be reopened`, {
      details: { dealId: deal.id, status: deal.status },
    });
  if (spec.kind !== 'reopen' && deal.status !== 'open')
    throw new ConflictError(`Deal ${deal.id} is ${deal.status}; reopen it before changing its stage`, {
      details: { dealId: deal.id, status: deal.status },
    });
  let stage: Stage | undefined;
  if (spec.stageId) {
    stage = stages.get(spec.stageId);
    if (!stage) {
      const other = (await readStages(tx, [spec.stageId])).get(spec.stageId);
      if (other)
        throw stageIssue(
          `stage "${other.name}" belongs to another pipeline (${other.pipelineId}), not the deal's (${deal.pipelineId})`,
          'other_pipeline',
        );
      throw stageIssue(`no stage ${spec.stageId} in this tenant`, 'not_found');
    }
    if (stage.archivedAt) throw stageIssue(`stage "${stage.name}" is archived`, 'archived');
  } else {
    const wanted = spec.kind === 'win' ? 'won' : spec.kind === 'lose' ? 'lost' : null;
    if (!wanted) throw stageIssue('a stage is required', 'invalid_type');
    stage = [...stages.values()]
      .filter((s) => s.outcome === wanted && s.position !== null)
      .sort((a, b) => a.position! - b.position!)[0];
    if (!stage) throw stageIssue(`the pipeline has no active ${wanted} stage`, 'not_found');
  }
  if (spec.kind === 'win' && stage.outcome !== 'won')
    throw stageIssue(`stage "${stage.name}" is not a won stage`, 'wrong_outcome');
  if (spec.kind === 'lose' && stage.outcome !== 'lost')
    throw stageIssue(`stage "${stage.name}" is not a lost stage`, 'wrong_outcome');
  if (spec.kind === 'reopen' && stage.outcome !== 'open')
    throw stageIssue(`a deal is reopened into an open stage, not "${stage.name}"`, 'wrong_outcome');
  return stage;
}

/** A plain move into a won or lost stage is a win or a loss (and needs its reason). */
function kindOf(requested: StageChangeKind, to: Stage): StageChangeKind {
  if (requested !== 'move') return requested;
  return to.outcome === 'won' ? 'win' : to.outcome === 'lost' ? 'lose' : 'move';
}

function checkReason(kind: StageChangeKind, reason: string | null): string | null {
  if ((kind === 'win' || kind === 'lose') && !reason) {
    throw new InvalidDataError('stage change', [
      {
        path: 'reason',
        message: `a ${kind === 'win' ? 'won' : 'lost'} deal needs a reason`,
        code: 'invalid_type',
      },
    ]);
  }
  return reason;
}
