import { inject, injectable } from 'tsyringe';
import { uuidv7 } from 'uuidv7';
import type { CallContext, TxContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { NotFoundError } from '../kernel/errors.js';
import type { CrmHooks } from '../kernel/hooks.js';
import { DATABASE, HOOKS } from '../kernel/tokens.js';
import { parse, requireIds } from '../kernel/validation.js';
import { assertVisible } from '../organisation/access.js';
import { requireAdmin } from '../organisation/permissions.js';
import { attachContactPoints, normalizeAll } from './contact-point-writer.js';
import type { ContactPointInput, ContactPointKind } from './contact-points.js';
import { PARTY_OPTIONS, type PartyOptions } from './options.js';
import type { Party } from './party.js';
import { lockParty, requireParty, touchParty } from './party-access.js';
import type { FieldChanges } from './party-events.js';
import { type ConsentInput, ConsentInputSchema } from './party-input.js';
import { recordHistory } from './party-writer.js';
import { contactKeyOf } from './prepare.js';
import {
  listSharedDomains,
  SharedDomainListSchema,
  type SharedDomainSetting,
  saveSharedDomains,
} from './shared-domain-settings.js';

/** Options of `contactPoints.add`. */
export interface AddContactPointOptions {
  /** Refuse a phone, email or country that looks wrong instead of keeping it flagged `unverified`. */
  strict?: boolean;
}

/** The consent state of one channel. */
export interface ConsentState {
  channel: string;
  status: 'opted_in' | 'opted_out';
  at: Date;
  source: string | null;
}

/** Contact points and consent of parties. Removed contact points are kept, marked removed. */
@injectable()
export class ContactPointService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(HOOKS) private readonly hooks: Readonly<CrmHooks>,
    @inject(PARTY_OPTIONS) private readonly options: PartyOptions,
  ) {}

  /**
   * Adds a contact point, normalised; `primary: true` makes it the primary one of its kind,
   * `identifying: false` keeps it out of identity keys (a shared switchboard). A phone written
   * without `+` or a region is read in the country of the party's primary address. An odd phone,
   * email or country is kept as typed and flagged `quality: 'unverified'` unless `strict`.
   */
  async add(
    ctx: CallContext,
    partyId: string,
    input: ContactPointInput,
    options: AddContactPointOptions = {},
  ): Promise<Party> {
    requireIds('contact point', { partyId });
    normalizeAll([input], this.options.defaultRegion, 'contactPoint', { strict: options.strict });
    return this.change(ctx, partyId, 'add_contact_point', async (tx, party) => {
      const regionHint = party.contactPoints.find((cp) => cp.kind === 'address' && cp.primary)?.details
        .country;
      const [point] = normalizeAll([input], this.options.defaultRegion, 'contactPoint', {
        strict: options.strict,
        regionHint,
      });
      await attachContactPoints(tx, party, [point!]);
      return { contactPoints: [null, { kind: point!.kind, value: point!.value }] };
    });
  }

  /**
   * Adds domains or hosts to the tenant's shared-domain list (administrators): websites there never
   * identify an organisation, and the keys they gave are released. `shared: false` lifts a default
   * entry (e.g. `microsoft.com` for Microsoft's own CRM). Returns the tenant's entries.
   *
   * @example
   * await crm.services.contactPoints.setSharedDomains(ctx, ['pages.example-host.com']);
   */
  async setSharedDomains(
    ctx: CallContext,
    domains: readonly string[],
    shared = true,
  ): Promise<SharedDomainSetting[]> {
    const list = parse(SharedDomainListSchema, domains, 'shared domains');
    return this.db.transaction(ctx, async (tx) => {
      await requireAdmin(tx);
      await saveSharedDomains(tx, list, shared);
      return listSharedDomains(tx);
    });
  }

  /** The tenant's changes to the default shared-domain list (see `DEFAULT_SHARED_DOMAINS`). */
  async sharedDomains(ctx: CallContext): Promise<SharedDomainSetting[]> {
    return this.db.transaction(ctx, (tx) => listSharedDomains(tx));
  }

  /** Removes a contact point (kept in history, released as an identity key); promotes another primary. */
  async remove(ctx: CallContext, partyId: string, contactPointId: string): Promise<Party> {
    requireIds('contact point', { partyId, contactPointId });
    return this.change(ctx, partyId, 'remove_contact_point', async (tx, party) => {
      const point = party.contactPoints.find((cp) => cp.id === contactPointId);
      if (!point) throw new NotFoundError('Contact point', contactPointId, { partyId });
      await tx.sql(
        'update core_contact_point set removed_at = now(), is_primary = false where tenant_id = $1 and id = $2',
        [tx.tenantId, point.id],
      );
      const key = contactKeyOf(party.kind, point);
      const stillHeld = party.contactPoints.some((cp) => {
        const holds = cp.id !== point.id && cp.identifying && cp.quality === 'verified';
        const other = holds ? contactKeyOf(party.kind, cp) : undefined;
        return other !== undefined && other.kind === key?.kind && other.value === key.value;
      });
      if (!stillHeld) {
        if (key)
          await tx.sql(
            'delete from core_party_identity where tenant_id = $1 and kind = $2 and value = $3 and party_id = $4',
            [tx.tenantId, key.kind, key.value, party.id],
          );
      }
      if (point.primary) await promoteNext(tx, party.id, point.kind);
      return { contactPoints: [{ kind: point.kind, value: point.value }, null] };
    });
  }

  /** Makes a contact point the primary one of its kind. */
  async setPrimary(ctx: CallContext, partyId: string, contactPointId: string): Promise<Party> {
    requireIds('contact point', { partyId, contactPointId });
    return this.change(ctx, partyId, 'set_primary_contact_point', async (tx, party) => {
      const point = party.contactPoints.find((cp) => cp.id === contactPointId);
      if (!point) throw new NotFoundError('Contact point', contactPointId, { partyId });
      const previous = party.contactPoints.find((cp) => cp.kind === point.kind && cp.primary);
      if (previous?.id === point.id) return {};
      // Two statements: the unique index on primaries is checked row by row.
      await tx.sql(
        'update core_contact_point set is_primary = false where tenant_id = $1 and party_id = $2 and kind = $3 and is_primary',
        [tx.tenantId, partyId, point.kind],
      );
      await tx.sql('update core_contact_point set is_primary = true where tenant_id = $1 and id = $2', [
        tx.tenantId,
        point.id,
      ]);
      return { [`primary.${point.kind}`]: [previous?.value ?? null, point.value] };
    });
  }

  /** Marks a contact point unusable (e.g. a hard bounce); senders skip it. */
  async markInvalid(ctx: CallContext, contactPointId: string, reason: string): Promise<void> {
    requireIds('contact point', { contactPointId });
    await this.db.transaction(ctx, async (tx) => {
      const [row] = await tx.sql<{ party_id: string; value: string }>(
        `update core_contact_point set invalid_at = now(), invalid_reason = $3
         where tenant_id = $1 and id = $2 and removed_at is null returning party_id, value`,
        [tx.tenantId, contactPointId, reason],
      );
      if (!row) throw new NotFoundError('Contact point', contactPointId);
      await assertVisible(tx, [row.party_id]);
      await recordHistory(tx, [
        { partyId: row.party_id, operation: 'contact_point_invalid', changes: { value: row.value, reason } },
      ]);
    });
  }

  /** Finds the party that holds an email or phone (normalised first), if any. */
  async lookup(
    ctx: CallContext,
    input: Extract<ContactPointInput, { kind: 'email' | 'phone' }>,
  ): Promise<string | undefined> {
    const [point] = normalizeAll([input], this.options.defaultRegion, 'contactPoint');
    return this.db.transaction(ctx, async (tx) => {
      const [row] = await tx.sql<{ party_id: string }>(
        'select party_id from core_party_identity where tenant_id = $1 and kind = $2 and value = $3',
        [tx.tenantId, point!.kind, point!.value],
      );
      return row?.party_id;
    });
  }

  /** Records consent given or withdrawn for a channel (append-only: earlier states stay in the trail). */
  async setConsent(ctx: CallContext, partyId: string, input: ConsentInput): Promise<ConsentState> {
    requireIds('consent', { partyId });
    const consent = parse(ConsentInputSchema, input, 'consent');
    return this.db.transaction(ctx, async (tx) => {
      await requireParty(tx, partyId);
      const at = consent.at ?? new Date();
      await tx.sql(
        `insert into core_consent (tenant_id, id, party_id, channel, status, source, at, actor) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          tx.tenantId,
          uuidv7(),
          partyId,
          consent.channel,
          consent.status,
          consent.source ?? null,
          at,
          JSON.stringify(tx.actor),
        ],
      );
      await recordHistory(tx, [
        {
          partyId,
          operation: 'consent',
          changes: { [`consent.${consent.channel}`]: consent.status, source: consent.source ?? null },
        },
      ]);
      return { channel: consent.channel, status: consent.status, at, source: consent.source ?? null };
    });
  }

  /** The current consent of each channel a party has a record for. */
  async consents(ctx: CallContext, partyId: string): Promise<ConsentState[]> {
    requireIds('consent', { partyId });
    return this.db.transaction(ctx, async (tx) => {
      await requireParty(tx, partyId);
      return tx.db
        .selectFrom('Consent')
        .distinctOn('channel')
        .select(['channel', 'status', 'at', 'source'])
        .where('tenantId', '=', tx.tenantId)
        .where('partyId', '=', partyId)
        .orderBy('channel')
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .execute();
    });
  }

  /** `opted_in`, `opted_out`, or `unknown` when the party never said. */
  async consentStatus(
    ctx: CallContext,
    partyId: string,
    channel: string,
  ): Promise<'opted_in' | 'opted_out' | 'unknown'> {
    const state = (await this.consents(ctx, partyId)).find((c) => c.channel === channel);
    return state?.status ?? 'unknown';
  }

  private async change(
    ctx: CallContext,
    partyId: string,
    operation: string,
    fn: (tx: TxContext, party: Party) => Promise<FieldChanges>,
  ): Promise<Party> {
    return this.db.transaction(ctx, async (tx) => {
      const current = await lockParty(tx, partyId);
      const changes = await fn(tx, current);
      if (Object.keys(changes).length === 0) return current;
      await touchParty(tx, partyId);
      await recordHistory(tx, [{ partyId, operation, changes }]);
      const party = await requireParty(tx, partyId);
      await this.hooks.partyUpdated.promise({ party, operation, changes }, tx);
      return party;
    });
  }
}

async function promoteNext(tx: TxContext, partyId: string, kind: ContactPointKind): Promise<void> {
  await tx.sql(
    `update core_contact_point set is_primary = true where tenant_id = $1 and id = (
       select id from core_contact_point where tenant_id = $1 and party_id = $2 and kind = $3 and removed_at is null
       order by id limit 1)`,
    [tx.tenantId, partyId, kind],
  );
}
