import { DuplicateError, pgErrorOf, type SegmentService, type TxContext } from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import type { SavedClassification } from './classification.js';
import { saveMemberSegments } from './member-segments.js';

/** Columns of a {@link SavedClassification}, by property name (`tx.db`). */
export const CLASSIFICATION_COLUMNS = [
  'id',
  'name',
  'kind',
  'input',
  'summary',
  'segmentIds',
  'ownerId',
  'computedAt',
] as const;

/** Writes saved classifications inside a transaction. */
export class ClassificationStore {
  constructor(private readonly tx: TxContext) {}

  /** Creates the classification row (its summary filled in by {@link finish}); names are unique per tenant. */
  async create(name: string, kind: 'abc' | 'rfm', input: Record<string, unknown>): Promise<string> {
    const tx = this.tx;
    const id = uuidv7();
    const ownerId = tx.actor.kind === 'employee' ? tx.actor.id : null;
    await tx.db
      .insertInto('AnalyticsClassification')
      .values({ tenantId: tx.tenantId, id, name, kind, input, summary: {}, ownerId })
      .execute()
      .catch((error: unknown) => {
        if (pgErrorOf(error)?.code === '23505')
          throw new DuplicateError(`A classification named "${name}" exists already`, {
            fields: ['name'],
            details: { name },
          });
        throw error;
      });
    return id;
  }

  /**
   * Saves a classification: its row, its members (inserted by `compute`, given the new id), its
   * summary (the result without the members page) and, when asked, one core segment per group.
   */
  async save<R extends { members: unknown }>(
    segments: SegmentService,
    input: { name: string; kind: 'abc' | 'rfm'; query: unknown; segments: boolean },
    compute: (id: string) => Promise<R>,
    groups: (result: R) => string[],
  ): Promise<SavedClassification> {
    const id = await this.create(input.name, input.kind, input.query as Record<string, unknown>);
    const result = await compute(id);
    const { members: _, ...summary } = result;
    const segmentIds = input.segments
      ? await saveMemberSegments(this.tx, segments, id, input.name, groups(result))
      : {};
    return this.finish(id, summary as unknown as Record<string, unknown>, segmentIds);
  }

  /** Stores the summary and the segments made of it. */
  async finish(
    id: string,
    summary: Record<string, unknown>,
    segmentIds: Record<string, string>,
  ): Promise<SavedClassification> {
    const tx = this.tx;
    const row = await tx.db
      .updateTable('AnalyticsClassification')
      .set({ summary, segmentIds })
      .where('tenantId', '=', tx.tenantId)
      .where('id', '=', id)
      .returning(CLASSIFICATION_COLUMNS)
      .executeTakeFirstOrThrow();
    return row as SavedClassification;
  }
}
