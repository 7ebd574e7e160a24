import { inject, injectable } from 'tsyringe';
import { z } from 'zod';
import type { CallContext, TxContext } from '../kernel/context.js';
import type { Database } from '../kernel/database.js';
import { InvalidDataError } from '../kernel/errors.js';
import { DATABASE } from '../kernel/tokens.js';
import { parse, requireAtMost } from '../kernel/validation.js';
import { paramBinder, visibilityOf, visibilitySql } from '../organisation/access.js';
import { requireManager } from '../organisation/permissions.js';
import { DUPLICATE_PAIRS_SQL } from './duplicates-sql.js';
import { PARTY_OPTIONS, type PartyOptions } from './options.js';

/** Why two parties look like duplicates. */
export type DuplicateReason = 'same_name' | 'same_organization' | 'same_city';

/** One side of a {@link DuplicatePair}. */
export interface DuplicatePartySummary {
  id: string;
  kind: 'person' | 'organization';
  displayName: string;
  city: string | null;
  ownerId: string | null;
}

/** Two parties that may be the same: similar names in the same city or organisation, or the same name. */
export interface DuplicatePair {
  parties: [DuplicatePartySummary, DuplicatePartySummary];
  /** Trigram similarity of the names, 0–1. */
  similarity: number;
  /** The strongest reason: same name, then same organisation, then same city. */
  reason: DuplicateReason;
  reasons: DuplicateReason[];
}

/** A page of the duplicates report. */
export interface DuplicateReport {
  pairs: DuplicatePair[];
  /** Pass as `after` for the next page; null on the last page. */
  next: string | null;
}

const ReportOptionsSchema = z.object({
  /** Minimum trigram similarity, 0–1 (default: the `fuzzyThreshold` party option). */
  threshold: z.number().min(0.1).max(1).optional(),
  limit: z.int().min(1).max(1000).default(50),
  /** The `next` cursor of the previous page. */
  after: z.string().max(200).optional(),
});

/** Options of `duplicates.findDuplicates`. */
export type DuplicateReportOptions = z.input<typeof ReportOptionsSchema>;

const REASON_ORDER: DuplicateReason[] = ['same_name', 'same_organization', 'same_city'];

/** The duplicates report over the whole base, computed in SQL. */
@injectable()
export class DuplicateService {
  constructor(
    @inject(DATABASE) private readonly db: Database,
    @inject(PARTY_OPTIONS) private readonly options: PartyOptions,
  ) {}

  /**
   * Pairs of parties of the same kind that may be duplicates: names with a trigram similarity of at
   * least `threshold` in the same city or the same organisation (contact persons of, or working at,
   * one organisation), and parties with the same name. Best matches first, a page at a time; only
   * parties the actor may see.
   *
   * @example
   * let page = await crm.services.duplicates.findDuplicates(ctx, { threshold: 0.6, limit: 100 });
   * while (page.next) page = await crm.services.duplicates.findDuplicates(ctx, { after: page.next });
   */
  async findDuplicates(ctx: CallContext, options: DuplicateReportOptions = {}): Promise<DuplicateReport> {
    const parsed = parse(ReportOptionsSchema, options, 'duplicates report options');
    const limits = this.db.limits;
    const cursor = parsed.after === undefined ? undefined : decodeCursor(parsed.after);
    const threshold = cursor?.threshold ?? parsed.threshold ?? this.options.fuzzyThreshold;
    if (threshold < limits.duplicatesMinThreshold) {
      throw new InvalidDataError('duplicates report options', [
        {
          path: 'threshold',
          message: `must be at least ${limits.duplicatesMinThreshold} (limits.duplicatesMinThreshold): lower thresholds compare nearly every pair`,
          code: 'too_small',
        },
      ]);
    }
    requireAtMost(
      'duplicates report options',
      'limit',
      parsed.limit,
      limits.duplicatesMaxPage,
      'page with `after`',
    );
    return this.db.transaction(
      ctx,
      async (tx) => {
        // A heavy report over the whole base: managers and administrators only.
        await requireManager(tx);
        const rows = await this.pairs(tx, threshold, parsed.limit + 1, cursor);
        const page = rows.slice(0, parsed.limit);
        const last = page.at(-1);
        return {
          pairs: page.map(toPair),
          next:
            rows.length > parsed.limit && last
              ? encodeCursor({ threshold, score: last.score, a: last.a_id, b: last.b_id })
              : null,
        };
      },
      { callClass: 'report' },
    );
  }

  private async pairs(tx: TxContext, threshold: number, limit: number, cursor: Cursor | undefined) {
    // Sorting and hashing trigrams in memory is much faster than spilling to disk; bounded by the
    // limits (set for this transaction only), so no caller can raise it.
    await tx.sql(`select set_config('work_mem', $1, true)`, [`${this.db.limits.reportWorkMemMb}MB`]);
    const params: unknown[] = [
      tx.tenantId,
      String(threshold),
      limit,
      cursor?.score ?? null,
      cursor?.a ?? null,
      cursor?.b ?? null,
    ];
    const visible = visibilitySql(await visibilityOf(tx), 'p', paramBinder(params));
    return tx.sql<PairRow>(DUPLICATE_PAIRS_SQL.replace('/*visible*/true', visible), params);
  }
}

interface PairRow {
  a_id: string;
  b_id: string;
  score: string;
  reasons: DuplicateReason[];
  a: Omit<DuplicatePartySummary, 'id'>;
  b: Omit<DuplicatePartySummary, 'id'>;
}

function toPair(row: PairRow): DuplicatePair {
  const reasons = REASON_ORDER.filter((r) => row.reasons.includes(r));
  return {
    parties: [
      { id: row.a_id, ...row.a },
      { id: row.b_id, ...row.b },
    ],
    similarity: Number(row.score),
    reason: reasons[0]!,
    reasons,
  };
}

interface Cursor {
  threshold: number;
  /** The score as PostgreSQL printed it, so that it compares exactly. */
  score: string;
  a: string;
  b: string;
}

const CursorSchema = z.object({
  threshold: z.number().min(0.1).max(1),
  score: z.string().regex(/^[0-9.e-]+$/),
  a: z.uuid(),
  b: z.uuid(),
});

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(value: string): Cursor {
  try {
    return CursorSchema.parse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
  } catch {
    throw new InvalidDataError('duplicates report options', [
      { path: 'after', message: 'is not a cursor of this report', code: 'invalid_cursor' },
    ]);
  }
}
