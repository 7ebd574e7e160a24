import type { z } from '@rapport/core/plugin';
import { type CrmHooks, InvalidDataError, type TxContext } from '@rapport/core/plugin';
import { lockPipelineForFacts, refreshDealFacts } from '../analytics/funnel-facts.js';
import { readPipelines } from '../pipelines/pipeline-reader.js';
import type { Deal, DealContact } from '../types.js';
import { checkOwner, checkParties, checkTeam, checkVersion, requireDealWriter } from './deal-checks.js';
import type { DealPatchSchema } from './deal-input.js';
import { readDeals, requireVisibleDeal } from './deal-reader.js';

type ParsedPatch = z.output<typeof DealPatchSchema>;

const issue = (path: string, message: string) =>
  new InvalidDataError('deal', [{ path, message, code: 'custom' }]);

/** `0012.500` → `12.5`: one spelling per value, so equal amounts compare equal. */
export function normalizeDecimal(value: string): string {
  const [int = '0', frac = ''] = value.split('.');
  const whole = int.replace(/^0+(?=\d)/, '');
  const decimals = frac.replace(/0+$/, '');
  return decimals ? `${whole}.${decimals}` : whole;
}

/**
 * Applies a patch to a deal inside `tx` (the row locked first): only fields that really change are
 * written, each as `[old, new]` in `pipeline_deal_history`, with a new version; `dealUpdated` taps
 * see the deal after the change. A patch that changes nothing writes nothing.
 */
export async function updateDeal(
  tx: TxContext,
  hooks: Readonly<CrmHooks>,
  id: string,
  patch: ParsedPatch,
): Promise<Deal> {
  const deal = await requireVisibleDeal(tx, id, true);
  await requireDealWriter(tx, deal);
  checkVersion(deal, patch.expectedVersion);
  const changes: Record<string, [unknown, unknown]> = {};
  const set = (field: keyof Deal, next: unknown) => {
    if (JSON.stringify(deal[field]) !== JSON.stringify(next)) changes[field] = [deal[field], next];
  };
  if (patch.title !== undefined) set('title', patch.title);
  if (patch.ownerId !== undefined && patch.ownerId !== deal.ownerId) {
    await checkOwner(tx, patch.ownerId);
    set('ownerId', patch.ownerId);
  }
  if (patch.teamId !== undefined) {
    if (patch.teamId) await checkTeam(tx, patch.teamId);
    set('teamId', patch.teamId);
  }
  if (patch.amount !== undefined || patch.currency !== undefined) {
    const amount =
      patch.amount === undefined
        ? deal.amount
        : patch.amount === null
          ? null
          : normalizeDecimal(patch.amount);
    if (amount === null && patch.currency !== undefined)
      throw issue('amount', 'a currency is given without an amount');
    let currency = amount === null ? null : (patch.currency ?? deal.currency);
    if (amount !== null && !currency) {
      const [pipeline] = await readPipelines(tx, [deal.pipelineId]);
      currency = pipeline?.currency ?? null;
      if (!currency)
        throw issue('currency', 'the pipeline has no default currency: give one with the amount');
    }
    set('amount', amount);
    set('currency', currency);
  }
  if (patch.expectedCloseOn !== undefined) set('expectedCloseOn', patch.expectedCloseOn);
  if (patch.source !== undefined) set('source', patch.source);
  if (patch.contacts !== undefined) {
    const next: DealContact[] = [...patch.contacts].sort(
      (a, b) => a.role.localeCompare(b.role) || a.partyId.localeCompare(b.partyId),
    );
    const added = next.filter((c) => !deal.contacts.some((o) => o.partyId === c.partyId));
    await checkParties(tx, undefined, added);
    if (next.some((c) => c.partyId === deal.customerId))
      throw issue(
        `contacts.${next.findIndex((c) => c.partyId === deal.customerId)}`,
        'the customer is not also a contact',
      );
    const key = (list: DealContact[]) =>
      JSON.stringify([...list].map((c) => `${c.role}:${c.partyId}`).sort());
    if (key(next) !== key(deal.contacts)) changes.contacts = [deal.contacts, next];
  }
  if (patch.custom !== undefined) {
    const custom = { ...deal.custom };
    for (const [k, v] of Object.entries(patch.custom)) {
      if (v === null) delete custom[k];
      else custom[k] = v;
    }
    set('custom', custom);
  }
  if (Object.keys(changes).length === 0) return deal;

  const value = <T>(field: string, current: T): T => (field in changes ? (changes[field]![1] as T) : current);
  await tx.sql(
    `update pipeline_deal set title = $3, owner_id = $4, team_id = $5, amount = $6, currency = $7, expected_close_on = $8,
       source = $9, custom = $10, version = version + 1, updated_at = clock_timestamp()
     where tenant_id = $1 and id = $2`,
    [
      tx.tenantId,
      deal.id,
      value('title', deal.title),
      value('ownerId', deal.ownerId),
      value('teamId', deal.teamId),
      value('amount', deal.amount),
      value('currency', deal.currency),
      value('expectedCloseOn', deal.expectedCloseOn),
      value('source', deal.source),
      JSON.stringify(value('custom', deal.custom)),
    ],
  );
  if (changes.contacts) {
    const next = changes.contacts[1] as DealContact[];
    await tx.sql('delete from pipeline_deal_contact where tenant_id = $1 and deal_id = $2', [
      tx.tenantId,
      deal.id,
    ]);
    await tx.sql(
      `insert into pipeline_deal_contact (tenant_id, deal_id, party_id, role)
       select $1, $2, party_id, role from unnest($3::uuid[], $4::text[]) as t(party_id, role)`,
      [tx.tenantId, deal.id, next.map((c) => c.partyId), next.map((c) => c.role)],
    );
  }
  if (changes.amount || changes.currency) {
    await lockPipelineForFacts(tx, deal.pipelineId);
    await refreshDealFacts(tx, [deal.id]);
  }
  await recordDealHistory(tx, deal.id, 'update', changes);
  const [after] = await readDeals(tx, [deal.id]);
  await hooks.dealUpdated.promise({ deal: after!, changes }, tx);
  return after!;
}

/** Appends one audited change of a deal's fields. */
export async function recordDealHistory(
  tx: TxContext,
  dealId: string,
  operation: string,
  changes: Record<string, [unknown, unknown]>,
): Promise<void> {
  await tx.sql(
    `insert into pipeline_deal_history (tenant_id, id, deal_id, changed_at, actor, operation, changes)
     values ($1, core_uuidv7(), $2, clock_timestamp(), $3, $4, $5)`,
    [tx.tenantId, dealId, JSON.stringify(tx.actor), operation, JSON.stringify(changes)],
  );
}
