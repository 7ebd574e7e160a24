import { DuplicateError, pgErrorOf, type TxContext } from '@rapport/core/plugin';
import { uuidv7 } from 'uuidv7';
import type { SavedClassification } from './classification.js';

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
