import { inject, injectable } from 'tsyringe';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { CallContext, TxContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { InvalidDataError, NotFoundError, RapportError } from '../kernel/errors.js';
import type { CrmHooks } from '../kernel/hooks.js';
import { DATABASE, HOOKS } from '../kernel/tokens.js';
import { parse, requireIds } from '../kernel/validation.js';
import type { Party } from './party.js';
import { lockParty, requireParty, touchParty } from './party-access.js';
import { type Lifecycle, PartyRole } from './party-input.js';
import { recordHistory } from './party-writer.js';

const ALLOWED: Record<Lifecycle, ReadonlyArray<Lifecycle | null>> = {
  lead: ['lost'],
  qualified: ['lead'],
  customer: [null, 'lead', 'qualified'],
  lost: ['lead', 'qualified'],
};

const Reason = z.string().trim().min(1).max(500);
const RoleOptions = z.object({ organizationId: z.uuid().optional(), reason: Reason.optional() });

/** Moves prospects along their lifecycle and manages dated roles; every change is kept in history. */
@injectable()
export class PartyLifecycleService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(HOOKS) private readonly hooks: Readonly<CrmHooks>,
  ) {}

  /** A lead is qualified (still a lead, now worth a salesperson's time). */
  async qualify(ctx: CallContext, partyId: string): Promise<Party> {
    requireIds('party', { partyId });
    return this.move(ctx, partyId, 'qualified', null);
  }

  /** A lead (or a party without lifecycle, such as a partner) becomes a customer. */
  async convert(ctx: CallContext, partyId: string): Promise<Party> {
    requireIds('party', { partyId });
    return this.move(ctx, partyId, 'customer', null);
  }

  /** A lead is lost, with the reason (required). */
  async lose(ctx: CallContext, partyId: string, reason: string): Promise<Party> {
    requireIds('party', { partyId });
    return this.move(ctx, partyId, 'lost', parse(Reason, reason, 'reason'));
  }

  /** A lost lead is reopened as a lead, e.g. to receive new offers. */
  async reopen(ctx: CallContext, partyId: string, reason?: string): Promise<Party> {
    requireIds('party', { partyId });
    return this.move(ctx, partyId, 'lead', reason === undefined ? null : parse(Reason, reason, 'reason'));
  }

  /** Gives a party a role from now on; `contact_person` needs the organisation. */
  async addRole(
    ctx: CallContext,
    partyId: string,
    role: string,
    options: { organizationId?: string } = {},
  ): Promise<Party> {
    const key = parse(PartyRole, role, 'role');
    const { organizationId } = parse(RoleOptions, options, 'role options');
    if (key === 'contact_person' && !organizationId) {
      throw new InvalidDataError('role', [
        { path: 'organizationId', message: 'a contact person belongs to an organization', code: 'custom' },
      ]);
    }
    return this.db.transaction(ctx, async (tx) => {
      const party = await lockParty(tx, partyId);
      if (organizationId) {
        const org = await requireParty(tx, organizationId);
        if (org.kind !== 'organization') {
          throw new InvalidDataError('role', [
            { path: 'organizationId', message: 'is not an organization', code: 'custom' },
          ]);
        }
      }
      if (party.roles.some((r) => r.role === key && r.organizationId === (organizationId ?? null)))
        return party;
      await insertRole(tx, partyId, key, organizationId ?? null);
      return this.finish(tx, partyId, 'add_role', {
        role: [null, key],
        organizationId: organizationId ?? null,
      });
    });
  }

  /** Ends a role now (it stays in the party's record, dated). */
  async endRole(
    ctx: CallContext,
    partyId: string,
    role: string,
    options: { organizationId?: string; reason?: string } = {},
  ): Promise<Party> {
    const key = parse(PartyRole, role, 'role');
    const { organizationId, reason } = parse(RoleOptions, options, 'role options');
    return this.db.transaction(ctx, async (tx) => {
      await lockParty(tx, partyId);
      const ended = await endRoles(tx, partyId, key, organizationId ?? null, reason ?? null);
      if (ended === 0) throw new NotFoundError('Role', key, { partyId });
      return this.finish(tx, partyId, 'end_role', { role: [key, null], reason: reason ?? null });
    });
  }

  /** Past and current roles of a party, oldest first. */
  async roleHistory(ctx: CallContext, partyId: string) {
    requireIds('party', { partyId });
    return this.db.transaction(ctx, async (tx) => {
      await requireParty(tx, partyId);
      return tx.db
        .selectFrom('PartyRole')
        .select(['role', 'organizationId', 'validFrom', 'validTo', 'endReason'])
        .where('tenantId', '=', tx.tenantId)
        .where('partyId', '=', partyId)
        .orderBy('validFrom')
        .orderBy('id')
        .execute();
    });
  }

  private async move(
    ctx: CallContext,
    partyId: string,
    to: Lifecycle,
    reason: string | null,
  ): Promise<Party> {
    return this.db.transaction(ctx, async (tx) => {
      const party = await lockParty(tx, partyId);
      const from = party.lifecycle;
      if (!ALLOWED[to].includes(from)) {
        throw new RapportError('CONFLICT', `A party cannot go from ${from ?? 'no lifecycle'} to ${to}`, {
          details: { partyId, from, to },
        });
      }
      await tx.sql(
        'update core_party set lifecycle = $3, lost_reason = $4 where tenant_id = $1 and id = $2',
        [tx.tenantId, partyId, to, to === 'lost' ? reason : null],
      );
      if (to === 'customer') {
        await endRoles(tx, partyId, 'lead', null, 'converted');
        if (!party.roles.some((r) => r.role === 'customer' && r.organizationId === null))
          await insertRole(tx, partyId, 'customer', null);
      }
      if (to === 'lost') await endRoles(tx, partyId, 'lead', null, `lost: ${reason}`);
      if (to === 'lead' && !party.roles.some((r) => r.role === 'lead' && r.organizationId === null))
        await insertRole(tx, partyId, 'lead', null);
      const updated = await this.finish(tx, partyId, 'lifecycle', { lifecycle: [from, to], reason });
      await this.hooks.partyLifecycleChanged.promise({ party: updated, from, to, reason }, tx);
      return updated;
    });
  }

  private async finish(
    tx: TxContext,
    partyId: string,
    operation: string,
    changes: Record<string, unknown>,
  ): Promise<Party> {
    await touchParty(tx, partyId);
    await recordHistory(tx, [{ partyId, operation, changes }]);
    const party = await requireParty(tx, partyId);
    await this.hooks.partyUpdated.promise(
      { party, operation, changes: changes as Record<string, [unknown, unknown]> },
      tx,
    );
    return party;
  }
}

async function insertRole(
  tx: TxContext,
  partyId: string,
  role: string,
  organizationId: string | null,
): Promise<void> {
  await tx.sql(
    'insert into core_party_role (tenant_id, id, party_id, role, organization_id) values ($1, $2, $3, $4, $5)',
    [tx.tenantId, uuidv7(), partyId, role, organizationId],
  );
}

async function endRoles(
  tx: TxContext,
  partyId: string,
  role: string,
  organizationId: string | null,
  reason: string | null,
): Promise<number> {
  const rows = await tx.sql(
    `update core_party_role set valid_to = now(), end_reason = $5
     where tenant_id = $1 and party_id = $2 and role = $3 and organization_id is not distinct from $4 and valid_to is null
     returning id`,
    [tx.tenantId, partyId, role, organizationId, reason],
  );
  return rows.length;
}
