import {
  type CallContext,
  DATABASE,
  type Database,
  inject,
  injectable,
  paramBinder,
  parse,
  requireAdmin,
  rowVisibilitySql,
  visibilityOf,
  z,
} from '@rapport/core/plugin';
import { SALE_LINE_PARTICIPATION } from '../participation.js';
import { BACKFILL_SQL } from './sale-line-sql.js';

/** A line of the purchase history (a projected line of a sale or refund entry). */
export interface SaleLine {
  entryId: string;
  lineNo: number;
  kind: 'sale' | 'refund';
  partyId: string | null;
  productId: string | null;
  sku: string | null;
  name: string;
  quantity: string;
  unitPrice: string | null;
  discount: string;
  netAmount: string;
  taxAmount: string;
  total: string;
  currency: string;
  occurredAt: Date;
  employeeId: string | null;
  ownerId: string | null;
}

/** Filters of `saleLines.list`. */
export const SaleLineQuerySchema = z.strictObject({
  partyId: z.uuid().optional(),
  productId: z.uuid().optional(),
  limit: z.int().min(1).max(10_000).default(500),
});
/** What `saleLines.list` is given. */
export type SaleLineQuery = z.input<typeof SaleLineQuerySchema>;

/**
 * The purchase history (`pricing_sale_line`): written by the plugin's tap on the journal in the same
 * transaction as each sale or refund; read here, and projected for entries recorded before the
 * plugin was installed by {@link SaleLineService.backfill} (or the `pricing.backfill-sale-lines` job).
 */
@injectable()
export class SaleLineService {
  constructor(@inject(DATABASE) private readonly db: Database) {}

  /** Sale lines the caller may see (of one party or product when asked), newest first. */
  async list(ctx: CallContext, query: SaleLineQuery = {}): Promise<SaleLine[]> {
    const q = parse(SaleLineQuerySchema, query, 'sale line query');
    return this.db.transaction(ctx, async (tx) => {
      const params: unknown[] = [tx.tenantId, q.partyId ?? null, q.productId ?? null, q.limit];
      const visible = rowVisibilitySql(
        await visibilityOf(tx),
        SALE_LINE_PARTICIPATION,
        's',
        paramBinder(params),
      );
      return tx
        .sql<SaleLine>(
          `select s.entry_id as "entryId", s.line_no as "lineNo", s.kind, s.party_id as "partyId",
           s.product_id as "productId", s.sku, s.name, trim_scale(s.quantity)::text as quantity,
           trim_scale(s.unit_price)::text as "unitPrice", trim_scale(s.discount)::text as discount,
           trim_scale(s.net_amount)::text as "netAmount", trim_scale(s.tax_amount)::text as "taxAmount",
           trim_scale(s.total)::text as total, s.currency, s.occurred_at as "occurredAt",
           s.employee_id as "employeeId", s.owner_id as "ownerId"
         from pricing_sale_line s where s.tenant_id = $1 and ($2::uuid is null or s.party_id = $2)
           and ($3::uuid is null or s.product_id = $3) and ${visible}
         order by s.occurred_at desc, s.entry_id, s.line_no limit $4`,
          params,
        )
        .then((rows) => rows.map((r) => ({ ...r, occurredAt: new Date(r.occurredAt) })));
    });
  }

  /**
   * Projects every current sale and refund of the tenant that has no lines yet (entries recorded
   * before the plugin was installed); idempotent. Administrators and system processes only.
   */
  async backfill(ctx: CallContext): Promise<{ lines: number }> {
    return this.db.transaction(
      ctx,
      async (tx) => {
        await requireAdmin(tx);
        const rows = await tx.sql(`${BACKFILL_SQL} returning 1`, [tx.tenantId]);
        return { lines: rows.length };
      },
      { callClass: 'report' },
    );
  }
}
