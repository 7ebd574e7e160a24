import { uuidv7 } from 'uuidv7';
import type { TxContext } from '../kernel/context.js';
import type { CrmHooks } from '../kernel/hooks.js';
import { handOverReassigned, handOverRemaining } from '../participation/hand-over.js';
import { PARTICIPATION } from '../participation/registry.js';

/** What a reassignment moves: from whom, to whom (null: unassigned), and which parties. */
export interface ReassignSpec {
  fromEmployeeId: string;
  toEmployeeId: string | null;
  reason: string;
  /** Only these parties (of the from-employee); all of them when absent. */
  partyIds?: readonly string[];
  /** An extra SQL condition over alias `p`, already bound into `params` (from a compiled filter). */
  where?: { sql: string; params: unknown[] };
  /** The filter as given, kept in the audit record. */
  filter?: unknown;
  /**
   * The from-employee leaves (a deactivation): their remaining declared open work, on customers
   * someone else owns, goes to the heir too, counted with the rest.
   */
  leaving?: boolean;
}

/** The payload of `ownershipTransferring` and `ownershipTransferred`. */
export interface OwnershipTransferEvent {
  reassignmentId: string;
  fromEmployeeId: string;
  toEmployeeId: string | null;
  /** The moved parties are the rows of `core_reassignment_item` with this reassignment id. */
  partyCount: number;
}

/** The result of a reassignment: its audit id and how many rows of each kind moved. */
export interface ReassignResult {
  reassignmentId: string;
  moved: Record<string, number>;
}

/**
 * Moves parties from one owner to another in a fixed number of statements, whatever their number:
 * the parties, the audit items, one history entry each, then the open work plugins declared in their
 * party participation follows the parties, and `ownershipTransferring` taps move what a declaration
 * cannot express (joining `core_reassignment_item`) and report counts.
 */
export async function reassignParties(
  tx: TxContext,
  hooks: Readonly<CrmHooks>,
  spec: ReassignSpec,
): Promise<ReassignResult> {
  const reassignmentId = uuidv7();
  await tx.sql(
    `insert into core_reassignment (tenant_id, id, from_employee_id, to_employee_id, reason, filter, actor)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [
      tx.tenantId,
      reassignmentId,
      spec.fromEmployeeId,
      spec.toEmployeeId,
      spec.reason,
      spec.filter === undefined ? null : JSON.stringify(spec.filter),
      JSON.stringify(tx.actor),
    ],
  );
  const params: unknown[] = [
    tx.tenantId,
    reassignmentId,
    spec.fromEmployeeId,
    spec.toEmployeeId,
    JSON.stringify(tx.actor),
    spec.partyIds ?? null,
  ];
  let where = '';
  if (spec.where) {
    const offset = params.length;
    where = ` and ${spec.where.sql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)}`;
    params.push(...spec.where.params);
  }
  const [row] = await tx.sql<{ n: string }>(
    `with moved as (
       update core_party p set owner_id = $4, version = version + 1, updated_at = now()
       where p.tenant_id = $1 and p.owner_id = $3 and ($6::uuid[] is null or p.id = any($6::uuid[]))${where}
       returning p.id
     ), items as (
       insert into core_reassignment_item (tenant_id, reassignment_id, party_id) select $1, $2, id from moved
     ), history as (
       insert into core_party_history (tenant_id, id, party_id, actor, operation, changes)
       select $1, core_uuidv7(), id, $5::jsonb, 'reassign',
         jsonb_build_object('ownerId', jsonb_build_array($3::uuid, $4::uuid), 'reassignmentId', $2::uuid)
       from moved
     )
     select count(*) as n from moved`,
    params,
  );
  const event: OwnershipTransferEvent = {
    reassignmentId,
    fromEmployeeId: spec.fromEmployeeId,
    toEmployeeId: spec.toEmployeeId,
    partyCount: Number(row?.n ?? 0),
  };
  const registry = tx.resolve(PARTICIPATION);
  const declared = await handOverReassigned(tx, registry, event);
  if (spec.leaving) {
    const rest = await handOverRemaining(tx, registry, {
      reassignmentId,
      employeeId: spec.fromEmployeeId,
      heirId: spec.toEmployeeId,
    });
    for (const [label, n] of Object.entries(rest)) declared[label] = (declared[label] ?? 0) + n;
  }
  const moved = await hooks.ownershipTransferring.promise(
    { parties: event.partyCount, ...declared },
    event,
    tx,
  );
  await tx.sql('update core_reassignment set moved = $3 where tenant_id = $1 and id = $2', [
    tx.tenantId,
    reassignmentId,
    JSON.stringify(moved),
  ]);
  await hooks.ownershipTransferred.promise({ ...event, moved }, tx);
  return { reassignmentId, moved };
}
