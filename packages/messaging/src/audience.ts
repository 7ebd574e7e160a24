import {
  type PartyPredicate,
  paramBinder,
  type TxContext,
  visibilityOf,
  visibilitySql,
} from '@rapport/core/plugin';
import type { MessageChannel } from './channel.js';
import { BEST_CONTACT_POINT_JOIN, CONSENT_JOIN, skipReasonSql } from './recipients.js';
import { UNSUBSCRIBE_SECRET_SQL } from './unsubscribe-token.js';

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
    mailing.mailingId,
    mailing.template,
    mailing.locale,
    channel.contactKind,
    channel.consentChannel,
    channel.consentPolicy,
    tx.actor.kind === 'employee' ? tx.actor.id : null,
  ];
  const where = ['p.tenant_id = $1', 'p.erased_at is null'];
  const visibility = await visibilityOf(tx);
  if (!visibility.all) where.push(visibilitySql(visibility, 'p', paramBinder(params)));
  const compiled = mailing.predicate(params.length);
  where.push(compiled.sql);
  params.push(...compiled.params);
  await tx.sql(
    `insert into messaging_message (tenant_id, id, channel, mailing_id, party_id, contact_point_id, address, template, locale,
       status, skip_reason, unsubscribe_secret, requested_by, finished_at)
     select $1, core_uuidv7(), $2, $3, p.id, cp.id, cp.value, $4, coalesce($5::text, p.locale),
       case when s.reason is null then 'queued' else 'skipped' end, s.reason,
       case when s.reason is null then ${UNSUBSCRIBE_SECRET_SQL} end, $9::uuid,
       case when s.reason is null then null else now() end
     from core_party p
     ${BEST_CONTACT_POINT_JOIN('$6')}
     ${CONSENT_JOIN('$7')}
     cross join lateral (select ${skipReasonSql('$8::text')} as reason) s
     where ${where.join(' and ')}`,
    params,
  );
}
