import { sql } from 'kysely';
import { inject, injectable } from 'tsyringe';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { ActivityTypeRegistry } from '../journal/activity-registry.js';
import { ACTIVITY_TYPES } from '../journal/tokens.js';
import type { CallContext, TxContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { pgErrorOf } from '../kernel/database-errors.js';
import { DuplicateError, InvalidDataError, NotFoundError } from '../kernel/errors.js';
import { DATABASE } from '../kernel/tokens.js';
import { parse, requireIds } from '../kernel/validation.js';
import { tenantTimeZone } from '../tenants/time-zone.js';
import { type CountByField, type CountByGroup, countByValueSql } from './count-by.js';
import type { CustomFieldService } from './custom-fields.js';
import type { Filter } from './filter.js';
import { compileValidFilter } from './filter-compiler.js';
import { checkFilterShape } from './filter-shape.js';
import { type FilterCatalog, validateFilter } from './filter-validator.js';
import { type PageOptions, PageOptionsSchema } from './page-cursor.js';
import {
  countParties,
  countPartiesBy,
  type PartyPage,
  type PartyPredicate,
  pageParties,
} from './party-query.js';
import type { RelationshipService } from './relationship-service.js';
import {
  referencedFields,
  SEGMENT_COLUMNS,
  type Segment,
  type SegmentInput,
  SegmentInputSchema,
  type SegmentPatch,
  SegmentPatchSchema,
} from './segment.js';
import { requireSegmentEditor } from './segment-access.js';
import { CUSTOM_FIELD_SERVICE, RELATIONSHIP_SERVICE } from './tokens.js';

/**
 * Segments: filters over parties (fields, roles, tags, custom fields, owner, source, dates,
 * relationships, journal activity), each compiled to one SQL statement, and saved under a name.
 */
@injectable()
export class SegmentService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(CUSTOM_FIELD_SERVICE) private readonly customFields: CustomFieldService,
    @inject(RELATIONSHIP_SERVICE) private readonly relationships: RelationshipService,
    @inject(ACTIVITY_TYPES) private readonly activityTypes: ActivityTypeRegistry,
  ) {}

  /**
   * A page of the parties matching a filter, in keyset order (`id`, i.e. creation, by default).
   *
   * @example
   * const { items, nextCursor } = await crm.services.segments.query(ctx,
   *   f.and(f.tag('vip'), f.custom('score').gte(80)), { limit: 50 });
   */
  async query(ctx: CallContext, filter: Filter, page: PageOptions = {}): Promise<PartyPage> {
    const options = parse(PageOptionsSchema, page, 'page');
    return this.db.transaction(ctx, async (tx) =>
      pageParties(tx, [await this.predicate(tx, filter)], options),
    );
  }

  /** How many parties match a filter. */
  async count(ctx: CallContext, filter: Filter): Promise<number> {
    return this.db.transaction(ctx, async (tx) => countParties(tx, [await this.predicate(tx, filter)]));
  }

  /**
   * How many of the parties matching a filter (that the actor may see) have each value of a field —
   * one `group by` statement, largest groups first, parties without a value in the `null` group.
   * Tags, roles, external-key sources and multi-choice custom fields count a party once per value;
   * address fields use its primary address; `department` is the owner's department.
   *
   * @example
   * const byCountry = await crm.services.segments.countBy(ctx, f.role('customer'), 'address.country');
   * // [{ value: 'US', count: 13 }, { value: 'DE', count: 11 }, …, { value: null, count: 2 }]
   */
  async countBy(ctx: CallContext, filter: Filter, field: CountByField): Promise<CountByGroup[]> {
    const name = parse(z.string().min(1).max(100), field, 'count by field');
    return this.db.transaction(ctx, async (tx) => {
      const catalog = name.startsWith('custom.')
        ? { customFields: await this.customFields.definitions(tx) }
        : { customFields: [] };
      const valueSql = countByValueSql(name, catalog);
      return countPartiesBy(tx, [await this.predicate(tx, filter)], valueSql);
    });
  }

  /** Checks a filter against the tenant's fields; returns it normalised, or throws InvalidDataError. */
  async validate(ctx: CallContext, filter: Filter): Promise<Filter> {
    return this.db.transaction(ctx, async (tx) => validateFilter(filter, await this.catalog(tx, filter)));
  }

  /**
   * The filter as a predicate over `core_party p`, for statements of one's own inside `tx` (a
   * campaign's audience, say).
   */
  async predicate(tx: TxContext, filter: Filter): Promise<PartyPredicate> {
    const catalog = await this.catalog(tx, filter);
    const valid = validateFilter(filter, catalog);
    const now = new Date();
    // Only date windows depend on the tenant's calendar day: most filters need no extra query.
    const timeZone = countsDays(valid) ? await tenantTimeZone(tx) : 'UTC';
    return (paramOffset) => compileValidFilter(valid, catalog, { paramOffset, now, timeZone });
  }

  /**
   * Saves a filter under a name unique in the tenant, owned by the acting employee (no owner when a
   * system process saves it: administrators only may then change it).
   */
  async save(ctx: CallContext, input: SegmentInput): Promise<Segment> {
    const { name, filter } = parse(SegmentInputSchema, input, 'segment');
    return this.db.transaction(ctx, async (tx) => {
      const valid = validateFilter(filter, await this.catalog(tx, filter));
      const ownerId = tx.actor.kind === 'employee' ? tx.actor.id : null;
      const segment = await tx.db
        .insertInto('Segment')
        .values({ tenantId: tx.tenantId, id: uuidv7(), name, filter: valid, ownerId })
        .onConflict((conflict) => conflict.columns(['tenantId', 'name']).doNothing())
        .returning(SEGMENT_COLUMNS)
        .executeTakeFirst();
      if (!segment) throw duplicateName(name);
      return segment;
    });
  }

  /**
   * Renames a segment or replaces its filter: its owner, the owner's managers (reports-to chain or
   * department subtree) and administrators only; anyone else is refused with `NOT_ALLOWED`.
   */
  async update(ctx: CallContext, id: string, patch: SegmentPatch): Promise<Segment> {
    requireIds('segment', { id });
    const { name, filter } = parse(SegmentPatchSchema, patch, 'segment changes');
    return this.db.transaction(ctx, async (tx) => {
      await requireSegmentEditor(tx, await this.load(tx, id, true));
      const valid = filter === undefined ? null : validateFilter(filter, await this.catalog(tx, filter));
      const segment = await tx.db
        .updateTable('Segment')
        .set({
          ...(name === undefined ? {} : { name }),
          ...(valid === null ? {} : { filter: valid }),
          updatedAt: sql<Date>`now()`,
        })
        .where('tenantId', '=', tx.tenantId)
        .where('id', '=', id)
        .returning(SEGMENT_COLUMNS)
        .executeTakeFirst()
        .catch((error: unknown) => {
          throw pgErrorOf(error)?.code === '23505' ? duplicateName(name!) : error;
        });
      if (!segment) throw new NotFoundError('Segment', id);
      return segment;
    });
  }

  /** One saved segment. */
  async get(ctx: CallContext, id: string): Promise<Segment> {
    requireIds('segment', { id });
    return this.db.transaction(ctx, (tx) => this.load(tx, id));
  }

  /** The tenant's saved segments, by name (anyone may use them; their members are cut to what one sees). */
  async list(ctx: CallContext): Promise<Segment[]> {
    return this.db.transaction(ctx, async (tx) => {
      return tx.db
        .selectFrom('Segment')
        .select(SEGMENT_COLUMNS)
        .where('tenantId', '=', tx.tenantId)
        .orderBy(['name', 'id'])
        .execute();
    });
  }

  /** Deletes a saved segment (the parties are untouched); who may is as for {@link update}. */
  async remove(ctx: CallContext, id: string): Promise<void> {
    requireIds('segment', { id });
    await this.db.transaction(ctx, async (tx) => {
      await requireSegmentEditor(tx, await this.load(tx, id, true));
      const rows = await tx.sql('delete from core_segment where tenant_id = $1 and id = $2 returning id', [
        tx.tenantId,
        id,
      ]);
      if (rows.length === 0) throw new NotFoundError('Segment', id);
    });
  }

  /** A page of a saved segment's members; its filter is checked again, as custom fields may have changed. */
  async members(ctx: CallContext, segmentId: string, page: PageOptions = {}): Promise<PartyPage> {
    requireIds('segment', { segmentId });
    const options = parse(PageOptionsSchema, page, 'page');
    return this.db.transaction(ctx, async (tx) =>
      pageParties(tx, [await this.segmentPredicate(tx, segmentId)], options),
    );
  }

  /** How many parties a saved segment has now. */
  async countMembers(ctx: CallContext, segmentId: string): Promise<number> {
    requireIds('segment', { segmentId });
    return this.db.transaction(ctx, async (tx) =>
      countParties(tx, [await this.segmentPredicate(tx, segmentId)]),
    );
  }

  private async segmentPredicate(tx: TxContext, segmentId: string): Promise<PartyPredicate> {
    const segment = await this.load(tx, segmentId);
    try {
      return await this.predicate(tx, segment.filter);
    } catch (error) {
      if (error instanceof InvalidDataError)
        throw new InvalidDataError(`filter of segment "${segment.name}"`, error.issues);
      throw error;
    }
  }

  private async load(tx: TxContext, id: string, lock = false): Promise<Segment> {
    const query = tx.db
      .selectFrom('Segment')
      .select(SEGMENT_COLUMNS)
      .where('tenantId', '=', tx.tenantId)
      .where('id', '=', id);
    const segment = await (lock ? query.forUpdate() : query).executeTakeFirst();
    if (!segment) throw new NotFoundError('Segment', id);
    return segment;
  }

  /** Loads only what the filter refers to: no query for custom fields when it names none. */
  private async catalog(tx: TxContext, filter: unknown): Promise<FilterCatalog> {
    checkFilterShape(filter, this.db.limits);
    const fields = referencedFields(filter);
    const custom = [...fields].some((f) => f.startsWith('custom.'));
    return {
      customFields: custom ? await this.customFields.definitions(tx) : [],
      relationshipTypes: fields.has('relationship')
        ? (await this.relationships.types(tx)).map((t) => t.key)
        : undefined,
      activityTypes: fields.has('activity') ? this.activityTypes.list().map((t) => t.key) : undefined,
    };
  }
}

function duplicateName(name: string): DuplicateError {
  return new DuplicateError(`A segment named "${name}" exists`, { fields: ['name'], details: { name } });
}

/** Whether a filter has a condition measured in calendar days from today (`withinNextDays`). */
function countsDays(filter: Filter): boolean {
  if ('and' in filter) return filter.and.some(countsDays);
  if ('or' in filter) return filter.or.some(countsDays);
  if ('not' in filter) return countsDays(filter.not);
  return filter.op === 'withinNextDays';
}
