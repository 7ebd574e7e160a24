import { inject, injectable } from 'tsyringe';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { CallContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { NotAllowedError, NotFoundError, RapportError } from '../kernel/errors.js';
import type { CrmHooks } from '../kernel/hooks.js';
import { DATABASE, HOOKS } from '../kernel/tokens.js';
import { parse, requireIds } from '../kernel/validation.js';
import type { Filter } from '../parties/filter.js';
import type { Party } from '../parties/party.js';
import { lockParty, requireParty, touchParty } from '../parties/party-access.js';
import { recordHistory } from '../parties/party-writer.js';
import { SEGMENT_SERVICE } from '../parties/tokens.js';
import { paramBinder, visibilityOf, visibilitySql } from './access.js';
import { requireDepartment } from './department-service.js';
import { requireEmployee } from './employee-service.js';
import { requireManager } from './permissions.js';
import { type ReassignResult, reassignParties } from './reassign.js';

const ReassignInput = z.object({
  fromEmployeeId: z.uuid(),
  /** The heir; `null` leaves the parties explicitly unassigned. */
  toEmployeeId: z.uuid().nullable(),
  reason: z.string().trim().min(1).max(500),
  partyIds: z.array(z.uuid()).max(100_000).optional(),
  /** Only the parties matching this filter (the segment filter language). */
  filter: z.unknown().optional(),
});
const ShareInput = z.union([z.object({ employeeId: z.uuid() }), z.object({ departmentId: z.uuid() })]);

/** The audit of one reassignment: who moved what, when and why. */
export interface ReassignmentRecord {
  id: string;
  fromEmployeeId: string | null;
  toEmployeeId: string | null;
  reason: string;
  actor: CallContext['actor'];
  at: Date;
  moved: Record<string, number>;
  partyIds: string[];
}

/** Who owns which party: assignment, bulk reassignment with audit, and sharing. */
@injectable()
export class OwnershipService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(HOOKS) private readonly hooks: Readonly<CrmHooks>,
  ) {}

  /**
   * Gives one party a new owner (its owner, anyone its owner reports to, a manager or an
   * administrator may).
   */
  async assign(ctx: CallContext, partyId: string, ownerId: string | null, reason?: string): Promise<Party> {
    requireIds('ownership', { partyId, ownerId });
    return this.db.transaction(ctx, async (tx) => {
      const party = await lockParty(tx, partyId);
      const visibility = await visibilityOf(tx);
      if (
        !visibility.all &&
        visibility.role !== 'manager' &&
        party.ownerId !== visibility.employeeId &&
        party.ownerId !== null &&
        !visibility.reportIds.includes(party.ownerId)
      ) {
        throw new NotAllowedError('Only the owner, a manager or an administrator may reassign this party', {
          partyId,
        });
      }
      if (ownerId) {
        const owner = await requireEmployee(tx, ownerId);
        if (!owner.active)
          throw new RapportError('CONFLICT', `Employee ${ownerId} is deactivated`, { details: { ownerId } });
      }
      if (party.ownerId === ownerId) return party;
      await tx.sql('update core_party set owner_id = $3 where tenant_id = $1 and id = $2', [
        tx.tenantId,
        partyId,
        ownerId,
      ]);
      await touchParty(tx, partyId);
      const changes = { ownerId: [party.ownerId, ownerId] as [unknown, unknown], reason: reason ?? null };
      await recordHistory(tx, [{ partyId, operation: 'assign', changes }]);
      const updated = await requireParty(tx, partyId);
      await this.hooks.partyUpdated.promise(
        { party: updated, operation: 'assign', changes: { ownerId: changes.ownerId } },
        tx,
      );
      return updated;
    });
  }

  /**
   * Moves all (or the listed, or those matching `filter`) parties of one employee to another in one transaction — with their
   * open items through `ownershipTransferring` taps — and records who, when, why and what moved.
   * Managers move parties they can see; administrators any.
   */
  async reassign(ctx: CallContext, input: z.input<typeof ReassignInput>): Promise<ReassignResult> {
    const data = parse(ReassignInput, input, 'reassignment');
    return this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      await requireEmployee(tx, data.fromEmployeeId);
      if (data.toEmployeeId) {
        const heir = await requireEmployee(tx, data.toEmployeeId);
        if (!heir.active)
          throw new RapportError('CONFLICT', `Employee ${data.toEmployeeId} is deactivated`, {
            details: { toEmployeeId: data.toEmployeeId },
          });
      }
      const visibility = await visibilityOf(tx);
      const params: unknown[] = [];
      const parts: string[] = [];
      if (!visibility.all) parts.push(visibilitySql(visibility, 'p', paramBinder(params)));
      if (data.filter !== undefined) {
        const predicate = await tx.resolve(SEGMENT_SERVICE).predicate(tx, data.filter as Filter);
        const compiled = predicate(params.length);
        parts.push(compiled.sql);
        params.push(...compiled.params);
      }
      const where = parts.length > 0 ? { sql: parts.join(' and '), params } : undefined;
      const { filter, ...spec } = data;
      return reassignParties(tx, this.hooks, {
        ...spec,
        ...(filter !== undefined ? { filter } : {}),
        ...(where ? { where } : {}),
      });
    });
  }

  /** The audit record of a reassignment, with the ids of the parties it moved. */
  async explain(ctx: CallContext, reassignmentId: string): Promise<ReassignmentRecord> {
    requireIds('ownership', { reassignmentId });
    return this.db.transaction(ctx, async (tx) => {
      const reassignment = await tx.db
        .selectFrom('Reassignment')
        .select(['id', 'fromEmployeeId', 'toEmployeeId', 'reason', 'actor', 'at', 'moved'])
        .where('tenantId', '=', tx.tenantId)
        .where('id', '=', reassignmentId)
        .executeTakeFirst();
      if (!reassignment) throw new NotFoundError('Reassignment', reassignmentId);
      const items = await tx.db
        .selectFrom('ReassignmentItem')
        .select('partyId')
        .where('tenantId', '=', tx.tenantId)
        .where('reassignmentId', '=', reassignmentId)
        .orderBy('partyId')
        .execute();
      return { ...reassignment, partyIds: items.map((item) => item.partyId) };
    });
  }

  /** Shares a party with an employee or a department (and its subdepartments). */
  async share(ctx: CallContext, partyId: string, input: z.input<typeof ShareInput>): Promise<string> {
    requireIds('ownership', { partyId });
    const target = parse(ShareInput, input, 'share');
    return this.db.transaction(ctx, async (tx) => {
      await lockParty(tx, partyId);
      if ('employeeId' in target) await requireEmployee(tx, target.employeeId);
      else await requireDepartment(tx, target.departmentId);
      const id = uuidv7();
      const rows = await tx.sql<{ id: string }>(
        `insert into core_party_share (tenant_id, id, party_id, employee_id, department_id, granted_by)
         values ($1, $2, $3, $4, $5, $6) on conflict do nothing returning id`,
        [
          tx.tenantId,
          id,
          partyId,
          'employeeId' in target ? target.employeeId : null,
          'departmentId' in target ? target.departmentId : null,
          JSON.stringify(tx.actor),
        ],
      );
      if (rows.length > 0)
        await recordHistory(tx, [{ partyId, operation: 'share', changes: { sharedWith: [null, target] } }]);
      return rows[0]?.id ?? id;
    });
  }

  /** Withdraws a share. */
  async unshare(ctx: CallContext, partyId: string, shareId: string): Promise<void> {
    requireIds('ownership', { partyId, shareId });
    await this.db.transaction(ctx, async (tx) => {
      await lockParty(tx, partyId);
      const rows = await tx.sql<{ employee_id: string | null; department_id: string | null }>(
        'delete from core_party_share where tenant_id = $1 and id = $2 and party_id = $3 returning employee_id, department_id',
        [tx.tenantId, shareId, partyId],
      );
      if (rows.length === 0) throw new NotFoundError('Share', shareId, { partyId });
      await recordHistory(tx, [{ partyId, operation: 'unshare', changes: { sharedWith: [rows[0], null] } }]);
    });
  }
}
