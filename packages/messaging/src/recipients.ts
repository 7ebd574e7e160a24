import {
  assertVisible,
  NotAllowedError,
  NotFoundError,
  type TemplateParty,
  type TxContext,
} from '@rapport/core/plugin';
import type { MessageChannel } from './channel.js';
import type { SkipReason } from './messages.js';

/**
 * SQL over a party `p`, its chosen contact point `cp` and its latest consent statement of the
 * channel `consent` that says why a message must not go out, or null when it may: no address, an
 * address marked invalid or kept unverified, an opt-out, or — when `policyParam` is `opt-in` — no recorded opt-in.
 */
export function skipReasonSql(policyParam: string): string {
  return `case
    when cp.id is null then 'no_address'
    when cp.invalid_at is not null or cp.quality = 'unverified' then 'invalid_address'
    when consent.status = 'opted_out' then 'opted_out'
    when ${policyParam} = 'opt-in' and consent.status is distinct from 'opted_in' then 'no_consent'
  end`;
}

/** The latest consent statement of a channel for `p`, as `consent.status`. */
export const CONSENT_JOIN = (channelParam: string) => `left join lateral (
    select c.status from core_consent c where c.tenant_id = p.tenant_id and c.party_id = p.id and c.channel = ${channelParam}
    order by c.at desc, c.id desc limit 1
  ) consent on true`;

/**
 * The party's best address of a kind as `cp`: a valid one before one marked invalid or kept
 * unverified (an odd phone or email, never sent to), the primary first.
 */
export const BEST_CONTACT_POINT_JOIN = (kindParam: string) => `left join lateral (
    select cp.id, cp.value, cp.invalid_at, cp.quality from core_contact_point cp
    where cp.tenant_id = p.tenant_id and cp.party_id = p.id and cp.kind = ${kindParam} and cp.removed_at is null
    order by (cp.invalid_at is not null or cp.quality = 'unverified'), cp.is_primary desc, cp.id limit 1
  ) cp on true`;

/** The columns of `p` that templates see as `party`. */
export const TEMPLATE_PARTY_COLUMNS = `p.id as party_id, p.kind as party_kind, p.display_name, p.given_name,
  p.family_name, p.organization_name, p.locale as party_locale`;

/** A row carrying {@link TEMPLATE_PARTY_COLUMNS}. */
export interface TemplatePartyRow {
  party_id: string;
  party_kind: 'person' | 'organization';
  display_name: string;
  given_name: string | null;
  family_name: string | null;
  organization_name: string | null;
  party_locale: string | null;
}

/** The party of a row, as templates see it. */
export function templatePartyOf(row: TemplatePartyRow): TemplateParty {
  return {
    id: row.party_id,
    kind: row.party_kind,
    displayName: row.display_name,
    givenName: row.given_name,
    familyName: row.family_name,
    organizationName: row.organization_name,
    locale: row.party_locale,
  };
}

/** A recipient that may be sent to. */
export interface Recipient {
  party: TemplateParty;
  contactPointId: string;
  address: string;
}

/** The reasons a recipient is refused before anything is written. */
export type RefusalReason = Exclude<SkipReason, 'cancelled' | 'erased'>;

const REFUSALS: Record<RefusalReason, (name: string, channel: MessageChannel) => string> = {
  no_address: (name, channel) => `${name} has no ${channel.contactKind} address to send ${channel.name} to`,
  invalid_address: (name, channel) => `The ${channel.contactKind} address of ${name} is marked invalid`,
  opted_out: (name, channel) => `${name} opted out of ${channel.consentChannel}`,
  no_consent: (name, channel) => `${name} has not opted in to ${channel.consentChannel}`,
};

/**
 * Resolves the one recipient of a single send — the party's best address of the channel's kind, or
 * the given contact point — and refuses (not allowed, with `details.reason`) when it may not be sent
 * to. A party the actor may not see is refused too; an unknown one is not found.
 */
export async function requireRecipient(
  tx: TxContext,
  channel: MessageChannel,
  target: { partyId?: string; contactPointId?: string },
): Promise<Recipient> {
  const params: unknown[] = [tx.tenantId, channel.contactKind, channel.consentChannel, channel.consentPolicy];
  const byPoint = target.contactPointId !== undefined;
  params.push(byPoint ? target.contactPointId : target.partyId);
  const pointJoin = byPoint
    ? `left join lateral (select cp.id, cp.value, cp.invalid_at, cp.quality from core_contact_point cp
         where cp.tenant_id = p.tenant_id and cp.party_id = p.id and cp.id = $5 and cp.kind = $2 and cp.removed_at is null) cp on true`
    : BEST_CONTACT_POINT_JOIN('$2');
  const where = byPoint
    ? 'p.tenant_id = $1 and p.id = (select party_id from core_contact_point where tenant_id = $1 and id = $5)'
    : 'p.tenant_id = $1 and p.id = $5';
  const [row] = await tx.sql<
    TemplatePartyRow & { cp_id: string | null; value: string | null; skip: RefusalReason | null }
  >(
    `select ${TEMPLATE_PARTY_COLUMNS}, cp.id as cp_id, cp.value, ${skipReasonSql('$4')} as skip
     from core_party p ${pointJoin} ${CONSENT_JOIN('$3')}
     where ${where}`,
    params,
  );
  if (!row) {
    throw byPoint
      ? new NotFoundError('Contact point', target.contactPointId!)
      : new NotFoundError('Party', target.partyId!);
  }
  await assertVisible(tx, [row.party_id]);
  if (byPoint && row.cp_id === null) {
    throw new NotAllowedError(
      `Contact point ${target.contactPointId} is not a current ${channel.contactKind} address`,
      { reason: 'no_address', contactPointId: target.contactPointId, channel: channel.name },
    );
  }
  if (row.skip) {
    throw new NotAllowedError(REFUSALS[row.skip](row.display_name, channel), {
      reason: row.skip,
      partyId: row.party_id,
      channel: channel.name,
    });
  }
  return { party: templatePartyOf(row), contactPointId: row.cp_id!, address: row.value! };
}
