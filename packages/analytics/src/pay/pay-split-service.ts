import {
  type CallContext,
  DATABASE,
  type Database,
  InvalidDataError,
  inject,
  injectable,
  NotFoundError,
  parse,
  requireManager,
  z,
} from '@rapport/core/plugin';
import { Decimal } from 'decimal.js';

/** Input of `paySplits.set`: how a sale (or refund) is credited between agents, in percent summing to 100. */
export const PaySplitInputSchema = z.strictObject({
  entryId: z.uuid().transform((id) => id.toLowerCase()),
  shares: z
    .array(
      z.strictObject({
        employeeId: z.uuid().transform((id) => id.toLowerCase()),
        percent: z
          .union([z.string().trim(), z.number().transform(String)])
          .pipe(z.string().regex(/^\d{1,3}(\.\d{1,4})?$/, 'a percent with at most 4 decimals')),
      }),
    )
    .min(1)
    .max(10),
});
/** What `paySplits.set` accepts. */
export type PaySplitInput = z.input<typeof PaySplitInputSchema>;

/**
 * Splits of sales between agents (`crm.services.paySplits`): a sale is credited 100 % to its
 * employee unless a split says otherwise (e.g. 60/40). Managers and administrators set them.
 */
@injectable()
export class PaySplitService {
  constructor(@inject(DATABASE) private readonly db: Database) {}

  /**
   * Replaces the split of a sale or refund entry. The percents must add up to exactly 100 and name
   * each employee once; a split of an entry already paid in an approved run changes only what later
   * runs compute (clawbacks follow the ledger).
   *
   * @example
   * await crm.services.paySplits.set(ctx, { entryId: sale.id, shares: [{ employeeId: alice.id, percent: 60 }, { employeeId: bob.id, percent: 40 }] });
   */
  async set(ctx: CallContext, input: PaySplitInput): Promise<void> {
    const v = parse(PaySplitInputSchema, input, 'pay split');
    const sum = v.shares.reduce((acc, s) => acc.plus(s.percent), new Decimal(0));
    const issues = [];
    if (!sum.eq(100))
      issues.push({
        path: 'shares',
        message: `the percents add up to ${sum.toString()}, not 100`,
        code: 'custom',
      });
    const ids = v.shares.map((s) => s.employeeId);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i)
        issues.push({ path: `shares.${i}.employeeId`, message: 'an employee appears twice', code: 'custom' });
      if (Number(v.shares[i]!.percent) === 0)
        issues.push({ path: `shares.${i}.percent`, message: 'must be more than 0', code: 'custom' });
    });
    if (issues.length > 0) throw new InvalidDataError('pay split', issues);
    await this.db.transaction(ctx, async (tx) => {
      await requireManager(tx);
      const [entry] = await tx.sql<{ type: string }>(
        'select type from core_journal_entry where tenant_id = $1 and id = $2',
        [tx.tenantId, v.entryId],
      );
      if (!entry) throw new NotFoundError('JournalEntry', v.entryId);
      if (entry.type !== 'sale' && entry.type !== 'refund')
        throw new InvalidDataError('pay split', [
          { path: 'entryId', message: `a ${entry.type} entry is not credited to agents`, code: 'custom' },
        ]);
      const known = await tx.sql<{ id: string }>(
        'select id from core_employee where tenant_id = $1 and id = any($2::uuid[])',
        [tx.tenantId, ids],
      );
      const missing = ids.find((id) => !known.some((k) => k.id === id));
      if (missing) throw new NotFoundError('Employee', missing);
      await tx.sql('delete from analytics_pay_split where tenant_id = $1 and entry_id = $2', [
        tx.tenantId,
        v.entryId,
      ]);
      await tx.sql(
        `insert into analytics_pay_split (tenant_id, entry_id, employee_id, share, created_by)
         select $1, $2, s.employee_id, s.share, $5::jsonb from unnest($3::uuid[], $4::numeric[]) s(employee_id, share)`,
        [tx.tenantId, v.entryId, ids, v.shares.map((s) => s.percent), JSON.stringify(tx.actor)],
      );
    });
  }
}
