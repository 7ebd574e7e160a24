import { inject, injectable } from 'tsyringe';
import { uuidv7 } from 'uuidv7';
import type { CallContext, TxContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { pgErrorOf } from '../kernel/database-errors.js';
import { ConflictError, NotFoundError, RapportError } from '../kernel/errors.js';
import type { CrmHooks } from '../kernel/hooks.js';
import { DATABASE, HOOKS } from '../kernel/tokens.js';
import { parse, requireIds } from '../kernel/validation.js';
import { mergeDeclared } from '../participation/merge.js';
import { PARTICIPATION, type ParticipationRegistry } from '../participation/registry.js';
import { followMerges, insertMergeRecord, type MergeRecord, readMerge, readMergesOf } from './merge-audit.js';
import { MergeRefusedError } from './merge-errors.js';
import { mergeFields } from './merge-fields.js';
import { type MergeInput, MergeInputSchema, type ParsedMergeInput } from './merge-input.js';
import { CORE_REFERENCES, moveCoreRows } from './merge-moves.js';
import { countReferences, partyReferences } from './merge-references.js';
import { snapshotParty } from './merge-snapshot.js';
import type { Party } from './party.js';
import { lockParty, requireParty, touchParty } from './party-access.js';
import type { PartiesMergeEvent } from './party-events.js';
import { readParties } from './party-reader.js';
import { recordHistory } from './party-writer.js';
import type { RelationshipService } from './relationship-service.js';
import { RELATIONSHIP_SERVICE } from './tokens.js';

/** The result of `merges.merge`. */
export interface MergeResult {
  /** The survivor as it is after the merge. */
  survivor: Party;
  /** The audit record of the merge. */
  merge: MergeRecord;
}

/**
 * Merges duplicate parties into one, in one transaction, with an audit record that explains it later.
 * Plugins move their own rows in a `partiesMerging` tap; the composite foreign keys to `core_party`
 * make a forgotten row fail the whole merge instead of leaving it pointing at nothing.
 */
@injectable()
export class MergeService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(HOOKS) private readonly hooks: Readonly<CrmHooks>,
    @inject(RELATIONSHIP_SERVICE) private readonly relationships: RelationshipService,
    @inject(PARTICIPATION) private readonly participation: ParticipationRegistry,
  ) {}

  /**
   * Merges `mergedId` into `survivorId`: moves every row that points at the merged party (contact
   * points, identity keys, roles, consents, dates, relationships, history, external keys, referrals,
   * plugins' rows) to the survivor, combines the fields, records the audit, and removes the merged
   * party. Everything or nothing: any error rolls the whole merge back.
   *
   * @example
   * const { survivor, merge } = await crm.services.merges.merge(ctx, {
   *   survivorId: ada.id, mergedId: adaTwice.id, reason: 'same person, two departments',
   *   fieldsFrom: { familyName: 'merged' },
   * });
   */
  async merge(ctx: CallContext, input: MergeInput): Promise<MergeResult> {
    const parsed = parse(MergeInputSchema, input, 'merge');
    if (parsed.survivorId === parsed.mergedId)
      throw new MergeRefusedError('same_party', 'a party cannot be merged into itself');
    try {
      return await this.db.transaction(ctx, (tx) => this.run(tx, parsed));
    } catch (error) {
      throw translate(error, parsed);
    }
  }

  /** The audit record of a merge: survivor, merged snapshot, what moved, who, when and why. */
  async explain(ctx: CallContext, mergeId: string): Promise<MergeRecord> {
    requireIds('merge', { mergeId });
    return this.db.transaction(ctx, async (tx) => {
      const record = await readMerge(tx, mergeId);
      if (!record) throw new NotFoundError('Merge', mergeId);
      await requireParty(tx, record.survivorId);
      return record;
    });
  }

  /** The merges a party took part in (as survivor, or as the merged party by its former id), newest first. */
  async mergesOf(ctx: CallContext, partyId: string): Promise<MergeRecord[]> {
    requireIds('merge', { partyId });
    return this.db.transaction(ctx, async (tx) => {
      const records = await readMergesOf(tx, partyId);
      await readParties(tx, [...new Set(records.map((r) => r.survivorId))]);
      return records;
    });
  }

  /**
   * Where a party is now: its own id when it exists, else the survivor it was merged into (following
   * chains of merges). An id no party ever had is not found.
   */
  async whereIs(ctx: CallContext, partyId: string): Promise<string> {
    requireIds('merge', { partyId });
    return this.db.transaction(ctx, async (tx) => {
      const current = await followMerges(tx, partyId);
      if (!current) throw new NotFoundError('Party', partyId);
      return current;
    });
  }

  private async run(tx: TxContext, input: ParsedMergeInput): Promise<MergeResult> {
    const { survivorId, mergedId } = input;
    // Lock both in id order, so that two merges of the same pair (either way round) cannot deadlock.
    for (const id of [survivorId, mergedId].sort()) await lockParty(tx, id);
    // Re-read after both locks: a merge that waited for a lock sees what the other one committed.
    const survivor = await requireParty(tx, survivorId);
    const merged = await requireParty(tx, mergedId);
    if (survivor.kind !== merged.kind && !input.allowKindMismatch)
      throw new MergeRefusedError(
        'kind_mismatch',
        `cannot merge a ${merged.kind} into a ${survivor.kind} (pass allowKindMismatch to do it anyway)`,
      );
    const symmetricTypes = (await this.relationships.types(tx)).filter((t) => t.symmetric).map((t) => t.key);
    const references = await partyReferences(tx);
    const before = await countReferences(tx, references, mergedId);
    const snapshot = await snapshotParty(tx, merged);
    const counts = await moveCoreRows(tx, { survivorId, mergedId, symmetricTypes });
    const fields = await mergeFields(tx, survivor, merged, input.fieldsFrom);
    await touchParty(tx, survivorId);
    const event: PartiesMergeEvent = { mergeId: uuidv7(), survivorId, mergedId };
    // Declared rows move first, so that taps (the special cases) see the survivor's rows complete.
    const declared = await mergeDeclared(tx, this.participation, event);
    await this.hooks.partiesMerging.promise(event, tx);
    const left = await countReferences(tx, references, mergedId);
    if (Object.keys(left).length > 0) {
      throw new RapportError(
        'CONFLICT',
        `Rows still point at the merged party ${mergedId}: ${Object.entries(left)
          .map(([name, n]) => `${name} (${n})`)
          .join(', ')}. The plugin owning them must move them to the survivor in a partiesMerging tap.`,
        { details: { mergedId, survivorId, references: left } },
      );
    }
    const plugins = Object.entries(before).filter(([name]) => !CORE_REFERENCES.has(name));
    await recordHistory(tx, [
      {
        partyId: survivorId,
        operation: 'merge',
        changes: {
          mergeId: event.mergeId,
          merged: { id: mergedId, displayName: merged.displayName },
          fields,
          reason: input.reason ?? null,
        },
      },
    ]);
    const merge = await insertMergeRecord(
      tx,
      { id: event.mergeId, survivorId, mergedId, snapshot, reason: input.reason ?? null },
      {
        originalSurvivorId: survivorId,
        survivorName: survivor.displayName,
        moved: { ...counts.moved, ...Object.fromEntries(plugins) },
        resolved: { ...counts.resolved, ...declared.resolved },
        fields,
        fieldsFrom: input.fieldsFrom ?? {},
      },
    );
    await tx.sql('delete from core_party where tenant_id = $1 and id = $2', [tx.tenantId, mergedId]);
    await this.hooks.partiesMerged.promise(event, tx);
    return { survivor: await requireParty(tx, survivorId), merge };
  }
}

/**
 * The transaction maps a foreign-key violation to a plain CONFLICT; for a merge it means a plugin left
 * rows pointing at the merged party, which deserves a message that says what to do.
 */
function translate(error: unknown, input: ParsedMergeInput): unknown {
  const pg = error instanceof ConflictError ? pgErrorOf(error.cause) : undefined;
  if (pg?.code !== '23503') return error;
  const { table, constraint } = pg;
  return new ConflictError(
    `Rows of ${table ?? 'a table'} still point at the merged party; nothing was merged. The plugin owning them must move them in a partiesMerging tap.`,
    { details: { survivorId: input.survivorId, mergedId: input.mergedId, table, constraint }, cause: pg },
  );
}
