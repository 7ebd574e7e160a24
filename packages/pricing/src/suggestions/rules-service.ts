import {
  type CallContext,
  DATABASE,
  type Database,
  inject,
  injectable,
  requireManager,
  visibilityOf,
} from '@rapport/core/plugin';
import { PRICING_OPTIONS, type PricingOptions } from '../options.js';
import { COMPUTE_RULES_SQL } from './rules-sql.js';

/** A cross-sell association rule: customers who bought the antecedent also bought the consequent. */
export interface AssociationRule {
  antecedentId: string;
  consequentId: string;
  /** Orders with both, with the antecedent, with the consequent, and all orders. */
  pairOrders: number;
  antecedentOrders: number;
  consequentOrders: number;
  orders: number;
  /** Exact decimals (10 places): support, confidence and lift. */
  support: string;
  confidence: string;
  lift: string;
  computedAt: Date;
}

/** Cross-sell association rules computed from the purchase history (`pricing.compute-rules`). */
@injectable()
export class AssociationRuleService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(PRICING_OPTIONS) private readonly options: PricingOptions,
  ) {}

  /**
   * Recomputes the tenant's rules in SQL and replaces the old ones atomically (managers,
   * administrators and the scheduler). Thresholds come from the plugin's `rules` options. Runs as a
   * report (`limits.statementTimeoutMs.report`, default 60 s).
   */
  async recompute(ctx: CallContext): Promise<{ rules: number }> {
    const o = this.options.rules;
    return this.db.transaction(
      ctx,
      async (tx) => {
        await requireManager(tx);
        // One recomputation per tenant at a time; readers keep seeing the old rules until commit.
        await tx.sql(`select pg_advisory_xact_lock(hashtext('pricing.rules:' || $1))`, [tx.tenantId]);
        await tx.sql('delete from pricing_association_rule where tenant_id = $1', [tx.tenantId]);
        const since = o.lookbackDays === null ? null : new Date(Date.now() - o.lookbackDays * 86_400_000);
        const rows = await tx.sql(`${COMPUTE_RULES_SQL} returning 1`, [
          tx.tenantId,
          since,
          o.minSupport,
          o.minConfidence,
          o.minLift,
          o.maxPerProduct,
        ]);
        return { rules: rows.length };
        // A report: the longer statement timeout and the report's work_mem (hash aggregates of pairs).
      },
      { callClass: 'report' },
    );
  }

  /** The rules of one antecedent product (all when none), by lift. */
  async list(
    ctx: CallContext,
    options: { productId?: string; limit?: number } = {},
  ): Promise<AssociationRule[]> {
    return this.db.transaction(ctx, async (tx) => {
      await visibilityOf(tx);
      const rows = await tx.sql<AssociationRule>(
        `select antecedent_id as "antecedentId", consequent_id as "consequentId", pair_orders as "pairOrders",
           antecedent_orders as "antecedentOrders", consequent_orders as "consequentOrders", orders,
           trim_scale(support)::text as support, trim_scale(confidence)::text as confidence,
           trim_scale(lift)::text as lift, computed_at as "computedAt"
         from pricing_association_rule where tenant_id = $1 and ($2::uuid is null or antecedent_id = $2)
         order by antecedent_id, lift desc, confidence desc, consequent_id limit $3`,
        [tx.tenantId, options.productId ?? null, options.limit ?? 1000],
      );
      return rows.map((r) => ({ ...r, computedAt: new Date(r.computedAt) }));
    });
  }
}
