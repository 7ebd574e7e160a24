import { inject, injectable } from 'tsyringe';
import type { CallContext, TxContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { InvalidDataError, NotAllowedError, RapportError } from '../kernel/errors.js';
import type { CrmHooks } from '../kernel/hooks.js';
import { DATABASE, HOOKS } from '../kernel/tokens.js';
import { parse, requireAtMost, requireIds } from '../kernel/validation.js';
import { visibilityOf } from '../organisation/access.js';
import { requireActiveOwner } from '../organisation/owner.js';
import type { ContactPointWarning } from './contact-point-quality.js';
import { normalizeRegistryNumber } from './contact-points.js';
import { type CustomFieldService, validateCustom } from './custom-fields.js';
import { DuplicatePartyError } from './duplicates-error.js';
import { partiesByExternalKeys } from './external-keys.js';
import type { DuplicateCandidate } from './fuzzy.js';
import { linkToExisting } from './link.js';
import { writeNewParty } from './new-party-writer.js';
import { PARTY_OPTIONS, type PartyOptions } from './options.js';
import type { Party } from './party.js';
import { lockParty, requireParty } from './party-access.js';
import type { FieldChanges } from './party-events.js';
import {
  type ParsedPartyPatch,
  type PartyInput,
  PartyInputSchema,
  type PartyPatch,
  PartyPatchSchema,
} from './party-input.js';
import { readParties } from './party-reader.js';
import { claimIdentities, recordHistory } from './party-writer.js';
import { displayNameOf, prepareParty } from './prepare.js';
import { sharedDomainOverrides } from './shared-domain-settings.js';
import { CUSTOM_FIELD_SERVICE } from './tokens.js';

/** Options of `parties.create`. */
export interface CreatePartyOptions {
  /**
   * What to do when the party already exists (same email, phone, tax or registration number, or an
   * organisation's website domain): `error` (default) refuses with a duplicate error; `link` attaches
   * the new roles, tags and contact points to the existing party and returns it.
   */
  onDuplicate?: 'error' | 'link';
  /**
   * Refuse a phone not valid for its country, an odd email or an unknown country with an
   * invalid-data error (default false: kept as typed, flagged `unverified`, reported in
   * `contactWarnings`).
   */
  strict?: boolean;
}

/** The result of `parties.create`. */
export interface CreatePartyResult {
  party: Party;
  /** False when the input was linked to an existing party. */
  created: boolean;
  /** Parties with similar names in the same city or organisation: possible duplicates to review. */
  warnings: DuplicateCandidate[];
  /**
   * Contact data kept but flagged `unverified` (a phone not valid for its country, an odd email, an
   * unknown country), each with a code and the field's path; empty with `strict`.
   */
  contactWarnings: ContactPointWarning[];
}

/** One entry of a party's change history. */
export interface PartyHistoryEntry {
  id: string;
  at: Date;
  actor: CallContext['actor'];
  operation: string;
  changes: Record<string, unknown>;
}

const PATCHABLE = [
  'givenName',
  'familyName',
  'organizationName',
  'legalName',
  'displayName',
  'taxNumber',
  'registrationNumber',
  'locale',
  'teamId',
] as const;
const COLUMN: Record<(typeof PATCHABLE)[number], string> = {
  givenName: 'given_name',
  familyName: 'family_name',
  organizationName: 'organization_name',
  legalName: 'legal_name',
  displayName: 'display_name',
  taxNumber: 'tax_number',
  registrationNumber: 'registration_number',
  locale: 'locale',
  teamId: 'team_id',
};

/** Creates, reads and changes parties: people and organisations. */
@injectable()
export class PartyService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(HOOKS) private readonly hooks: Readonly<CrmHooks>,
    @inject(CUSTOM_FIELD_SERVICE) private readonly customFields: CustomFieldService,
    @inject(PARTY_OPTIONS) private readonly options: PartyOptions,
  ) {}

  /**
   * Creates a party with its contact points, roles, consents and dates, in one transaction. An exact
   * match on an identity key is refused with a {@link DuplicatePartyError} (enforced by the database, so
   * two concurrent creates give one party and one error) unless `onDuplicate: 'link'`.
   *
   * @example
   * const { party, warnings } = await crm.services.parties.create(ctx, {
   *   kind: 'person', givenName: 'Ada', familyName: 'Lovelace', roles: ['lead'],
   *   contactPoints: [{ kind: 'email', value: 'Ada@Example.com' }],
   * });
   */
  async create(
    ctx: CallContext,
    input: PartyInput,
    options: CreatePartyOptions = {},
  ): Promise<CreatePartyResult> {
    const parsed = parse(PartyInputSchema, input, 'party');
    return this.db.transaction(ctx, async (tx) => {
      const visibility = await visibilityOf(tx);
      const withOwner =
        parsed.ownerId || !visibility.employeeId ? parsed : { ...parsed, ownerId: visibility.employeeId };
      const final = parse(
        PartyInputSchema,
        await this.hooks.beforePartyCreate.promise(withOwner, tx),
        'party',
      );
      if (final.ownerId) await requireActiveOwner(tx, final.ownerId);
      const hasWebsite = final.contactPoints?.some((cp) => cp.kind === 'website') ?? false;
      // Without custom values only the required fields matter: the plugins' are checked here, the
      // tenant's come back from the insert (no query of their own) and are checked after it.
      const customGiven = Object.keys(final.custom ?? {}).length > 0;
      const prepared = prepareParty(final, {
        defaultRegion: this.options.defaultRegion,
        customFields: customGiven
          ? await this.customFields.definitions(tx)
          : this.customFields.pluginDefinitions(),
        strict: options.strict ?? false,
        ...(hasWebsite ? { sharedDomains: await sharedDomainOverrides(tx) } : {}),
      });
      const contactWarnings = prepared.warnings;
      if (options.onDuplicate === 'link') {
        const linked = await linkToExisting(tx, prepared);
        if (linked) return { party: linked, created: false, warnings: [], contactWarnings };
      }
      const written = await writeNewParty(tx, prepared, {
        fuzzyThreshold: this.options.fuzzyThreshold,
        requiredCustom: !customGiven,
      });
      if (written.requiredCustom.length > 0) {
        try {
          validateCustom({}, written.requiredCustom);
        } catch (error) {
          if (error instanceof InvalidDataError) throw new InvalidDataError('party', error.issues);
          throw error;
        }
      }
      if (written.conflicts.length > 0) throw DuplicatePartyError.fromConflicts(written.conflicts);
      if (!written.visible)
        throw new NotAllowedError(`Not allowed to access party ${prepared.id}`, { partyIds: [prepared.id] });
      const { party, candidates: warnings } = written;
      await this.hooks.partyCreated.promise(party, tx);
      return { party, created: true, warnings, contactWarnings };
    });
  }

  /** Reads one party with its current contact points, roles and dates. */
  async get(ctx: CallContext, id: string): Promise<Party> {
    requireIds('party', { id });
    return this.db.transaction(ctx, (tx) => requireParty(tx, id));
  }

  /** Reads several parties (at most `limits.getManyIds`, default 1,000); ids that do not exist are left out. */
  async getMany(ctx: CallContext, ids: readonly string[]): Promise<Party[]> {
    requireAtMost('party ids', 'ids', ids.length, this.db.limits.getManyIds, 'read them in chunks');
    requireIds('party', { ids });
    return this.db.transaction(ctx, async (tx) => [...(await readParties(tx, ids)).values()]);
  }

  /**
   * The party an import recorded under `key` of `source`, or null when the key names none the actor
   * may see (tenancy and visibility applied).
   *
   * @example
   * const alfki = await crm.services.parties.byExternalKey(ctx, 'northwind', 'ALFKI');
   */
  async byExternalKey(ctx: CallContext, source: string, key: string): Promise<Party | null> {
    return this.db.transaction(
      ctx,
      async (tx) => (await partiesByExternalKeys(tx, source, [key])).get(key) ?? null,
    );
  }

  /** The parties named by external keys of `source` (at most 10,000), by key; unknown or hidden keys are absent. */
  async getByExternalKeys(
    ctx: CallContext,
    source: string,
    keys: readonly string[],
  ): Promise<Map<string, Party>> {
    return this.db.transaction(ctx, (tx) => partiesByExternalKeys(tx, source, keys));
  }

  /**
   * Changes a party's fields. Pass `expectedVersion` (the version you read) to refuse the write with
   * a conflict error when someone else changed the party meanwhile. Every changed field is recorded
   * in the party's history with its old and new value.
   */
  async update(
    ctx: CallContext,
    id: string,
    patch: PartyPatch,
    options: { expectedVersion?: number } = {},
  ): Promise<Party> {
    requireIds('party', { id });
    const parsed = parse(PartyPatchSchema, patch, 'party changes');
    return this.db.transaction(ctx, async (tx) => {
      const current = await lockParty(tx, id);
      if (options.expectedVersion !== undefined && options.expectedVersion !== current.version) {
        throw new RapportError(
          'CONFLICT',
          `Party ${id} was changed by someone else (version ${current.version}, expected ${options.expectedVersion})`,
          {
            details: { id, version: current.version, expectedVersion: options.expectedVersion },
          },
        );
      }
      const final = parse(
        PartyPatchSchema,
        await this.hooks.beforePartyUpdate.promise(parsed, current, tx),
        'party changes',
      );
      const changes = await this.applyPatch(tx, current, final);
      if (Object.keys(changes).length === 0) return current;
      await recordHistory(tx, [{ partyId: id, operation: 'update', changes }]);
      const party = await requireParty(tx, id);
      await this.hooks.partyUpdated.promise({ party, operation: 'update', changes }, tx);
      return party;
    });
  }

  /** Adds tags (set semantics, safe under concurrent tagging). */
  async addTags(ctx: CallContext, id: string, tags: string[]): Promise<Party> {
    requireIds('party', { id });
    return this.changeTags(ctx, id, tags, 'add');
  }

  /** Removes tags. */
  async removeTags(ctx: CallContext, id: string, tags: string[]): Promise<Party> {
    requireIds('party', { id });
    return this.changeTags(ctx, id, tags, 'remove');
  }

  /** The party's change history, newest first. */
  async history(
    ctx: CallContext,
    id: string,
    options: { limit?: number } = {},
  ): Promise<PartyHistoryEntry[]> {
    return this.db.transaction(ctx, async (tx) => {
      await requireParty(tx, id);
      return tx.db
        .selectFrom('PartyHistory')
        .select(['id', 'at', 'actor', 'operation', 'changes'])
        .where('tenantId', '=', tx.tenantId)
        .where('partyId', '=', id)
        .orderBy('id', 'desc')
        .limit(Math.min(options.limit ?? 100, 1000))
        .execute();
    });
  }

  private async changeTags(
    ctx: CallContext,
    id: string,
    raw: string[],
    mode: 'add' | 'remove',
  ): Promise<Party> {
    const tags = parse(PartyPatchSchema.shape.tags.unwrap(), raw, 'tags');
    return this.db.transaction(ctx, async (tx) => {
      const current = await lockParty(tx, id);
      const next =
        mode === 'add'
          ? [...new Set([...current.tags, ...tags])]
          : current.tags.filter((t) => !tags.includes(t));
      if (next.length === current.tags.length && next.every((t, i) => t === current.tags[i])) return current;
      await tx.sql(
        'update core_party set tags = $3, version = version + 1, updated_at = now() where tenant_id = $1 and id = $2',
        [tx.tenantId, id, next],
      );
      const changes: FieldChanges = { tags: [current.tags, next] };
      await recordHistory(tx, [{ partyId: id, operation: mode === 'add' ? 'tag' : 'untag', changes }]);
      const party = await requireParty(tx, id);
      await this.hooks.partyUpdated.promise(
        { party, operation: mode === 'add' ? 'tag' : 'untag', changes },
        tx,
      );
      return party;
    });
  }

  private async applyPatch(tx: TxContext, current: Party, patch: ParsedPartyPatch): Promise<FieldChanges> {
    const changes: FieldChanges = {};
    const sets: string[] = [];
    const values: unknown[] = [tx.tenantId, current.id];
    const set = (column: string, field: string, from: unknown, to: unknown) => {
      if (JSON.stringify(from) === JSON.stringify(to)) return;
      changes[field] = [from, to];
      values.push(to);
      sets.push(`${column} = $${values.length}`);
    };
    const next: Record<string, unknown> = {};
    for (const field of PATCHABLE) {
      if (patch[field] === undefined) continue;
      let value = patch[field];
      if ((field === 'taxNumber' || field === 'registrationNumber') && typeof value === 'string')
        value = normalizeRegistryNumber(value);
      next[field] = value;
      set(COLUMN[field], field, current[field], value);
    }
    if (
      patch.displayName === undefined &&
      ['givenName', 'familyName', 'organizationName'].some((f) => f in next)
    ) {
      set(
        'display_name',
        'displayName',
        current.displayName,
        displayNameOf({ ...current, ...next, displayName: null }) || current.displayName,
      );
    }
    if (patch.source) {
      set(
        'source_channel',
        'source.channel',
        current.source.channel,
        patch.source.channel ?? current.source.channel,
      );
      set(
        'source_campaign',
        'source.campaign',
        current.source.campaign,
        patch.source.campaign ?? current.source.campaign,
      );
      set(
        'source_referrer_id',
        'source.referrerId',
        current.source.referrerId,
        patch.source.referrerId ?? current.source.referrerId,
      );
    }
    if (patch.tags) set('tags', 'tags', current.tags, [...new Set(patch.tags)]);
    if (patch.custom) {
      const merged = Object.fromEntries(
        Object.entries({ ...current.custom, ...patch.custom }).filter(
          ([, v]) => v !== null && v !== undefined,
        ),
      );
      const valid = await this.customFields.validate(tx, merged);
      for (const key of new Set([...Object.keys(current.custom), ...Object.keys(valid)])) {
        if (JSON.stringify(current.custom[key]) !== JSON.stringify(valid[key]))
          changes[`custom.${key}`] = [current.custom[key] ?? null, valid[key] ?? null];
      }
      if (Object.keys(changes).some((k) => k.startsWith('custom.'))) {
        values.push(JSON.stringify(valid));
        sets.push(`custom = $${values.length}::jsonb`);
      }
    }
    if (sets.length === 0) return changes;
    await tx.sql(
      `update core_party set ${sets.join(', ')}, version = version + 1, updated_at = now() where tenant_id = $1 and id = $2`,
      values,
    );
    await this.reclaimRegistryNumbers(tx, current, changes);
    return changes;
  }

  /** Moves the tax/registration identity keys when those numbers change; a clash is a duplicate error. */
  private async reclaimRegistryNumbers(tx: TxContext, current: Party, changes: FieldChanges): Promise<void> {
    const claims = [];
    for (const [field, kind] of [
      ['taxNumber', 'tax_number'],
      ['registrationNumber', 'registration_number'],
    ] as const) {
      const change = changes[field];
      if (!change) continue;
      const [from, to] = change as [string | null, string | null];
      if (from)
        await tx.sql(
          'delete from core_party_identity where tenant_id = $1 and kind = $2 and value = $3 and party_id = $4',
          [tx.tenantId, kind, from, current.id],
        );
      if (to) claims.push({ kind, value: to, partyId: current.id });
    }
    const conflicts = await claimIdentities(tx, claims);
    if (conflicts.length > 0) throw DuplicatePartyError.fromConflicts(conflicts);
  }
}
