import { inject, injectable } from 'tsyringe';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { CallContext, TxContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { RapportError } from '../kernel/errors.js';
import type { CrmHooks } from '../kernel/hooks.js';
import { DATABASE, HOOKS } from '../kernel/tokens.js';
import { parse, requireIds } from '../kernel/validation.js';
import { requireAdmin } from '../organisation/permissions.js';
import { eraseDeclared } from '../participation/erase.js';
import { exportDeclared } from '../participation/export.js';
import { PARTICIPATION, type ParticipationRegistry } from '../participation/registry.js';
import { lockParty, requireParty } from '../parties/party-access.js';
import { recordHistory } from '../parties/party-writer.js';

/** Everything held about one party, as exported for a data-subject request. */
export interface PersonalDataExport {
  exportedAt: string;
  partyId: string;
  /** One section per kind of data; plugins add theirs through `collectPersonalData`. */
  sections: Record<string, unknown>;
}

const Reason = z.string().trim().min(1).max(500);

const SECTIONS: ReadonlyArray<[string, string]> = [
  [
    'contactPoints',
    `select id, kind, value, label, is_primary, quality, identifying, details, invalid_at, invalid_reason, created_at, removed_at
     from core_contact_point where tenant_id = $1 and party_id = $2 order by id`,
  ],
  [
    'consents',
    'select channel, status, at, source, actor from core_consent where tenant_id = $1 and party_id = $2 order by at, id',
  ],
  [
    'roles',
    `select role, organization_id, valid_from, valid_to, end_reason from core_party_role
     where tenant_id = $1 and party_id = $2 order by valid_from, id`,
  ],
  [
    'relationships',
    `select id, type, from_party_id, to_party_id, valid_from, valid_to, note, ended_at from core_relationship
     where tenant_id = $1 and (from_party_id = $2 or to_party_id = $2) order by id`,
  ],
  [
    'history',
    'select at, actor, operation, changes from core_party_history where tenant_id = $1 and party_id = $2 order by id',
  ],
  [
    'mergedRecords',
    'select merged_id, merged_snapshot, reason, at from core_party_merge where tenant_id = $1 and survivor_id = $2 order by at',
  ],
  [
    'externalKeys',
    'select source, key from core_party_external_key where tenant_id = $1 and party_id = $2 order by source, key',
  ],
];

/**
 * Data-subject requests: export everything held about a person as JSON, and erase a person —
 * personal data anonymised everywhere, rows (and so sums and counts) kept, the erasure recorded
 * without the erased data.
 */
@injectable()
export class PrivacyService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(HOOKS) private readonly hooks: Readonly<CrmHooks>,
    @inject(PARTICIPATION) private readonly participation: ParticipationRegistry,
  ) {}

  /** Everything held about a party: its record, contact points, consents, roles, relationships, history, and plugins' data. */
  async export(ctx: CallContext, partyId: string): Promise<PersonalDataExport> {
    requireIds('privacy request', { partyId });
    return this.db.transaction(ctx, async (tx) => {
      const party = await requireParty(tx, partyId);
      const sections: Record<string, unknown> = { party };
      for (const [name, sql] of SECTIONS) sections[name] = await tx.sql(sql, [tx.tenantId, partyId]);
      Object.assign(sections, await exportDeclared(tx, this.participation, partyId));
      const all = await this.hooks.collectPersonalData.promise(sections, { partyId }, tx);
      return { exportedAt: new Date().toISOString(), partyId, sections: all };
    });
  }

  /**
   * Erases a person (administrators): names, numbers, contact point values, dates, custom fields,
   * relationship notes and the old values in the history are anonymised or removed; plugins
   * anonymise theirs through `partyErasing`. The party row stays, so aggregates keep counting it.
   */
  async erase(ctx: CallContext, partyId: string, reason: string): Promise<{ erasureId: string }> {
    requireIds('privacy request', { partyId });
    const why = parse(Reason, reason, 'reason');
    return this.db.transaction(ctx, async (tx) => {
      await requireAdmin(tx);
      const party = await lockParty(tx, partyId);
      const [erased] = await tx.sql<{ erased_at: string | null }>(
        'select erased_at from core_party where tenant_id = $1 and id = $2',
        [tx.tenantId, partyId],
      );
      if (erased?.erased_at)
        throw new RapportError('CONFLICT', `Party ${partyId} was already erased`, { details: { partyId } });
      const erasureId = uuidv7();
      await anonymise(tx, partyId, `Erased ${party.kind} ${partyId.slice(-6)}`);
      await eraseDeclared(tx, this.participation, partyId);
      await this.hooks.partyErasing.promise({ partyId, erasureId }, tx);
      await tx.sql(
        'insert into core_erasure (tenant_id, id, party_id, reason, actor) values ($1, $2, $3, $4, $5)',
        [tx.tenantId, erasureId, partyId, why, JSON.stringify(tx.actor)],
      );
      await recordHistory(tx, [{ partyId, operation: 'erase', changes: { erasureId } }]);
      return { erasureId };
    });
  }
}

async function anonymise(tx: TxContext, partyId: string, placeholder: string): Promise<void> {
  const args = [tx.tenantId, partyId];
  await tx.sql(
    `update core_party set display_name = $3, given_name = null, family_name = null, organization_name = null,
       legal_name = null, tax_number = null, registration_number = null, locale = null, city = null, lost_reason = null,
       tags = '{}', custom = '{}', erased_at = now(), version = version + 1, updated_at = now()
     where tenant_id = $1 and id = $2`,
    [...args, placeholder],
  );
  await tx.sql(
    `update core_contact_point set value = 'erased', label = null, details = '{}', is_primary = false,
       removed_at = coalesce(removed_at, now()) where tenant_id = $1 and party_id = $2`,
    args,
  );
  await tx.sql('delete from core_party_identity where tenant_id = $1 and party_id = $2', args);
  await tx.sql('delete from core_party_date where tenant_id = $1 and party_id = $2', args);
  await tx.sql('delete from core_party_external_key where tenant_id = $1 and party_id = $2', args);
  await tx.sql('update core_consent set source = null where tenant_id = $1 and party_id = $2', args);
  await tx.sql(
    'update core_relationship set note = null where tenant_id = $1 and (from_party_id = $2 or to_party_id = $2)',
    args,
  );
  await tx.sql(
    `update core_party_history set changes = '{"erased": true}' where tenant_id = $1 and party_id = $2`,
    args,
  );
  await tx.sql(
    `update core_party_merge set merged_snapshot = '{"erased": true}' where tenant_id = $1 and survivor_id = $2`,
    args,
  );
}
