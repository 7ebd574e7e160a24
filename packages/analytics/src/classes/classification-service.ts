import {
  type CallContext,
  DATABASE,
  type Database,
  inject,
  injectable,
  NotFoundError,
  paramBinder,
  parse,
  requireAdmin,
  requireIds,
  type TxContext,
  visibilityOf,
  visibilitySql,
} from '@rapport/core/plugin';
import { moneyText } from '../shared/sql.js';
import { MembersPageSchema } from './abc-input.js';
import type { SavedClassification } from './classification.js';
import { CLASSIFICATION_COLUMNS } from './classification-store.js';

/** A member of a saved classification. */
export interface SavedMember {
  partyId: string;
  name: string;
  class: string;
  rank: number;
  /** The ranking value (net revenue or margin for ABC, monetary for RFM), exact decimal. */
  value: string | null;
  scores: Record<string, unknown>;
}

/**
 * Saved classifications (ABC, RFM): list, read, page through members (cut to the parties the actor
 * may see), remove. `crm.services.classifications`.
 */
@injectable()
export class ClassificationService {
  constructor(@inject(DATABASE) private readonly db: Database) {}

  /** The tenant's saved classifications, newest first (summaries, without members). */
  async list(ctx: CallContext): Promise<SavedClassification[]> {
    return this.db.transaction(
      ctx,
      async (tx) =>
        (await tx.db
          .selectFrom('AnalyticsClassification')
          .select(CLASSIFICATION_COLUMNS)
          .where('tenantId', '=', tx.tenantId)
          .orderBy('computedAt', 'desc')
          .orderBy('id', 'desc')
          .execute()) as SavedClassification[],
    );
  }

  /** One saved classification. */
  async get(ctx: CallContext, id: string): Promise<SavedClassification> {
    requireIds('classification', { id });
    return this.db.transaction(ctx, (tx) => this.load(tx, id));
  }

  /** A page of a saved classification's members (one class or all), by rank, visible parties only. */
  async members(
    ctx: CallContext,
    id: string,
    page: { class?: string; offset?: number; limit?: number } = {},
  ): Promise<{ total: number; items: SavedMember[] }> {
    requireIds('classification', { id });
    const p = parse(MembersPageSchema, page, 'members page');
    return this.db.transaction(ctx, async (tx) => {
      await this.load(tx, id);
      const params: unknown[] = [tx.tenantId, id, p.class ?? null, p.offset, p.limit];
      const visibility = await visibilityOf(tx);
      const visible = visibility.all ? 'true' : visibilitySql(visibility, 'px', paramBinder(params));
      const rows = await tx.sql<SavedMember & { total: number }>(
        `select m.party_id as "partyId", px.display_name as name, m.class, m.rank, ${moneyText('m.value')} as value, m.scores,
           count(*) over ()::int as total
         from analytics_class_member m join core_party px on px.tenant_id = m.tenant_id and px.id = m.party_id
         where m.tenant_id = $1 and m.classification_id = $2 and ($3::text is null or m.class = $3) and ${visible}
         order by m.rank offset $4 limit $5`,
        params,
      );
      return { total: rows[0]?.total ?? 0, items: rows.map(({ total: _, ...r }) => r) };
    });
  }

  /** Removes a saved classification and its members (its segments stay): administrators only. */
  async remove(ctx: CallContext, id: string): Promise<void> {
    requireIds('classification', { id });
    await this.db.transaction(ctx, async (tx) => {
      await requireAdmin(tx);
      await this.load(tx, id);
      await tx.sql('delete from analytics_classification where tenant_id = $1 and id = $2', [
        tx.tenantId,
        id,
      ]);
    });
  }

  private async load(tx: TxContext, id: string): Promise<SavedClassification> {
    const row = await tx.db
      .selectFrom('AnalyticsClassification')
      .select(CLASSIFICATION_COLUMNS)
      .where('tenantId', '=', tx.tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Classification', id);
    return row as SavedClassification;
  }
}
