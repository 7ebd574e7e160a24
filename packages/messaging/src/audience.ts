import {
  type PartyPredicate,
  paramBinder,
  type TxContext,
  visibilityOf,
  visibilitySql,
} from '@rapport/core/plugin';
import type { MessageChannel } from './channel.js';
import type { SkipReason } from './messages.js';
import {
  BEST_CONTACT_POINT_JOIN,
  CONSENT_JOIN,
  skipReasonSql,
  TEMPLATE_PARTY_COLUMNS,
  type TemplatePartyRow,
} from './recipients.js';
import { UNSUBSCRIBE_SECRET_SQL } from './unsubscribe-token.js';

/** The `from … where …` of a mailing's audience, with its parameters ($1 tenant … $5 policy). */
async function audienceSource(tx: TxContext, predicate: PartyPredicate, params: unknown[]): Promise<string> {
  const where = ['p.tenant_id = $1', 'p.erased_at is null'];
  const visibility = await visibilityOf(tx);
  if (!visibility.all) where.push(visibilitySql(visibility, 'p', paramBinder(params)));
  const compiled = predicate(params.length);
  where.push(compiled.sql);
  params.push(...compiled.params);
  return `from core_party p
     ${BEST_CONTACT_POINT_JOIN('$3')}
     ${CONSENT_JOIN('$4')}
     cross join lateral (select ${skipReasonSql('$5::text')} as reason) s
     where ${where.join(' and ')}`;
}

/**
 * Resolves a mailing's recipients into message rows with one `insert … select`: every party of the
 * segment that the actor may see (and that was not erased), its best address of the channel's kind,
 * and its latest consent. Those that may be sent to are `queued` with an unsubscribe secret; the
 * others are `skipped` with the reason, so skipped recipients are counted in SQL as well.
 */
export async function insertAudience(
  tx: TxContext,
  channel: MessageChannel,
  mailing: { mailingId: string; template: string; locale: string | null; predicate: PartyPredicate },
): Promise<void> {
  const params: unknown[] = [
    tx.tenantId,
    channel.name,
    channel.contactKind,
    channel.consentChannel,
    channel.consentPolicy,
    mailing.mailingId,
    mailing.template,
    mailing.locale,
    tx.actor.kind === 'employee' ? tx.actor.id : null,
  ];
  const source = await audienceSource(tx, mailing.predicate, params);
  await tx.sql(
    `insert into messaging_message (tenant_id, id, channel, mailing_id, party_id, contact_point_id, address, template, locale,
       status, skip_reason, unsubscribe_secret, requested_by, finished_at)
     select $1, core_uuidv7(), $2, $6, p.id, cp.id, cp.value, $7, coalesce($8::text, p.locale),
       case when s.reason is null then 'queued' else 'skipped' end, s.reason,
       case when s.reason is null then ${UNSUBSCRIBE_SECRET_SQL} end, $9::uuid,
       case when s.reason is null then null else now() end
     ${source}`,
    params,
  );
}

/** One recipient of a prospective mailing (see {@link audienceOf}). */
export interface AudienceRow extends TemplatePartyRow {
  /** The address a mailing would use (null when the party has none usable). */
  address: string | null;
  /** The template locale: the mailing's, else the party's. */
  locale: string | null;
  /** Why it would be skipped; null when it would be sent to. */
  skip_reason: SkipReason | null;
}

/**
 * The audience a mailing on `channel` would have now, with the same rules as `sendToSegment`
 * (visibility, erasure, best address, consent) and one statement, without writing anything: for
 * previews and cost estimates by channel plugins.
 */
export async function audienceOf(
  tx: TxContext,
  channel: MessageChannel,
  input: { predicate: PartyPredicate; locale?: string | null },
): Promise<AudienceRow[]> {
  const params: unknown[] = [
    tx.tenantId,
    channel.name,
    channel.contactKind,
    channel.consentChannel,
    channel.consentPolicy,
    input.locale ?? null,
  ];
  const source = await audienceSource(tx, input.predicate, params);
  return tx.sql<AudienceRow>(
    `select ${TEMPLATE_PARTY_COLUMNS}, cp.value as address, coalesce($6::text, p.locale) as locale, s.reason as skip_reason,
       $2::text as channel
     ${source}`,
    params,
  );
}
